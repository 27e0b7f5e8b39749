package io.converge.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.converge.model.BackupStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Archive names, rotation and the choice of what a move restores. */
class BackupFilesTest {
    private static final Instant T = Instant.parse("2026-11-29T03:00:00.042Z");

    @Test
    void anArchiveIsNamedByServiceTimeAndNodeAndItsTimeReadsBack() {
        String name = BackupFiles.archiveName("db", T, "node a/1");
        assertThat(name).isEqualTo("db-20261129T030000.042Z-node_a_1.tar.gz");
        assertThat(BackupFiles.timeOf("db", name)).contains(T);
        assertThat(BackupFiles.timeOf("d", name)).isEmpty();
        assertThat(BackupFiles.timeOf("db-x", name)).isEmpty();
        assertThat(BackupFiles.timeOf("db", name + ".sha256")).isEmpty();
        assertThat(BackupFiles.timeOf("db", "." + name + ".1234.tmp")).isEmpty();
        assertThat(BackupFiles.checksumName(name)).isEqualTo(name + ".sha256");
    }

    @Test
    void rotationKeepsTheNewestAndIgnoresEverythingElse() {
        List<String> names = List.of(
                "db-20261129T030000.000Z-a.tar.gz", "db-20261129T030000.000Z-a.tar.gz.sha256",
                "db-20261127T030000.000Z-b.tar.gz", "db-20261128T030000.000Z-a.tar.gz",
                "db-20261126T030000.000Z-a.tar.gz", ".db-20261130T030000.000Z-a.tar.gz.x.tmp",
                "dbx-20261101T030000.000Z-a.tar.gz", "notes.txt");
        assertThat(BackupFiles.newestFirst("db", names)).containsExactly("db-20261129T030000.000Z-a.tar.gz",
                "db-20261128T030000.000Z-a.tar.gz", "db-20261127T030000.000Z-b.tar.gz",
                "db-20261126T030000.000Z-a.tar.gz");
        assertThat(BackupFiles.beyondKeep("db", names, 2)).containsExactly("db-20261127T030000.000Z-b.tar.gz",
                "db-20261126T030000.000Z-a.tar.gz");
        assertThat(BackupFiles.beyondKeep("db", names, 4)).isEmpty();
    }

    @Test
    void aChecksumFileIsReadAsSha256sumWritesIt() {
        String hex = "0123456789abcdef".repeat(4);
        String line = BackupFiles.checksumLine(hex, "db-x.tar.gz");
        assertThat(line).isEqualTo(hex + "  db-x.tar.gz\n");
        assertThat(BackupFiles.statedChecksum(line, "db-x.tar.gz")).contains(hex);
        assertThat(BackupFiles.statedChecksum(hex.toUpperCase() + " *db-x.tar.gz\n", "db-x.tar.gz")).contains(hex);
        assertThat(BackupFiles.statedChecksum(line, "db-y.tar.gz")).isEmpty();
        assertThat(BackupFiles.statedChecksum("zz  db-x.tar.gz", "db-x.tar.gz")).isEmpty();
    }

    @Test
    void aMoveRestoresTheNewestThatVerifiesAndSaysWhichNewerOnesItSkipped() {
        Map<String, String> problems = Map.of("c", "checksum mismatch", "b", "no checksum file");
        RestoreChoice choice = RestoreChoice.choose(List.of("c", "b", "a", "old"),
                n -> Optional.ofNullable(problems.get(n)));
        assertThat(choice.chosen()).contains("a");
        assertThat(choice.skipped()).containsExactly(new BackupStatus.Skipped("c", "checksum mismatch"),
                new BackupStatus.Skipped("b", "no checksum file"));

        List<String> asked = new java.util.ArrayList<>();
        RestoreChoice.choose(List.of("c", "b", "a", "old"), n -> {
            asked.add(n);
            return Optional.ofNullable(problems.get(n));
        });
        assertThat(asked).as("nothing older than the chosen one is read").containsExactly("c", "b", "a");
    }

    @Test
    void withNothingThatVerifiesNothingIsRestored() {
        RestoreChoice choice = RestoreChoice.choose(List.of("b", "a"), n -> Optional.of("unreadable"));
        assertThat(choice.chosen()).isEmpty();
        assertThat(choice.skipped()).hasSize(2);
        assertThat(RestoreChoice.choose(List.of(), n -> Optional.empty()).chosen()).isEmpty();
    }
}
