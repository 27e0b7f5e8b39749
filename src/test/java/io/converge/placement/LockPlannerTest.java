package io.converge.placement;

import static io.converge.placement.Situation.KEY;
import static io.converge.placement.Situation.LEADER;
import static io.converge.placement.Situation.LOCK;
import static io.converge.placement.Situation.NOW;
import static io.converge.placement.Situation.SINCE;
import static io.converge.placement.Situation.WALL;
import static io.converge.placement.Situation.WEB;
import static io.converge.placement.Situation.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.converge.kernel.Placement.Decision;
import io.converge.kernel.Placement.Role;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The singleton lock, draining, mode changes and the leader lock, as tables: a situation (what this node holds,
 * its session, the lock as the cache saw it, the outcomes so far) → the exact next step.
 */
class LockPlannerTest {
    private static final String NOW_ISO = WALL.toString();
    private static final long MS = 1_000_000L;

    private final LockPlanner planner = new LockPlanner("a");

    static Stream<Arguments> singleton() {
        return Stream.of(
                row("free: acquire it", Situation.singleton(),
                        new Step.Acquire(KEY, LockDocs.lock("a", "s1", NOW_ISO), NOW_ISO)),
                row("free and acquired: take it", Situation.singleton().then(a -> a.withSent(NOW)
                                .withAcquired(KEY, true, NOW_ISO)),
                        new Step.Take(new Holdings.Held(KEY, WEB, "s1", NOW_ISO, ""), List.of(),
                                "services/web: acquired " + KEY + " with session s1",
                                new Decision(Role.ACTIVE, "acquired " + KEY, List.of("a"), Optional.empty(), false,
                                        true))),
                row("freed by b and acquired: says so", Situation.singleton().seen("b", null)
                                .then(a -> a.withAcquired(KEY, true, NOW_ISO)),
                        new Step.Take(new Holdings.Held(KEY, WEB, "s1", NOW_ISO, "; previous holder b"), List.of(),
                                "services/web: acquired " + KEY + " with session s1; previous holder b",
                                new Decision(Role.ACTIVE, "acquired " + KEY + "; previous holder b", List.of("a"),
                                        Optional.empty(), false, true))),
                row("held by me: active", Situation.singleton().holding(KEY, "s1"),
                        decide(Role.ACTIVE, "holds " + KEY + " since " + SINCE, List.of("a"))),
                row("held by me, session unconfirmed: standby", Situation.singleton().holdingUnconfirmed(KEY, "s1"),
                        standby("holds " + KEY + " but cannot confirm its session with Consul; fencing")),
                row("held by another node: standby", Situation.singleton().seen("b", "s9"),
                        standby(KEY + " is held by b", List.of("b"), Optional.empty())),
                row("the cache shows it held by my own session: acquire (takes it back)",
                        Situation.singleton().seen("a", "s1"),
                        new Step.Acquire(KEY, LockDocs.lock("a", "s1", NOW_ISO), NOW_ISO)),
                row("refused: read it again", Situation.singleton().then(a -> a.withAcquired(KEY, false, NOW_ISO)),
                        new Step.Read(KEY)),
                row("refused, another node took it meanwhile: standby", Situation.singleton()
                                .then(a -> a.withAcquired(KEY, false, NOW_ISO)
                                        .withRead(KEY, Optional.of(entry(KEY, "c", "s8")))),
                        standby(KEY + " is held by c", List.of("c"), Optional.empty())),
                row("free in lock-delay, first seen now: wait lock-delay + 50 ms", refusedFree(),
                        waitUntil(NOW, NOW + 15_050 * MS, " (previous holder b)", 15_050)),
                row("free in lock-delay, seen free 10 s ago: wait the rest + 50 ms",
                        refusedFree().freeSince(KEY, NOW - 10_000 * MS),
                        waitUntil(NOW - 10_000 * MS, NOW + 5_050 * MS, " (previous holder b)", 5_050)),
                row("lock-delay all but over: wait at least 100 ms", refusedFree().freeSince(KEY, NOW - 15_000 * MS),
                        new Step.WaitUntil(KEY, NOW - 15_000 * MS, NOW + 50 * MS, new Decision(Role.STANDBY, KEY
                                + " is free but in its lock-delay (previous holder b); trying again in 100 ms",
                                List.of(), Optional.of(Duration.ofMillis(100)), false))),
                row("refused and gone when read again: wait out the lock-delay", Situation.singleton()
                                .then(a -> a.withAcquired(KEY, false, NOW_ISO).withRead(KEY, Optional.empty())),
                        waitUntil(NOW, NOW + 15_050 * MS, "", 15_050)),
                row("my session was replaced: fence what the old one held",
                        Situation.singleton().holding(KEY, "s0"), new Step.Fence("s0", "session s0 was replaced")),
                row("my session was lost and none yet: fence", Situation.singleton().holding(KEY, "s0").noSession(),
                        new Step.Fence("s0", "session s0 was replaced")),
                row("no session yet: standby", Situation.singleton().noSession(),
                        standby("waiting for this node's session (lock-delay 15s)")));
    }

