package io.converge.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A restarted server answers from an older state until it has applied its log: that answer is never delivered. */
class BlockingWatchTest {

    @Test
    void anAnswerBehindTheLastIndexIsAskedAgainNotDelivered() {
        Deque<Object> script = new ArrayDeque<>(List.of(
                new BlockingWatch.Answer<>("all specs", 100L),
                new IllegalStateException("connection refused"),   // the agent restarts
                new BlockingWatch.Answer<>("no specs", 3L),        // its snapshot, before the log is applied
                new BlockingWatch.Answer<>("all specs", 120L)));
        List<String> delivered = new CopyOnWriteArrayList<>();
        BlockingWatch<String> watch = new BlockingWatch<>("test", (index, wait) -> {
            Object next = script.isEmpty() ? null : script.poll();
            if (next == null) {
                Thread.sleep(50);
                return new BlockingWatch.Answer<>("all specs", 120L);
            }
            if (next instanceof RuntimeException e) {
                throw e;
            }
            @SuppressWarnings("unchecked")
            BlockingWatch.Answer<String> answer = (BlockingWatch.Answer<String>) next;
            return answer;
        }, delivered::add, Duration.ofSeconds(1));
        try (watch) {
            watch.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() >= 2);
        }
        assertThat(delivered).startsWith("all specs", "all specs").doesNotContain("no specs");
    }
}
