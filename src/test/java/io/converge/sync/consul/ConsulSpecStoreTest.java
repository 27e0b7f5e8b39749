package io.converge.sync.consul;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.converge.sync.SpecStore;
import io.converge.sync.SyncAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transaction request and the reading of a rolled-back transaction's answer (SyncIT runs them for real). */
class ConsulSpecStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyOperationIsCheckAndSetWithTheIndexRead() throws Exception {
        byte[] doc = "{\"kind\":\"Service\"}".getBytes(StandardCharsets.UTF_8);
        JsonNode ops = JSON.readTree(ConsulSpecStore.body(List.of(
                new SyncAction("service/a", "c/specs/services/a", SyncAction.Verb.CREATED, doc, 0),
                new SyncAction("service/b", "c/specs/services/b", SyncAction.Verb.CONFIGURED, doc, 42),
                new SyncAction("service/z", "c/specs/services/z", SyncAction.Verb.PRUNED, null, 7))));
        assertThat(ops).hasSize(3);
        assertThat(ops.get(0).path("KV").path("Verb").asText()).isEqualTo("cas");
        assertThat(ops.get(0).path("KV").path("Index").asLong()).isZero();
        assertThat(Base64.getDecoder().decode(ops.get(0).path("KV").path("Value").asText())).isEqualTo(doc);
        assertThat(ops.get(1).path("KV").path("Verb").asText()).isEqualTo("cas");
        assertThat(ops.get(1).path("KV").path("Index").asLong()).isEqualTo(42);
        assertThat(ops.get(2).path("KV").path("Verb").asText()).isEqualTo("delete-cas");
        assertThat(ops.get(2).path("KV").path("Key").asText()).isEqualTo("c/specs/services/z");
        assertThat(ops.get(2).path("KV").path("Index").asLong()).isEqualTo(7);
        assertThat(ops.get(2).path("KV").has("Value")).isFalse();
    }

    @Test
    void staleIndexesAreConflictsAndOtherErrorsAreFailures() {
        // as Consul 1.8.7 answers (HTTP 409) when operations 0 and 2 fail check-and-set and 3 is refused
        String answer = "{\"Results\":null,\"Errors\":[{\"OpIndex\":0,\"What\":\"failed to set key \\\"k/a\\\", "
                + "index is stale\"},{\"OpIndex\":2,\"What\":\"failed to delete key \\\"k/a\\\", index is stale\"},"
                + "{\"OpIndex\":3,\"What\":\"Permission denied\"}]}";
        assertThat(ConsulSpecStore.rejections(answer)).containsExactly(
                new SpecStore.Rejection(0, true, "failed to set key \"k/a\", index is stale"),
                new SpecStore.Rejection(2, true, "failed to delete key \"k/a\", index is stale"),
                new SpecStore.Rejection(3, false, "Permission denied"));
    }
}
