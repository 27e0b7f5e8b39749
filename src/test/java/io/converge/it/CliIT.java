package io.converge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The command line (SPEC §8) as a user runs it: a separate JVM per command, against the real agent. */
class CliIT extends ItBase {

    private Path write(ObjectNode doc) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it-docs", node));
        Path file = dir.resolve(doc.path("metadata").path("name").asText() + ".json");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        return file;
    }

    @Test
    void applyCreatesConfiguresAndLeavesUnchanged() throws Exception {
        ObjectNode doc = service("cli");
        Path file = write(doc);
        ConvergeProcess.Run created = converge.cli("apply", "-f", file.toString());
        assertThat(created.exitCode()).isZero();
        assertThat(created.out()).contains("service/cli created");
        long generation = consul.kvModifyIndex(specKey("cli"));

        assertThat(converge.cli("apply", "-f", file.toString()).out()).contains("service/cli unchanged");
        assertThat(consul.kvModifyIndex(specKey("cli"))).isEqualTo(generation);

        spec(doc).putObject("env").put("X", "1");
        write(doc);
        ConvergeProcess.Run dry = converge.cli("apply", "-f", file.toString(), "--dry-run");
        assertThat(dry.out()).contains("service/cli configured (dry run)");
        assertThat(consul.kvModifyIndex(specKey("cli"))).isEqualTo(generation);
        assertThat(converge.cli("apply", "-f", file.toString()).out()).contains("service/cli configured");
        long configured = consul.kvModifyIndex(specKey("cli"));
        assertThat(configured).isGreaterThan(generation);
        awaitStatus("cli", s -> s.path("observedGeneration").asLong() == configured
                && "Running".equals(s.path("phase").asText()));

        ConvergeProcess.Run table = converge.cli("get", "services");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).startsWith("NAME").contains("PHASE").contains("OBSERVED");
        assertThat(table.out().lines().filter(l -> l.startsWith("cli ")).findFirst().orElseThrow())
                .contains(node).contains(Long.toString(configured));
        JsonNode json = JSON.readTree(converge.cli("get", "svc", "cli", "-o", "json").out());
        assertThat(json.get(0).path("status").path("observedGeneration").asLong()).isEqualTo(configured);
        assertThat(json.get(0).path("document").path("spec").path("env").path("X").asText()).isEqualTo("1");
        assertThat(converge.cli("describe", "service", "cli").out()).contains("Conditions:").contains("Healthy")
                .contains(node + ": active");

        ConvergeProcess.Run deleted = converge.cli("delete", "svc", "cli");
        assertThat(deleted.out()).contains("service/cli deleted");
        assertThat(consul.kvGet(specKey("cli"))).isEmpty();
        assertThat(converge.cli("delete", "svc", "cli").exitCode()).isEqualTo(1);
    }

    @Test
    void applyOfAnInvalidDocumentWritesNothingAndExitsTwo() throws Exception {
        ObjectNode doc = service("clibad");
        spec(doc).put("network", "overlay");
        ConvergeProcess.Run run = converge.cli("apply", "-f", write(doc).toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("/spec/network").contains("nothing applied");
        assertThat(consul.kvGet(specKey("clibad"))).isEmpty();
    }

    @Test
    void validateIsOfflineAndUsesTheSchemaFiles() throws Exception {
        ConvergeProcess.Run examples = converge.cli("validate", "-f", "crds-as-json/examples");
        assertThat(examples.exitCode()).as(examples.err()).isZero();
        assertThat(examples.out()).contains("service/hello").contains("dnsrecord/");

        ConvergeProcess.Run bad = converge.cli("validate", "-f", "src/test/resources/bad-input/unknown-field.json");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("/spec/imagePolicy");
        ConvergeProcess.Run notJson = converge.cli("validate", "-f", "src/test/resources/bad-input/not-json.txt");
        assertThat(notJson.exitCode()).isEqualTo(2);
        assertThat(notJson.err()).contains("not JSON");
    }

    @Test
    void usageErrorsExitTwoAndMissingResourcesExitOne() throws Exception {
        assertThat(converge.cli("get", "gadgets").exitCode()).isEqualTo(2);
        assertThat(converge.cli("get", "svc", "nosuch").exitCode()).isEqualTo(1);
        assertThat(converge.cli("describe", "dns", "nosuch").exitCode()).isEqualTo(1);
        assertThat(converge.cli("frobnicate").exitCode()).isEqualTo(2);
    }

    /**
     * bin/converge runs the client on the app's jar and the few libraries it lists, not on all of the operator's:
     * every client command, as a user runs it, finds all it needs there.
     */
    @Test
    void theLauncherRunsEveryClientCommandOnItsOwnClassPath() throws Exception {
        ConvergeProcess launcher = new ConvergeProcess(node + "-launcher", ConvergeProcess.props(consul, prefix))
                .viaLauncher(Path.of("bin", "converge"));
        ObjectNode doc = service("launched");
        Path file = write(doc);
        assertThat(launcher.cli("validate", "-f", file.toString()).exitCode()).isZero();
        ConvergeProcess.Run applied = launcher.cli("apply", "-f", file.toString());
        assertThat(applied.out()).as(applied.err()).contains("service/launched created");
        awaitStatus("launched", s -> "Running".equals(s.path("phase").asText()));
        assertThat(launcher.cli("get", "svc").out()).contains("launched ");
        assertThat(launcher.cli("get", "svc", "launched", "-o", "yaml").out()).contains("name: launched");
        assertThat(launcher.cli("get", "svc", "launched", "-o", "json").out()).contains("\"observedGeneration\"");
        assertThat(launcher.cli("describe", "svc", "launched").out()).contains("Conditions:").contains(node + ": active");
        assertThat(launcher.cli("locks").out()).contains("services/launched").contains(node);
        Path alone = Files.createDirectories(Path.of("target", "it-docs", node + "-sync"));
        Files.copy(file, alone.resolve("launched.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ConvergeProcess.Run synced = launcher.cli("sync", alone.toString(), "--dry-run");
        assertThat(synced.exitCode()).as(synced.err()).isZero();
        assertThat(synced.out()).contains("service/launched");
        assertThat(launcher.cli("completion").out()).contains("converge");
        assertThat(launcher.cli("get", "gadgets").exitCode()).isEqualTo(2);
        ConvergeProcess.Run fenced = launcher.cli("fence", "--node", "no-such-node-" + node);
        assertThat(fenced.out()).as(fenced.err()).contains("0 instances killed");
        ConvergeProcess.Run deleted = launcher.cli("delete", "svc", "launched");
        assertThat(deleted.out()).as(deleted.err()).contains("service/launched deleted");
    }

    @Test
    void commandsOtherThanRunOpenNoListeningPort() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            java.util.Map<String, String> props = new java.util.LinkedHashMap<>(ConvergeProcess.props(consul, prefix));
            props.put("quarkus.http.port", Integer.toString(taken.getLocalPort()));
            ConvergeProcess cli = new ConvergeProcess(node + "-port", props);
            ConvergeProcess.Run run = cli.cli("get", "services");
            assertThat(run.exitCode()).as("a CLI that tried to listen on a taken port would fail: " + run.err())
                    .isZero();
        }
    }

    @Test
    void locksAndDescribeShowWhoHoldsALockWithWhichSession() throws Exception {
        putAndAwaitRunning(service("held"));
        String session = consul.nodeSessions(node).get(0).path("ID").asText();
        String sessionName = "converge:" + prefix + ":" + node;

        ConvergeProcess.Run locks = converge.cli("locks");
        assertThat(locks.exitCode()).as(locks.err()).isZero();
        assertThat(locks.out()).startsWith("LOCK").contains("SESSION");
        assertThat(locks.out().lines().filter(l -> l.startsWith("services/held ")).findFirst().orElseThrow())
                .contains(node).contains(session).contains(sessionName).contains("15s").contains("serfHealth");
        assertThat(locks.out().lines().filter(l -> l.startsWith("leader ")).findFirst().orElseThrow())
                .contains(node).contains(session);
        assertThat(converge.cli("describe", "svc", "held").out())
                .contains("held by " + node + " (session " + session + ", " + sessionName + ")");

        consul.kvDelete(specKey("held"));
        await().atMost(EVENTUALLY).until(() -> consul.kvEntry(prefix + "/locks/services/held").isEmpty());
    }
}
