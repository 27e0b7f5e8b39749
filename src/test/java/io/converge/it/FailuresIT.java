package io.converge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Failures show as Failed with the reason, are retried with backoff, and recover when the cause goes away. */
class FailuresIT extends ItBase {

    @Test
    void aMissingImageWithImagePullNeverIsFailedAndKeepsTheRunningInstance() throws Exception {
        ObjectNode doc = service("noimage");
        String id = putAndAwaitRunning(doc);
        spec(doc).put("image", "converge-test/absent:1").put("imagePull", "Never");
        put(doc);
        JsonNode status = awaitStatus("noimage", s -> "Failed".equals(s.path("phase").asText()));
        assertThat(status.path("message").asText()).contains("converge-test/absent:1").contains("Never");
        assertThat(Docker.id(container("noimage"))).as("the old instance is not given up for one that cannot run")
                .contains(id);

        spec(doc).put("image", Docker.TEST_IMAGE).put("imagePull", "IfNotPresent");
        put(doc);
        awaitStatus("noimage", s -> "Running".equals(s.path("phase").asText()));
    }

    @Test
    void anImageThatCannotBePulledIsFailedWithThePullError() throws Exception {
        ObjectNode doc = service("nopull");
        spec(doc).put("image", "converge-test/absent:2").put("imagePull", "IfNotPresent");
        put(doc);
        JsonNode status = awaitStatus("nopull", s -> "Failed".equals(s.path("phase").asText()));
        assertThat(status.path("message").asText()).contains("ImagePullFailed").contains("converge-test/absent");
        assertThat(Docker.id(container("nopull"))).isEmpty();
    }

    @Test
    void aContainerThatKeepsExitingIsFailedAndRetriedWithBackoff() throws Exception {
        ObjectNode doc = service("crash");
        spec(doc).remove("check");
        spec(doc).putArray("command").add("/bin/sh").add("-c").add("exit 3");
        put(doc);
        JsonNode status = awaitStatus("crash", s -> "Failed".equals(s.path("phase").asText()));
        assertThat(status.path("message").asText()).contains("exited");
        await().atMost(EVENTUALLY).until(() -> converge.log().contains("services/crash: not converged")
                && converge.log().contains("retry in PT4S"));

        spec(doc).remove("command");
        put(doc);
        awaitStatus("crash", s -> "Running".equals(s.path("phase").asText()));
        assertThat(Docker.running(container("crash"))).isTrue();
    }
}
