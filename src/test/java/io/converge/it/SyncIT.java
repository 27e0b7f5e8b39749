package io.converge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code converge sync} (SPEC §8) as a user runs it, against a real Consul agent. No operator runs: only the
 * documents in KV are looked at. Each test has a KV prefix and a directory of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyncIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MANAGED = "converge.io/managed-by";

    private ConsulAgent consul;
    private String id;
    private String prefix;
    private Path dir;
    private ConvergeProcess cli;

    @BeforeAll
    void startConsul() throws Exception {
        id = "sync-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        consul = new ConsulAgent("it-" + id);
        consul.start();
    }

    @AfterAll
    void stopConsul() throws Exception {
        if (consul != null) {
            consul.close();
        }
    }

    @BeforeEach
    void ownPrefixAndDirectory(TestInfo test) throws Exception {
        consul.ensureRunning();
        String name = test.getTestMethod().orElseThrow().getName();
        prefix = "it/" + id + "/" + name;
        dir = Files.createDirectories(Path.of("target", "it-docs", id, name));
        cli = new ConvergeProcess(id + "-" + name, ConvergeProcess.props(consul, prefix));
    }

    private static ObjectNode service(String name, String image) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("apiVersion", "converge/v1").put("kind", "Service");
        doc.putObject("metadata").put("name", name);
        doc.putObject("spec").put("image", image);
        return doc;
    }

    private void write(ObjectNode doc) throws Exception {
        Path file = dir.resolve(doc.path("metadata").path("name").asText() + ".json");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    }

    private String key(String name) {
        return prefix + "/specs/services/" + name;
    }

    private ConvergeProcess.Run sync(String... options) throws Exception {
        String[] args = new String[options.length + 2];
        args[0] = "sync";
        args[1] = dir.toString();
        System.arraycopy(options, 0, args, 2, options.length);
        return cli.cli(args);
    }

    @Test
    void createsConfiguresLeavesUnchangedAndPrunesOnlyWhatItCreated() throws Exception {
        write(service("a", "x:1"));
        write(service("b", "x:1"));
        write(service("c", "x:1"));
        ConvergeProcess.Run first = sync();
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out().lines()).containsExactly("service/a created", "service/b created", "service/c created");
        JsonNode stored = consul.kvJson(key("a")).orElseThrow();
        assertThat(stored.path("metadata").path("annotations").path(MANAGED).asText()).isEqualTo("sync");
        assertThat(stored.path("spec").path("image").asText()).isEqualTo("x:1");
        long generation = consul.kvModifyIndex(key("a"));

        assertThat(sync().out().lines()).containsExactly("service/a unchanged", "service/b unchanged",
                "service/c unchanged");
        assertThat(consul.kvModifyIndex(key("a"))).as("an unchanged document is not rewritten").isEqualTo(generation);

        write(service("b", "x:2"));
        Files.delete(dir.resolve("c.json"));
        consul.kvPut(key("byhand"), JSON.writeValueAsString(service("byhand", "x:1")));
        ConvergeProcess.Run dry = sync("--prune", "--dry-run");
        assertThat(dry.out().lines()).containsExactly("service/a unchanged", "service/b configured (dry run)",
                "service/c pruned (dry run)");
        assertThat(consul.kvJson(key("b")).orElseThrow().path("spec").path("image").asText()).isEqualTo("x:1");
        assertThat(consul.kvGet(key("c"))).isPresent();

        ConvergeProcess.Run pruned = sync("--prune");
        assertThat(pruned.exitCode()).as(pruned.err()).isZero();
        assertThat(pruned.out().lines()).containsExactly("service/a unchanged", "service/b configured",
                "service/c pruned");
        assertThat(consul.kvJson(key("b")).orElseThrow().path("spec").path("image").asText()).isEqualTo("x:2");
        assertThat(consul.kvGet(key("c"))).isEmpty();
        assertThat(consul.kvGet(key("byhand"))).as("a document written by hand is never pruned").isPresent();
    }

    @Test
    void anInvalidDocumentWritesNothingAndExitsTwo() throws Exception {
        write(service("good", "x:1"));
        ObjectNode bad = service("bad", "x:1");
        ((ObjectNode) bad.get("spec")).put("network", "overlay");
        write(bad);
        ConvergeProcess.Run run = sync("--prune");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(dir.resolve("bad.json").toString()).contains("/spec/network")
                .contains("nothing synced");
        assertThat(run.out()).isEmpty();
        assertThat(consul.kvGet(key("good"))).isEmpty();
        assertThat(consul.kvGet(key("bad"))).isEmpty();

        assertThat(cli.cli("sync", dir.resolve("good.json").toString()).exitCode())
                .as("a file is not a directory: usage error").isEqualTo(2);
    }

    @Test
    void syncs150DocumentsInTransactionsOfAtMost64() throws Exception {
        for (int i = 0; i < 150; i++) {
            write(service(String.format("s%03d", i), "x:1"));
        }
        long start = System.nanoTime();
        ConvergeProcess.Run run = sync();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().filter(l -> l.endsWith(" created"))).hasSize(150);

        Set<Long> indexes = new HashSet<>();
        JsonNode entries = JSON.readTree(consul.get("/v1/kv/" + prefix + "/specs/services/?recurse=true").body());
        entries.forEach(e -> indexes.add(e.path("ModifyIndex").asLong()));
        assertThat(entries).hasSize(150);
        assertThat(indexes).as("one ModifyIndex per transaction: 64 + 64 + 22").hasSize(3);

        long again = System.nanoTime();
        ConvergeProcess.Run unchanged = sync("--prune");
        long unchangedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - again);
        assertThat(unchanged.out().lines().filter(l -> l.endsWith(" unchanged"))).hasSize(150);
        System.out.printf("SyncIT: 150 documents created in %d ms, found unchanged in %d ms (whole CLI runs)%n",
                ms, unchangedMs);
    }

    @Test
    void aConcurrentConsulKvPutBetweenPlanAndWriteWinsAndIsReported() throws Exception {
        for (String n : new String[] {"p", "q", "r"}) {
            write(service(n, "x:1"));
        }
        assertThat(sync().exitCode()).isZero();
        for (String n : new String[] {"p", "q", "r"}) {
            write(service(n, "x:2"));
        }
        Path barrier = Files.createTempDirectory("converge-sync-it").resolve("pause");
        Map<String, String> props = new java.util.LinkedHashMap<>(ConvergeProcess.props(consul, prefix));
        props.put("it.converge.sync-pause-before-write", barrier.toString());
        ConvergeProcess paused = new ConvergeProcess(id + "-paused", props);
        CompletableFuture<ConvergeProcess.Run> running = CompletableFuture.supplyAsync(() -> {
            try {
                return paused.cli("sync", dir.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(Path.of(barrier + ".planned")) || running.isDone());
        assertThat(running.isDone()).as("sync ended before pausing: %s", running.getNow(null)).isFalse();
        String handWritten = JSON.writeValueAsString(service("q", "hand:9"));
        Process put = new ProcessBuilder("consul", "kv", "put", "-http-addr=" + consul.address(), key("q"),
                handWritten).redirectErrorStream(true).start();
        assertThat(put.waitFor(30, TimeUnit.SECONDS) && put.exitValue() == 0).as("consul kv put").isTrue();
        Files.writeString(Path.of(barrier + ".go"), "");

        ConvergeProcess.Run run = running.get(60, TimeUnit.SECONDS);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("service/q conflict: changed since read, not overwritten");
        assertThat(run.out().lines()).containsExactly("service/p configured", "service/r configured");
        assertThat(consul.kvGet(key("q")).orElseThrow()).as("the concurrent write wins").isEqualTo(handWritten);
        assertThat(consul.kvJson(key("p")).orElseThrow().path("spec").path("image").asText()).isEqualTo("x:2");
        assertThat(consul.kvJson(key("r")).orElseThrow().path("spec").path("image").asText()).isEqualTo("x:2");

        ConvergeProcess.Run rerun = sync();
        assertThat(rerun.exitCode()).as("running sync again converges").isZero();
        assertThat(rerun.out().lines()).containsExactly("service/p unchanged", "service/q configured",
                "service/r unchanged");
    }
}
