package io.converge.services.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.converge.services.BackupRestore;
import io.converge.services.BackupRestore.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups on a real directory: written atomically with checksums, rotated, verified and restored. */
class FileBackupsTest {
    private static final Instant T = Instant.parse("2026-11-29T03:00:00Z");
    private final FileBackups backups = new FileBackups();

    @TempDir
    Path tmp;

    private Path nodeA() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("a/data/web/sub"));
        Files.writeString(data.resolve("index.html"), "v1");
        Files.setPosixFilePermissions(data.resolve("index.html"), PosixFilePermissions.fromString("rw-r-----"));
        Files.createSymbolicLink(data.getParent().resolve("link"), Path.of("sub/index.html"));
        Files.writeString(tmp.resolve("a/conf.txt"), "single file");
        return tmp.resolve("a");
    }

    private List<Source> sources(Path root) {
        return List.of(new Source("web", root.resolve("data/web")), new Source("/etc/conf.txt",
                root.resolve("conf.txt")));
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("target/web-svc"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aBackupIsRestoredOnAnotherNodeWithContentModesAndLinks() throws Exception {
        Path a = nodeA();
        BackupRestore.Taken taken = backups.take("web-svc", "node-a", sources(a), tmp.resolve("target"), 3, T);
        assertThat(files()).containsExactly(taken.file(), taken.file() + ".sha256");
        assertThat(Files.size(tmp.resolve("target/web-svc").resolve(taken.file()))).isEqualTo(taken.sizeBytes());

        Path b = Files.createDirectories(tmp.resolve("b/data/web"));
        Files.writeString(b.resolve("stale.html"), "old");
        BackupRestore.Outcome o = backups.restoreNewest("web-svc", sources(tmp.resolve("b")), tmp.resolve("target"));
        assertThat(o.restored()).isEqualTo(taken.file());
        assertThat(o.skipped()).isEmpty();
        assertThat(Files.readString(b.resolve("sub/index.html"))).isEqualTo("v1");
        assertThat(Files.exists(b.resolve("stale.html"))).as("a source is replaced whole").isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(b.resolve("sub/index.html"))))
                .isEqualTo("rw-r-----");
        assertThat(Files.readSymbolicLink(b.resolve("link"))).isEqualTo(Path.of("sub/index.html"));
        assertThat(Files.readString(tmp.resolve("b/conf.txt"))).isEqualTo("single file");
        try (Stream<Path> s = Files.list(tmp.resolve("b/data"))) {
            assertThat(s.map(p -> p.getFileName().toString())).as("no staging left").containsExactly("web");
        }
    }

    @Test
    void rotationKeepsTheNewest() throws Exception {
        Path a = nodeA();
        for (int i = 0; i < 5; i++) {
            backups.take("web-svc", "node-a", sources(a), tmp.resolve("target"), 3, T.plus(Duration.ofMinutes(i)));
        }
        assertThat(files()).hasSize(6).allMatch(f -> f.contains("T0302") || f.contains("T0303")
                || f.contains("T0304"));
    }

    @Test
    void aCorruptNewestIsSkippedForTheOneBeforeAndSaidSo() throws Exception {
        Path a = nodeA();
        String older = backups.take("web-svc", "node-a", sources(a), tmp.resolve("target"), 3, T).file();
        Files.writeString(a.resolve("data/web/sub/index.html"), "v2");
        String newest = backups.take("web-svc", "node-a", sources(a), tmp.resolve("target"), 3,
                T.plusSeconds(60)).file();
        Path newestFile = tmp.resolve("target/web-svc").resolve(newest);
        byte[] bytes = Files.readAllBytes(newestFile);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(newestFile, bytes);

        BackupRestore.Outcome o = backups.restoreNewest("web-svc", sources(tmp.resolve("b")), tmp.resolve("target"));
        assertThat(o.restored()).isEqualTo(older);
        assertThat(o.skipped()).singleElement().satisfies(s -> {
            assertThat(s.file()).isEqualTo(newest);
            assertThat(s.reason()).startsWith("checksum mismatch");
        });
        assertThat(o.message()).contains("skipped 1 newer");
        assertThat(Files.readString(tmp.resolve("b/data/web/sub/index.html"))).isEqualTo("v1");
    }

    @Test
    void withNoBackupTheDataIsLeftAsItIs() throws Exception {
        Path b = Files.createDirectories(tmp.resolve("b/data/web"));
        Files.writeString(b.resolve("mine.html"), "mine");
        BackupRestore.Outcome o = backups.restoreNewest("web-svc", sources(tmp.resolve("b")), tmp.resolve("target"));
        assertThat(o.restored()).isNull();
        assertThat(o.message()).contains("there is none");
        assertThat(Files.readString(b.resolve("mine.html"))).isEqualTo("mine");
    }

    @Test
    void aMissingPathFailsTheBackupAndLeavesNoFile() throws Exception {
        assertThatThrownBy(() -> backups.take("web-svc", "node-a", List.of(new Source("web", tmp.resolve("none"))),
                tmp.resolve("target"), 3, T)).isInstanceOf(IOException.class).hasMessageContaining("does not exist");
        assertThat(files()).isEmpty();
    }
}
