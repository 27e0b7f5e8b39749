package io.converge.dnat.nft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Lines as nft 1.0.6's {@code nft monitor} printed them for real runs (see NftFirewallIT for the live check). */
class MonitorLinesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "delete table ip converge # handle 6|true",
            "delete table ip6 converge # handle 8|true",
            "add rule ip converge prerouting tcp dport 9 accept # handle 17|true",
            "delete rule ip converge prerouting handle 8|true",
            "delete set ip converge __map0|true",
            "add chain ip6 converge pf-web.0 # handle 4|true",
            "add element ip converge __map0 { 0 : goto pf-web.0 }|true",
            "add table ip foreign # handle 14|false",
            "add rule ip foreign prerouting tcp dport 9 accept|false",
            "add table inet converge|false",
            "add table ip converged|false",
            "add rule ip nat converge tcp dport 1 accept|false",
            "W: Received event for an unknown table.|false",
            "# new generation 3 by process 6451 (nft)|false",
    })
    void touchesConvergeOnlyForItsOwnTables(String line, boolean touches) {
        assertThat(MonitorLines.touchesConverge(line)).isEqualTo(touches);
    }

    @Test
    void eachGenerationSaysWhoMadeItAndWhetherItTouchedConverge() {
        List<MonitorLines.Generation> seen = feed(
                "add table ip converge # handle 23",
                "delete table ip converge # handle 23",
                "add table ip converge # handle 24",
                "# new generation 44 by process 7755 (nft)",
                "add table ip foreign # handle 14",
                "# new generation 45 by process 7756 (iptables-nft)",
                "delete rule ip converge prerouting handle 8",
                "W: Received event for an unknown table.",
                "# new generation 46 by process 7757 (nft)",
                "# new generation 47");
        assertThat(seen).containsExactly(
                new MonitorLines.Generation(44, 7755, "nft", true),
                new MonitorLines.Generation(45, 7756, "iptables-nft", false),
                new MonitorLines.Generation(46, 7757, "nft", true),
                new MonitorLines.Generation(47, -1, "", false));
    }

    private static List<MonitorLines.Generation> feed(String... lines) {
        MonitorLines parser = new MonitorLines();
        List<MonitorLines.Generation> out = new ArrayList<>();
        for (String line : lines) {
            parser.accept(line).ifPresent(out::add);
        }
        return out;
    }
}
