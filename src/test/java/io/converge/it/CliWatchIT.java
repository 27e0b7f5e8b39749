package io.converge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** {@code converge get -w}, {@code -o yaml} and {@code converge completion} (SPEC §8), each a separate JVM. */
class CliWatchIT extends ItBase {

    /** The lines a running command prints, as they come. */
    private static BlockingQueue<String> lines(Process p) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                r.lines().forEach(lines::add);
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    /** The first line matching, waiting at most {@code millis} for it. */
    private static String awaitLine(BlockingQueue<String> lines, Predicate<String> matching, long millis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left = millis; left > 0; left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
            String line = lines.poll(left, TimeUnit.MILLISECONDS);
            if (line != null && matching.test(line)) {
                return line;
            }
        }
        return null;
    }

    private static void interrupt(Process p) throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
    }

    @Test
    void watchPrintsTheListThenALinePerChangeWithinASecondAndCtrlCExitsZero() throws Exception {
        putAndAwaitRunning(service("watched"));
        Process watch = converge.startCli("get", "svc", "-w");
        try {
            BlockingQueue<String> lines = lines(watch);
            assertThat(awaitLine(lines, l -> l.startsWith("NAME "), 60_000)).as("the header").isNotNull();
            assertThat(awaitLine(lines, l -> l.startsWith("watched "), 5_000)).contains("Running").contains(node);

            ObjectMapper json = JSON;
            var doc = service("newcomer");
            long put = System.nanoTime();
            consul.kvPut(specKey("newcomer"), json.writeValueAsString(doc));
            String line = awaitLine(lines, l -> l.startsWith("newcomer "), 1_000);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - put);
            assertThat(line).as("a line for the new spec within a second").isNotNull();
            assertThat(tookMs).isLessThan(1_000);
            assertThat(awaitLine(lines, l -> l.startsWith("newcomer ") && l.contains("Running"), 30_000))
                    .as("the operator's status change is a line of its own").isNotNull();

            interrupt(watch);
            assertThat(watch.waitFor(10, TimeUnit.SECONDS)).as("Ctrl-C ends the watch").isTrue();
            assertThat(watch.exitValue()).isZero();
        } finally {
            watch.destroyForcibly();
            consul.kvDelete(specKey("newcomer"));
            consul.kvDelete(specKey("watched"));
        }
    }

    @Test
    void watchingOneNameShowsOnlyThatResourceAndItsDeletion() throws Exception {
        consul.kvPut(prefix + "/specs/dnsrecords/other", "{}");
        consul.kvPut(prefix + "/specs/dnsrecords/mine", "{}");
        Process watch = converge.startCli("get", "dns", "mine", "-w");
        try {
            BlockingQueue<String> lines = lines(watch);
            assertThat(awaitLine(lines, l -> l.startsWith("NAME "), 60_000)).isNotNull();
            assertThat(awaitLine(lines, l -> l.startsWith("mine "), 5_000)).isNotNull();
            consul.kvPut(prefix + "/specs/dnsrecords/other", "{\"x\":1}");
            consul.kvDelete(prefix + "/specs/dnsrecords/mine");
            consul.kvDelete(prefix + "/status/dnsrecords/mine");
            java.util.List<String> seen = new java.util.ArrayList<>();
            String deleted = awaitLine(lines, l -> seen.add(l) && l.contains("Deleted"), 30_000);
            assertThat(deleted).as("seen: " + seen).startsWith("mine ");
            assertThat(seen).allMatch(l -> l.startsWith("mine "), "a line of mine only");
            interrupt(watch);
            assertThat(watch.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(watch.exitValue()).isZero();
        } finally {
            watch.destroyForcibly();
            consul.kvDelete(prefix + "/specs/dnsrecords/other");
        }
    }

    @Test
    void yamlOutputHoldsWhatJsonOutputHolds() throws Exception {
        putAndAwaitRunning(service("yamled"));
        try {
            ConvergeProcess.Run yaml = converge.cli("get", "svc", "yamled", "-o", "yaml");
            assertThat(yaml.exitCode()).as(yaml.err()).isZero();
            assertThat(yaml.out()).startsWith("- name: yamled").contains("phase: Running");
            JsonNode fromYaml = new YAMLMapper().readTree(yaml.out());
            JsonNode fromJson = JSON.readTree(converge.cli("get", "svc", "yamled", "-o", "json").out());
            assertThat(fromYaml.get(0).path("document")).isEqualTo(fromJson.get(0).path("document"));
            assertThat(fromYaml.get(0).path("status").path("phase")).isEqualTo(fromJson.get(0).path("status")
                    .path("phase"));
            assertThat(fromYaml.get(0).path("status").path("observedGeneration").asLong())
                    .isEqualTo(fromJson.get(0).path("status").path("observedGeneration").asLong());
        } finally {
            consul.kvDelete(specKey("yamled"));
        }
    }

    @Test
    void completionPrintsABashScriptForEveryCommandAndOption() throws Exception {
        ConvergeProcess.Run completion = converge.cli("completion");
        assertThat(completion.exitCode()).as(completion.err()).isZero();
        assertThat(completion.out()).contains("complete -F").contains("converge")
                .contains("get").contains("describe").contains("apply").contains("locks").contains("--watch")
                .contains("--output");
        java.nio.file.Path script = java.nio.file.Files.createTempFile("converge-completion", ".bash");
        java.nio.file.Files.writeString(script, completion.out());
        Process bash = new ProcessBuilder("bash", "-c", "source " + script + " && complete -p converge")
                .redirectErrorStream(true).start();
        String said = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor()).as(said).isZero();
        assertThat(said).contains("converge");
    }
}
