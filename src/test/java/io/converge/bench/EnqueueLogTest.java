package io.converge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog bench's reading of converge's log and metrics. */
class EnqueueLogTest {

    @Test
    void readsTheRecordingRoomsLinesAsTheyAreAppendedEvenHalfWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("converge.log");
        Files.writeString(file, "10:00:00.001 INFO  [i.c.a.Operator] converging 0 services, 2 portforwards\n"
                + "10:00:00.002 INFO  [i.c.r.RecordingRoom] recorded portforwards/fwd-0001 at-epoch-ns=17000000001\n"
                + "10:00:00.003 INFO  [i.c.r.RecordingRoom] recorded portforwards/fwd-0002 at-epo");
        EnqueueLog log = new EnqueueLog(file);
        assertThat(log.read()).isEqualTo(1);
        append(file, "ch-ns=17000000002\n10:00:00.004 INFO  [i.c.r.RecordingRoom] recorded portforwards/fwd-0001 "
                + "at-epoch-ns=17000000003\n");
        assertThat(log.read()).isEqualTo(3);
        assertThat(log.since(1)).containsExactly(new EnqueueLog.Pass("portforwards/fwd-0002", 17000000002L),
                new EnqueueLog.Pass("portforwards/fwd-0001", 17000000003L));
        assertThat(log.distinctKeys()).isEqualTo(2);
        assertThat(log.await("portforwards/fwd-0001", 1, Duration.ZERO))
                .contains(new EnqueueLog.Pass("portforwards/fwd-0001", 17000000003L));
        assertThat(log.await("portforwards/fwd-0003", 0, Duration.ofMillis(20))).isEmpty();
    }

    @Test
    void readsTheQueueWaitOfPortForwardsFromTheEnginesTimer() {
        String metrics = """
                # TYPE converge_reconcile_latency_seconds summary
                converge_reconcile_latency_seconds_count{kind="services"} 7.0
                converge_reconcile_latency_seconds_sum{kind="services"} 9.5
                converge_reconcile_latency_seconds_count{kind="portforwards"} 2002.0
                converge_reconcile_latency_seconds_sum{kind="portforwards"} 1.234E-4
                """;
        assertThat(CatalogChanges.sample(metrics, "_count")).isEqualTo(2002.0);
        assertThat(CatalogChanges.sample(metrics, "_sum")).isEqualTo(1.234E-4);
        assertThat(CatalogChanges.sample("", "_sum")).isZero();
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
