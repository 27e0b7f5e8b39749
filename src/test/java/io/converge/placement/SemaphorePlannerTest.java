package io.converge.placement;

import static io.converge.placement.LockPlannerTest.decide;
import static io.converge.placement.LockPlannerTest.row;
import static io.converge.placement.LockPlannerTest.standby;
import static io.converge.placement.Situation.DIR;
import static io.converge.placement.Situation.LOCK;
import static io.converge.placement.Situation.NOW;
import static io.converge.placement.Situation.SINCE;
import static io.converge.placement.Situation.WALL;
import static io.converge.placement.Situation.WEB;
import static io.converge.placement.Situation.semaphore;
import static org.assertj.core.api.Assertions.assertThat;

import io.converge.kernel.Placement.Decision;
import io.converge.kernel.Placement.Role;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code replicated} placement as a table: the semaphore as read (holders, live and dead contender keys), what
 * this node holds and the outcomes so far → the exact next step. Node {@code a} contends with session {@code s1};
 * {@code b}, {@code c}, {@code d} hold {@code s7}, {@code s8}, {@code s9}.
 */
class SemaphorePlannerTest {
    private static final String NOW_ISO = WALL.toString();
    private static final long MS = 1_000_000L;
    private static final String ENDED = " (session ended)";

    private final LockPlanner planner = new LockPlanner("a");

