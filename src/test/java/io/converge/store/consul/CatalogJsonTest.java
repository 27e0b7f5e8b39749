package io.converge.store.consul;

import io.converge.consul.ConsulFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.converge.store.consul.CatalogJson.CheckRow;
import io.converge.store.consul.CatalogJson.NodeEntry;
import io.converge.store.consul.CatalogJson.ServiceEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing of answers captured from a Consul 1.8.7 server and a client agent (src/test/resources/consul-1.8). */
class CatalogJsonTest {

    static String sample(String name) throws IOException {
        try (InputStream in = CatalogJsonTest.class.getResourceAsStream("/consul-1.8/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void checksOfTheWholeClusterWithNodeChecksHavingNoService() throws IOException {
        List<CheckRow> rows = CatalogJson.checks("p", sample("health-state-any.json"));
        assertThat(rows).containsExactly(
                new CheckRow("cli", "serfHealth", "passing", ""),
                new CheckRow("cli", "web-1-ttl", "passing", "web-1"),
                new CheckRow("srv", "serfHealth", "passing", ""));
    }

    @Test
    void nodeNames() throws IOException {
        assertThat(CatalogJson.nodeNames("p", sample("catalog-nodes.json"))).containsExactly("cli", "srv");
    }

    @Test
    void aNodeWithItsMetaTaggedAddressesAndServices() throws IOException {
        NodeEntry node = CatalogJson.node("p", sample("catalog-node-cli.json"));
        assertThat(node.node()).isEqualTo("cli");
        assertThat(node.address()).isEqualTo("127.0.0.1");
        assertThat(node.meta()).containsEntry("site", "b");
        assertThat(node.taggedAddresses()).containsEntry("wan", "127.0.0.2").containsEntry("lan", "127.0.0.1");
        assertThat(node.services()).containsExactly(
                new ServiceEntry("db-1", "db", "", 5432, List.of(), Map.of()),
                new ServiceEntry("web-1", "web", "10.0.0.5", 8080, List.of("export", "web"),
                        Map.of("web-host", "a.example")));
    }

    @Test
    void aNodeThatIsGoneIsNull() throws IOException {
        assertThat(CatalogJson.node("p", sample("catalog-node-missing.json"))).isNull();
    }

    @Test
    void nullMetaAndTaggedAddressesOfANodeNotYetSyncedAreEmpty() {
        NodeEntry node = CatalogJson.node("p", "{\"Node\":{\"Node\":\"n\",\"Address\":\"10.1.1.1\","
                + "\"TaggedAddresses\":null,\"Meta\":null},\"Services\":null}");
        assertThat(node).isEqualTo(new NodeEntry("n", "10.1.1.1", Map.of(), Map.of(), List.of()));
    }

    @Test
    void malformedAnswersNameThePathAndWhatWasWrong() {
        assertThatThrownBy(() -> CatalogJson.checks("/v1/health/state/any", "{\"a\":1}"))
                .isInstanceOf(ConsulFailure.class)
                .hasMessage("read /v1/health/state/any: expected a JSON array, found an object");
        assertThatThrownBy(() -> CatalogJson.checks("/x", "[{\"Node\":\"n\",\"CheckID\":7,\"Status\":\"passing\"}]"))
                .hasMessage("read /x: field CheckID is a integer, expected a string");
        assertThatThrownBy(() -> CatalogJson.nodeNames("/y", "[1,")).hasMessage("read /y: the answer is not JSON");
    }
}