    static Stream<Arguments> drainAndModeChange() {
        String notCandidate = "node a is not among the candidates";
        return Stream.of(
                row("drain, holding the lock: yield (stop, then release)", Situation.singleton().notAdmitted()
                                .holding(KEY, "s1"),
                        decide(new Decision(Role.NOT_CANDIDATE, notCandidate
                                + "; giving up its lock once its instance is gone", List.of("a"), Optional.empty(),
                                true))),
                row("drain, holding nothing: not a candidate", Situation.singleton().notAdmitted().seen("b", "s9"),
                        decide(new Decision(Role.NOT_CANDIDATE, notCandidate))),
                row("drain, holding a slot: yield", Situation.replicated(2).notAdmitted().holding(LOCK, "s1"),
                        decide(new Decision(Role.NOT_CANDIDATE, notCandidate
                                + "; giving up its lock once its instance is gone", List.of("a"), Optional.empty(),
                                true))),
                row("drain from every: not a candidate", Situation.singleton().mode("every").notAdmitted(),
                        decide(new Decision(Role.NOT_CANDIDATE, notCandidate))),
                row("every: active, nothing taken", Situation.singleton().mode("every").noSession(),
                        decide(new Decision(Role.ACTIVE, "node a is a candidate (every)"))),
                row("singleton → replicated: give up the lock first", Situation.singleton().holding(KEY, "s1")
                                .mode("replicated"),
                        yielding("placement changed to replicated; giving up " + KEY + " first")),
                row("replicated → singleton: give up the slot first", Situation.replicated(2).holding(LOCK, "s1")
                                .mode("singleton"),
                        yielding("placement changed to singleton; giving up " + LOCK + " first")),
                row("singleton → every: give up the lock first", Situation.singleton().holding(KEY, "s1")
                                .mode("every"),
                        yielding("placement changed to every; giving up " + KEY + " first")),
                row("mode change comes before drain", Situation.singleton().holding(KEY, "s1").mode("replicated")
                                .notAdmitted(),
                        yielding("placement changed to replicated; giving up " + KEY + " first")));
    }

    static Stream<Arguments> leader() {
        return Stream.of(
                row("no session: nothing to do", Situation.leader().noSession(), new Step.Idle()),
                row("held by me: announce", Situation.leader().holding(LEADER, "s1"), new Step.Announce()),
                row("held with a replaced session: acquire with the new one", Situation.leader()
                        .holding(LEADER, "s0"), new Step.Acquire(LEADER, LockDocs.lock("a", "s1", NOW_ISO), NOW_ISO)),
                row("held by another node: announce (not leading)", Situation.leader().seen("b", "s9"),
                        new Step.Announce()),
                row("free: acquire", Situation.leader(), new Step.Acquire(LEADER, LockDocs.lock("a", "s1", NOW_ISO),
                        NOW_ISO)),
                row("acquired: take it", Situation.leader().then(a -> a.withAcquired(LEADER, true, NOW_ISO)),
                        new Step.Take(new Holdings.Held(LEADER, null, "s1", NOW_ISO, ""), List.of(), "",
                                new Decision(Role.ACTIVE, "acquired " + LEADER, List.of("a"), Optional.empty(),
                                        false, true))),
                row("refused: read again", Situation.leader().then(a -> a.withAcquired(LEADER, false, NOW_ISO)),
                        new Step.Read(LEADER)),
                row("refused, held by another: wait for the cache", Situation.leader().then(a -> a
                                .withAcquired(LEADER, false, NOW_ISO).withRead(LEADER, Optional.of(entry(LEADER, "b",
                                        "s9")))),
                        new Step.Idle()),
                row("refused, free: wait out the lock-delay", Situation.leader().then(a -> a
                                .withAcquired(LEADER, false, NOW_ISO).withRead(LEADER, Optional.empty())),
                        new Step.WaitUntil(LEADER, NOW, NOW + 15_050 * MS, new Decision(Role.STANDBY, LEADER
                                + " is free but in its lock-delay; trying again in 15050 ms", List.of(),
                                Optional.of(Duration.ofMillis(15_050)), false))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleton")
    void singletonLock(String name, Situation given, Step expected) {
        assertThat(planner.next(given.input())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("drainAndModeChange")
    void drainAndModeChange(String name, Situation given, Step expected) {
        assertThat(planner.next(given.input())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("leader")
    void leaderLock(String name, Situation given, Step expected) {
        assertThat(planner.leader(given.input())).isEqualTo(expected);
    }

    /** Acquire refused, the key free when read again; b held it last (as the cache saw it). */
    private static Situation refusedFree() {
        return Situation.singleton().seen("b", null).then(a -> a.withAcquired(KEY, false, NOW_ISO)
                .withRead(KEY, Optional.of(entry(KEY, "b", null))));
    }

    private static Step waitUntil(long first, long until, String previous, long ms) {
        return new Step.WaitUntil(KEY, first, until, new Decision(Role.STANDBY, KEY + " is free but in its lock-delay"
                + previous + "; trying again in " + ms + " ms", List.of(), Optional.of(Duration.ofMillis(ms)), false));
    }

    static Arguments row(String name, Situation given, Step expected) {
        return Arguments.of(name, given, expected);
    }

    static Step decide(Decision d) {
        return new Step.Decide(d);
    }

    static Step decide(Role role, String reason, List<String> holders) {
        return new Step.Decide(new Decision(role, reason, holders, Optional.empty(), false));
    }

    static Step standby(String reason) {
        return standby(reason, List.of(), Optional.empty());
    }

    static Step standby(String reason, List<String> holders, Optional<Duration> retry) {
        return new Step.Decide(new Decision(Role.STANDBY, reason, holders, retry, false));
    }

    private static Step yielding(String reason) {
        return new Step.Decide(new Decision(Role.STANDBY, reason, List.of("a"), Optional.empty(), true));
    }
}
