package io.converge.dnat.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableShapeTest {

    @Test
    void countsTheRulesOfEachChainAndTakesTheDigestComment() throws IOException {
        String json = """
                {"nftables": [{"metainfo": {"version": "1.0.6", "json_schema_version": 1}},
                 {"table": {"family": "ip", "name": "converge", "handle": 33}},
                 {"chain": {"family": "ip", "table": "converge", "name": "prerouting", "handle": 1, "type": "nat",
                   "hook": "prerouting", "prio": -100, "policy": "accept"}},
                 {"chain": {"family": "ip", "table": "converge", "name": "postrouting", "handle": 2}},
                 {"chain": {"family": "ip", "table": "converge", "name": "pf-web", "handle": 3}},
                 {"chain": {"family": "ip", "table": "converge", "name": "converge.digest", "handle": 4}},
                 {"rule": {"family": "ip", "table": "converge", "chain": "prerouting", "handle": 5,
                   "comment": "portforwards/web", "expr": [{"jump": {"target": "pf-web"}}]}},
                 {"rule": {"family": "ip", "table": "converge", "chain": "pf-web", "handle": 6,
                   "expr": [{"goto": {"target": "pf-web.0"}}]}},
                 {"rule": {"family": "ip", "table": "converge", "chain": "converge.digest", "handle": 7,
                   "comment": "sha256:ab12", "expr": [{"return": null}]}}]}
                """;
        TableShape shape = TableShape.parse(json);
        assertThat(shape.rules()).isEqualTo(Map.of("prerouting", 1, "postrouting", 0, "pf-web", 1,
                "converge.digest", 1));
        assertThat(shape.digest()).isEqualTo("sha256:ab12");
    }

    @Test
    void aTableWithoutDigestHasAnEmptyOne() throws IOException {
        TableShape shape = TableShape.parse("{\"nftables\": [{\"table\": {\"family\": \"ip\", \"name\": \"converge\"}}]}");
        assertThat(shape.rules()).isEmpty();
        assertThat(shape.digest()).isEmpty();
    }

    @Test
    void somethingElseThanNftJsonIsAnError() {
        assertThatThrownBy(() -> TableShape.parse("{\"tables\": []}")).isInstanceOf(IOException.class)
                .hasMessageContaining("nftables");
    }
}