    static Stream<Arguments> rows() {
        SemaphoreState oneFree = semaphore(2, List.of("s7"), Map.of("s7", "b", "s1", "a"), Map.of());
        SemaphoreState deadHolder = semaphore(2, List.of("s7", "s8"), Map.of("s7", "b", "s1", "a"), Map.of("s8", "c"));
        return Stream.of(
                row("no session yet: standby", Situation.replicated(2).noSession(),
                        standby("waiting for this node's session")),
                row("first, read the semaphore", Situation.replicated(2), new Step.ReadSemaphore(DIR)),
                row("not a contender yet: register", read(2, SemaphoreState.of(DIR, List.of())),
                        new Step.Acquire(DIR + "s1", LockDocs.contender("a"), null)),
                row("registration refused: standby, again in 1 s", read(2, SemaphoreState.of(DIR, List.of()))
                                .then(a -> a.withAcquired(DIR + "s1", false, null)),
                        standby("could not register as a contender in " + DIR, List.of(),
                                Optional.of(Duration.ofSeconds(1)))),
                row("no .lock yet: create it with me (cas 0)", read(2, SemaphoreState.of(DIR, List.of()))
                                .then(a -> a.withAcquired(DIR + "s1", true, null)),
                        new Step.Write(LOCK, LockDocs.semaphore(2, List.of("s1")), 0)),
                row("a slot free: add me to .lock (cas)", read(2, oneFree),
                        new Step.Write(LOCK, LockDocs.semaphore(2, List.of("s7", "s1")), 42)),
                row("written: take slot 2", read(2, oneFree).then(a -> a.withWritten(true)),
                        take("took slot 2 of 2 in " + LOCK, "", List.of(), List.of("b", "a"))),
                row("check-and-set lost: again in 100 ms", read(2, oneFree).then(a -> a.withWritten(false)),
                        standby(LOCK + " changed while taking a slot; trying again", List.of("b"),
                                Optional.of(Duration.ofMillis(100)))),
                row("full: standby", read(2, semaphore(2, List.of("s7", "s8"), Map.of("s7", "b", "s8", "c", "s1",
                                "a"), Map.of())),
                        standby("all 2 slots of " + LOCK + " are held (b, c)", List.of("b", "c"), Optional.empty())),
                row("limit lowered below the live holders: full", read(1, semaphore(2, List.of("s7", "s8"),
                                Map.of("s7", "b", "s8", "c", "s1", "a"), Map.of())),
                        standby("all 1 slots of " + LOCK + " are held (b, c)", List.of("b", "c"), Optional.empty())),
                row("a dead holder's slot: claim its contender key first", read(2, deadHolder),
                        new Step.Claim("s8", DIR + "s8", LockDocs.contender("c"))),
                row("dead holder's slot in its lock-delay (dead 5 s): standby for the other 10 s",
                        read(2, deadHolder).then(a -> a.withClaim(DIR + "s8",
                                new Attempt.Claimed(false, NOW, NOW - 5_000 * MS))),
                        standby("no free slot in " + LOCK + ": the slot of c" + ENDED + " is in its lock-delay",
                                List.of("b"), Optional.of(Duration.ofSeconds(10)))),
                row("dead holder's slot, lock-delay over but for 20 ms: again in 100 ms",
                        read(2, deadHolder).then(a -> a.withClaim(DIR + "s8",
                                new Attempt.Claimed(false, NOW, NOW - 14_980 * MS))),
                        standby("no free slot in " + LOCK + ": the slot of c" + ENDED + " is in its lock-delay",
                                List.of("b"), Optional.of(Duration.ofMillis(100)))),
                row("dead holder's key claimed after its lock-delay: replace it in .lock",
                        read(2, deadHolder).then(a -> a.withClaim(DIR + "s8", new Attempt.Claimed(true, NOW, NOW))),
                        new Step.Write(LOCK, LockDocs.semaphore(2, List.of("s7", "s1")), 42)),
                row("written: take its slot and delete its contender key", read(2, deadHolder)
                                .then(a -> a.withClaim(DIR + "s8", new Attempt.Claimed(true, NOW, NOW))
                                        .withWritten(true)),
                        take("took slot 2 of 2 in " + LOCK + "; replaced c" + ENDED, "; replaced c" + ENDED,
                                List.of(DIR + "s8"), List.of("b", "a"))),
                row("two stale holders, one slot: claim the second too", read(1, twoDead())
                                .then(a -> a.withClaim(DIR + "s8", new Attempt.Claimed(true, NOW, NOW))),
                        new Step.Claim("s9", DIR + "s9", LockDocs.contender("d"))),
                row("two stale holders claimed: both pruned", read(1, twoDead())
                                .then(a -> a.withClaim(DIR + "s8", new Attempt.Claimed(true, NOW, NOW))
                                        .withClaim(DIR + "s9", new Attempt.Claimed(true, NOW, NOW))),
                        new Step.Write(LOCK, LockDocs.semaphore(1, List.of("s1")), 42)),
                row("one stale holder refused, the other claimed: still no room", read(1, twoDead())
                                .then(a -> a.withClaim(DIR + "s8", new Attempt.Claimed(false, NOW, NOW))
                                        .withClaim(DIR + "s9", new Attempt.Claimed(true, NOW, NOW))),
                        standby("no free slot in " + LOCK + ": the slot of c, d" + ENDED + " is in its lock-delay",
                                List.of(), Optional.of(Duration.ofSeconds(15)))),
                row("two stale holders, two slots: prune only as many as needed", read(2, twoDead())
                                .then(a -> a.withClaim(DIR + "s8", new Attempt.Claimed(true, NOW, NOW))),
                        new Step.Write(LOCK, LockDocs.semaphore(2, List.of("s9", "s1")), 42)),
                row("a dead holder while a slot is free: left alone", read(3, deadHolder),
                        new Step.Write(LOCK, LockDocs.semaphore(3, List.of("s7", "s8", "s1")), 42)),
                row("listed in .lock but not held here (restart): take it back", read(2, semaphore(2,
                                List.of("s1", "s7"), Map.of("s1", "a", "s7", "b"), Map.of())),
                        take("took back its slot in " + LOCK, "", List.of(), List.of("a", "b"))),
                row("holds slot 1 of 2: active", read(2, semaphore(2, List.of("s1", "s7"), Map.of("s1", "a", "s7",
                                "b"), Map.of())).holding(LOCK, "s1"),
                        decide(Role.ACTIVE, "holds slot 1 of 2 in " + LOCK + " since " + SINCE, List.of("a", "b"))),
                row("replicas lowered: the last holder yields its slot", read(1, semaphore(2, List.of("s7", "s1"),
                                Map.of("s1", "a", "s7", "b"), Map.of())).holding(LOCK, "s1"),
                        decide(new Decision(Role.STANDBY, "replicas lowered to 1; giving up slot 2",
                                List.of("b", "a"), Optional.empty(), true))),
                row("holds a slot no longer in .lock: drop it", read(2, oneFree).holding(LOCK, "s1"),
                        new Step.Drop(LOCK, "services/web: its slot in " + LOCK
                                + " is gone (taken from an ended session?)", new Decision(Role.STANDBY,
                                "lost its slot in " + LOCK, List.of("b"), Optional.of(Duration.ofMillis(100)),
                                false))),
                row("holds a slot with a replaced session: forget it", Situation.replicated(2).holding(LOCK, "s0"),
                        new Step.Forget(LOCK)),
                row("holds a slot, session unconfirmed: standby", Situation.replicated(2)
                                .holdingUnconfirmed(LOCK, "s1"),
                        standby("holds a slot of " + LOCK + " but cannot confirm its session; fencing")),
                row("a .lock that is not a semaphore document reads as empty and is rewritten",
                        read(2, SemaphoreState.of(DIR, List.of(new LockStore.Entry(LOCK, "not json", 42, null),
                                Situation.entry(DIR + "s1", "a", "s1")))),
                        new Step.Write(LOCK, LockDocs.semaphore(2, List.of("s1")), 42)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void replicated(String name, Situation given, Step expected) {
        assertThat(planner.next(given.input())).isEqualTo(expected);
    }

    /** Holders s8 (c) and s9 (d), both dead; this node's contender key live. */
    private static SemaphoreState twoDead() {
        return semaphore(1, List.of("s8", "s9"), Map.of("s1", "a"), Map.of("s8", "c", "s9", "d"));
    }

    private static Situation read(int replicas, SemaphoreState state) {
        return Situation.replicated(replicas).then(a -> a.withSemaphore(state).withSent(NOW));
    }

    private static Step take(String what, String took, List<String> delete, List<String> nodes) {
        return new Step.Take(new Holdings.Held(LOCK, WEB, "s1", NOW_ISO, took), delete, "services/web: " + what,
                new Decision(Role.ACTIVE, what, nodes, Optional.empty(), false, true));
    }
}
