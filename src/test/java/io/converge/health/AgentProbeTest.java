package io.converge.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Readiness reads the last answer of the agent; it never waits on the agent itself. */
class AgentProbeTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicBoolean agentAnswers = new AtomicBoolean(true);
    private final InstantSource clock = now::get;
    private final AgentProbe probe = new AgentProbe(agentAnswers::get, clock, Duration.ofSeconds(1),
            Duration.ofSeconds(3));

    private void advance(long millis) {
        now.updateAndGet(t -> t.plusMillis(millis));
    }

    @Test
    void notAnsweringBeforeTheFirstAnswer() {
        assertThat(probe.answering()).isFalse();
        assertThat(probe.describe()).contains("no answer yet");
    }

    @Test
    void answeringWhileTheLastAnswerIsRecent() {
        probe.askOnce();
        advance(2_500);
        assertThat(probe.answering()).isTrue();
        assertThat(probe.describe()).isEqualTo("last answer 2500 ms ago");
    }

    @Test
    void aFrozenAgentStopsCountingOnceItsLastAnswerIsTooOld() {
        probe.askOnce();
        agentAnswers.set(false);
        for (int i = 0; i < 3; i++) {
            advance(1_000);
            probe.askOnce();
        }
        advance(1);
        assertThat(probe.answering()).isFalse();
        assertThat(probe.describe()).isEqualTo("last answer 3001 ms ago");

        agentAnswers.set(true);
        probe.askOnce();
        assertThat(probe.answering()).isTrue();
    }

    @Test
    void anAskThatThrowsCountsAsNoAnswer() {
        AgentProbe throwing = new AgentProbe(() -> {
            throw new IllegalStateException("connection refused");
        }, clock, Duration.ofSeconds(1), Duration.ofSeconds(3));
        throwing.askOnce();
        assertThat(throwing.answering()).isFalse();
    }

    @Test
    void theBackgroundAskerRecordsAnswers() throws Exception {
        AgentProbe live = new AgentProbe(() -> true, InstantSource.system(), Duration.ofMillis(10),
                Duration.ofSeconds(3));
        try (live) {
            live.wanted(); // readiness is being read
            live.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(live::answering);
        }
    }

    @Test
    void itAsksOnlyWhileReadinessIsReadAndSaysWhenItHadGoneIdle() {
        AtomicReference<Integer> asks = new AtomicReference<>(0);
        AgentProbe counted = new AgentProbe(() -> {
            asks.updateAndGet(n -> n + 1);
            return true;
        }, clock, Duration.ofSeconds(1), Duration.ofSeconds(3));
        counted.tick();
        assertThat(asks.get()).as("nobody read it yet").isZero();
        assertThat(counted.wanted()).as("idle before the first read").isTrue();
        counted.tick();
        assertThat(asks.get()).isEqualTo(1);
        advance(29_000);
        assertThat(counted.wanted()).as("read again within the idle window").isFalse();
        advance(30_001);
        counted.tick();
        assertThat(asks.get()).as("idle: no request").isEqualTo(1);
        assertThat(counted.wanted()).isTrue();
    }
}
