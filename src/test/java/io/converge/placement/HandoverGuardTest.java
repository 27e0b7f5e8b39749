package io.converge.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HandoverGuardTest {
    private long now;
    private final List<String> events = new ArrayList<>();

    /** A fake Consul: the marker (until claimed or deleted by "the new converge" at adoptAt), sessions valid or not. */
    private class FakeAgent implements HandoverGuard.Agent {
        Optional<HandoverGuard.Marker> marker = Optional.of(new HandoverGuard.Marker("n1", 42, List.of("s1"),
                "converge-alive-x", Duration.ofSeconds(30), Duration.ofSeconds(8), Duration.ofSeconds(2), 0, 7));
        long adoptAt = Long.MAX_VALUE;
        boolean answers = true;
        boolean valid = true;

        @Override
        public Optional<HandoverGuard.Marker> marker() {
            if (now >= adoptAt) {
                marker = Optional.empty();
            }
            check();
            return marker;
        }

        @Override
        public boolean claim(long index) {
            check();
            boolean mine = marker.isPresent() && marker.get().index() == index;
            marker = Optional.empty();
            events.add("claim:" + mine);
            return mine;
        }

        @Override
        public boolean valid(String session, Duration timeout) {
            check();
            return valid;
        }

        @Override
        public void pass(String checkId) {
            check();
        }

        @Override
        public void destroy(String session) {
            check();
            events.add("destroy " + session + " at " + now / 1_000_000_000L);
        }

        @Override
        public void sleep(Duration d) {
            now += d.toNanos();
        }

        private void check() {
            if (!answers) {
                throw new IllegalStateException("agent frozen");
            }
        }
    }

    private HandoverGuard guard(FakeAgent agent) {
        return new HandoverGuard(agent, () -> events.add("kill at " + now / 1_000_000_000L), () -> now, l -> { });
    }

    @Test
    void aNewConvergeThatAdoptsWithinTheGraceSendsTheGuardAwayWithoutAKill() throws Exception {
        FakeAgent agent = new FakeAgent();
        agent.adoptAt = Duration.ofSeconds(10).toNanos();
        assertThat(guard(agent).run(0)).isEqualTo(HandoverGuard.Outcome.ADOPTED);
        assertThat(events).isEmpty();
    }

    @Test
    void noAdoptionWithinTheGraceKillsFirstThenEndsTheSessions() throws Exception {
        FakeAgent agent = new FakeAgent();
        assertThat(guard(agent).run(0)).isEqualTo(HandoverGuard.Outcome.FENCED_GRACE);
        assertThat(events).containsExactly("claim:true", "kill at 30", "claim:false", "destroy s1 at 30");
    }

    @Test
    void anAgentThatStopsAnsweringIsFencedWithinFenceAfterOfTheLastProof() throws Exception {
        // the agent answers the first marker read only; from then on nothing is proved
        HandoverGuard.Agent flaky = new FakeAgent() {
            int reads;

            @Override
            public Optional<HandoverGuard.Marker> marker() {
                if (reads++ > 0) {
                    throw new IllegalStateException("frozen");
                }
                return super.marker();
            }

            @Override
            public boolean valid(String session, Duration timeout) {
                throw new IllegalStateException("frozen");
            }
        };
        HandoverGuard.Outcome o = new HandoverGuard(flaky, () -> events.add("kill at " + now / 1_000_000L + " ms"),
                () -> now, l -> { }).run(3000); // proved 3 s before the guard started (epoch 0 vs now 3000 ms)
        assertThat(o).isEqualTo(HandoverGuard.Outcome.FENCED_UNPROVED);
        assertThat(events.get(0)).isEqualTo("kill at 5000 ms"); // 8 s fence-after - 3 s already gone
    }

    @Test
    void aSessionConsulSaysIsGoneIsFencedAtOnce() throws Exception {
        FakeAgent agent = new FakeAgent();
        agent.valid = false;
        assertThat(guard(agent).run(0)).isEqualTo(HandoverGuard.Outcome.FENCED_UNPROVED);
        assertThat(events.get(0)).isEqualTo("kill at 0");
    }

    @Test
    void withoutAMarkerThereIsNothingToGuard() throws Exception {
        FakeAgent agent = new FakeAgent();
        agent.marker = Optional.empty();
        assertThat(guard(agent).run(0)).isEqualTo(HandoverGuard.Outcome.NOTHING_TO_GUARD);
        assertThat(events).isEmpty();
    }
}
