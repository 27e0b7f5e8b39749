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
        public Optional<HandoverGuard.Marker> marker(Duration timeout) {
            if (now >= adoptAt) {
                marker = Optional.empty();
            }
            check();
            return marker;
        }

        @Override
        public boolean claim(long index, Duration timeout) {
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
        public void pass(String checkId, Duration timeout) {
            check();
        }

        @Override
        public void destroy(String session, Duration timeout) {
            check();
            events.add("destroy " + session + " at " + now / 1_000_000_000L);
        }

        @Override
        public void guarding(long index, Duration timeout) {
            check();
            events.add("guarding " + index);
        }

        @Override
        public void done(Duration timeout) {
            check();
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
        return new HandoverGuard(agent, () -> events.add("kill at " + now / 1_000_000_000L), Duration.ofSeconds(8),
                () -> now, l -> { });
    }

    @Test
    void aNewConvergeThatAdoptsWithinTheGraceSendsTheGuardAwayWithoutAKill() throws Exception {
        FakeAgent agent = new FakeAgent();
        agent.adoptAt = Duration.ofSeconds(10).toNanos();
        assertThat(guard(agent).run(0)).isEqualTo(HandoverGuard.Outcome.ADOPTED);
        assertThat(events).containsExactly("guarding 7");
    }

    @Test
    void noAdoptionWithinTheGraceKillsFirstThenEndsTheSessions() throws Exception {
        FakeAgent agent = new FakeAgent();
        assertThat(guard(agent).run(0)).isEqualTo(HandoverGuard.Outcome.FENCED_GRACE);
        assertThat(events).containsExactly("guarding 7", "claim:true", "kill at 30", "claim:false",
                "destroy s1 at 30");
    }

    @Test
    void anAgentThatStopsAnsweringIsFencedWithinFenceAfterOfTheLastProof() throws Exception {
        // the agent answers the first marker read only; from then on nothing is proved
        HandoverGuard.Agent flaky = new FakeAgent() {
            int reads;

            @Override
            public Optional<HandoverGuard.Marker> marker(Duration timeout) {
                if (reads++ > 0) {
                    throw new IllegalStateException("frozen");
                }
                return super.marker(timeout);
            }

            @Override
            public boolean valid(String session, Duration timeout) {
                throw new IllegalStateException("frozen");
            }
        };
        HandoverGuard.Outcome o = new HandoverGuard(flaky, () -> events.add("kill at " + now / 1_000_000L + " ms"),
                Duration.ofSeconds(8), () -> now, l -> { }).run(3000); // proved 3 s before the guard started (epoch 0 vs now 3000 ms)
        assertThat(o).isEqualTo(HandoverGuard.Outcome.FENCED_UNPROVED);
        // 8 s fence-after - 3 s already gone; the kill before the sessions end
        assertThat(events).containsSubsequence("guarding 7", "kill at 5000 ms", "destroy s1 at 5");
    }

    @Test
    void aMarkerThatCannotBeReadIsAHandoverNobodyCanProve() throws Exception {
        FakeAgent agent = new FakeAgent();
        agent.answers = false;
        assertThat(guard(agent).run(0)).isEqualTo(HandoverGuard.Outcome.FENCED_UNPROVED);
        assertThat(events).containsExactly("kill at 4"); // half of fence-after after the guard started
    }

    @Test
    void aSessionConsulSaysIsGoneIsFencedAtOnce() throws Exception {
        FakeAgent agent = new FakeAgent();
        agent.valid = false;
        assertThat(guard(agent).run(0)).isEqualTo(HandoverGuard.Outcome.FENCED_UNPROVED);
        assertThat(events).containsSubsequence("guarding 7", "kill at 0");
    }

    @Test
    void withoutAMarkerThereIsNothingToGuard() throws Exception {
        FakeAgent agent = new FakeAgent();
        agent.marker = Optional.empty();
        assertThat(guard(agent).run(0)).isEqualTo(HandoverGuard.Outcome.NOTHING_TO_GUARD);
        assertThat(events).isEmpty();
    }
}
