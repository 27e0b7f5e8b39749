package io.converge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.it.ClusterPlacement.Holder;
import io.converge.services.BackupFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 11, item 2: backups with restore on move, on a real cluster made by {@code deploy/dev/cluster.sh} (3 Consul
 * servers, 2 client agents, one converge each, on loopback net 127.0.5). Each node has its own data root under the
 * cluster's state directory, so a relative volume source is a different directory on each node; the backup target
 * is one directory both nodes reach, as a shared file system would be.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupClusterIT {
    private static final Duration LOCK_DELAY = Duration.ofSeconds(8);
    private static final String NAME = "keep";

    private DevCluster cluster;
    private ClusterPlacement pl;
    private Path target;

    @BeforeAll
    void startCluster() throws Exception {
        String prefix = "it/bk-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        cluster = new DevCluster(System.getProperty("converge.it.backup-net", "127.0.5"), "bk", prefix, 2,
                "-Dconverge.placement.lock-delay=" + LOCK_DELAY.toSeconds() + "s"
                        + " -Dconverge.placement.fence-after=6s -Dconverge.placement.fence-kill-budget=2s"
                        + " -Dconverge.docker.stop-grace=2s");
        pl = new ClusterPlacement(cluster);
        target = Files.createTempDirectory("converge-bk-target-");
        cluster.up();
        pl.awaitNodeSessions();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.down();
        }
        if (target != null) {
            Docker.run("run", "--rm", "-v", target + ":/t", "--entrypoint", "/bin/sh", Docker.TEST_IMAGE, "-c",
                    "rm -rf /t/*");
            Files.walk(target).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private ObjectNode service() {
        ObjectNode doc = ClusterPlacement.service(NAME, "singleton", LOCK_DELAY);
        ObjectNode spec = ItBase.spec(doc);
        spec.putArray("volumes").addObject().put("source", "data").put("target", "/data");
        ObjectNode b = spec.putObject("backup").put("schedule", "*/2 * * * * ?").put("target", target.toString())
                .put("keep", 5).put("restoreOnMove", true);
        b.putArray("paths").add("data");
        b.putObject("pre").put("timeout", "10s").putArray("command").add("sh").add("-c")
                .add("date > /data/dump.txt");
        b.putObject("post").putArray("command").add("busybox").add("rm").add("/data/dump.txt");
        return doc;
    }

    private Path dataOf(String node) {
        return cluster.state().resolve("node-data").resolve(node).resolve("data");
    }

    private List<String> archivesNewerThan(Instant t) throws Exception {
        try (Stream<Path> files = Files.list(target.resolve(NAME))) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            return BackupFiles.newestFirst(NAME, names).stream()
                    .filter(n -> BackupFiles.timeOf(NAME, n).orElseThrow().isAfter(t)).toList();
        }
    }

    @Test
    void dataWrittenOnAIsBackedUpAndBStartsWithItWhenAIsGoneSkippingACorruptNewestBackup() throws Exception {
        pl.put(service());
        Holder a = pl.awaitSingleton(NAME, n -> true);
        String content = "written on " + a.node() + " " + UUID.randomUUID();
        Files.writeString(dataOf(a.node()).resolve("index.html"), content);
        Instant written = Instant.now();

        await("two backups after the write").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> archivesNewerThan(written.plusSeconds(1)).size() >= 2);
        JsonNode last = pl.status(NAME).orElseThrow().path("backup").path("lastSuccess");
        assertThat(last.path("node").asText()).isEqualTo(a.node());
        assertThat(last.path("sha256").asText()).hasSize(64);
        assertThat(last.path("sizeBytes").asLong()).isPositive();
        // the archive is renamed into place before the post hook runs, and the next backup's pre hook writes the dump
        // again two seconds later: the post hook's work shows as a moment without the dump
        Path dump = dataOf(a.node()).resolve("dump.txt");
        await("the post hook removes the dump").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> !Files.exists(dump));

        cluster.hostGone(cluster.index(a.node()));
        List<String> archives = archivesNewerThan(written.plusSeconds(1));
        String newest = archives.get(0);
        String before = archives.get(1);
        Path corrupt = target.resolve(NAME).resolve(newest);
        byte[] bytes = Files.readAllBytes(corrupt);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(corrupt, bytes);
        assertThat(tarList(target.resolve(NAME).resolve(before))).as("the pre hook ran before the archive")
                .contains("rel/data/dump.txt", "rel/data/index.html");

        Holder b = pl.awaitSingleton(NAME, n -> !n.equals(a.node()));
        assertThat(Files.readString(dataOf(b.node()).resolve("index.html"))).isEqualTo(content);
        JsonNode restore = pl.awaitStatus(NAME, s -> s.path("backup").path("restore").path("node").asText()
                .equals(b.node())).path("backup").path("restore");
        assertThat(restore.path("from").asText()).isEqualTo(a.node());
        assertThat(restore.path("restored").asText()).isEqualTo(before);
        assertThat(restore.path("skipped")).hasSize(1);
        assertThat(restore.path("skipped").get(0).path("file").asText()).isEqualTo(newest);
        assertThat(restore.path("skipped").get(0).path("reason").asText()).startsWith("checksum mismatch");
        assertThat(pl.status(NAME).orElseThrow().path("backup").path("ranOn").asText()).isEqualTo(b.node());
    }

    private static String tarList(Path archive) throws Exception {
        Process p = new ProcessBuilder("tar", "-tzf", archive.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("tar -tzf %s: %s", archive, out).isZero();
        return out;
    }
}
