package io.converge.placement;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The outcomes of the actions taken so far in one decision, which {@link LockPlanner} plans the next step from.
 * Immutable; the executor records each outcome with a {@code with…} method.
 *
 * @param sent     when the first request that can prove the session valid was sent (the semaphore's read, or the
 *                 first acquire): what is taken in this attempt counts as proved then
 * @param since    the acquire time written into a lock's value
 * @param acquired lock or contender key → whether the acquire succeeded
 * @param claims   dead holder's contender key → the outcome of claiming it
 * @param reads    key → what a re-read after a refused acquire found
 */
public record Attempt(OptionalLong sent, Optional<String> since, Map<String, Boolean> acquired,
                      Map<String, Claimed> claims, Map<String, Optional<LockStore.Entry>> reads,
                      Optional<SemaphoreState> semaphore, Optional<Boolean> written) {

    /** Nothing done yet. */
    public static final Attempt NONE = new Attempt(OptionalLong.empty(), Optional.empty(), Map.of(), Map.of(),
            Map.of(), Optional.empty(), Optional.empty());

    /**
     * How claiming a dead holder's contender key went.
     *
     * @param at        when the answer came (monotonic nanoseconds)
     * @param freeSince when this node first found the key free but unacquirable (the refused case)
     */
    public record Claimed(boolean ok, long at, long freeSince) {
    }

    public Attempt {
        acquired = Map.copyOf(acquired);
        claims = Map.copyOf(claims);
        reads = Map.copyOf(reads);
    }

    /** Records the send time of the first proving request; later ones do not move it. */
    public Attempt withSent(long nanos) {
        return sent.isPresent() ? this : new Attempt(OptionalLong.of(nanos), since, acquired, claims, reads,
                semaphore, written);
    }

    public Attempt withAcquired(String key, boolean ok, String acquiredSince) {
        return new Attempt(sent, Optional.ofNullable(acquiredSince).or(() -> since), put(acquired, key, ok), claims,
                reads, semaphore, written);
    }

    public Attempt withClaim(String key, Claimed outcome) {
        return new Attempt(sent, since, acquired, put(claims, key, outcome), reads, semaphore, written);
    }

    public Attempt withRead(String key, Optional<LockStore.Entry> entry) {
        return new Attempt(sent, since, acquired, claims, put(reads, key, entry), semaphore, written);
    }

    public Attempt withSemaphore(SemaphoreState state) {
        return new Attempt(sent, since, acquired, claims, reads, Optional.of(state), written);
    }

    public Attempt withWritten(boolean ok) {
        return new Attempt(sent, since, acquired, claims, reads, semaphore, Optional.of(ok));
    }

    /** Whether acquiring the key succeeded; empty when it was not tried. */
    public Optional<Boolean> acquired(String key) {
        return Optional.ofNullable(acquired.get(key));
    }

    private static <V> Map<String, V> put(Map<String, V> map, String key, V value) {
        Map<String, V> next = new HashMap<>(map);
        next.put(key, value);
        return next;
    }
}
