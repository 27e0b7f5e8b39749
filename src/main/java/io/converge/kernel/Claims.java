package io.converge.kernel;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who holds a thing that several resources of an aggregate room claim on this node (a port and protocol, a host and
 * path). The holder keeps it while it still claims it (a new resource never takes it from one in service); a free
 * one goes to a resource with a document before an implicit one (a tagged service), then by id. Thread-safe; no
 * I/O.
 *
 * @param <K> what is claimed; a value with {@code equals}
 */
public final class Claims<K> {

    /** A resource claiming a key: its name (the work-queue key), id (ordering) and owner (for messages). */
    public record Claimant(String name, String id, String owner, boolean implicit) {
        static final Comparator<Claimant> ORDER = Comparator.comparing(Claimant::implicit)
                .thenComparing(Claimant::id);
    }

    private final Map<K, String> holders = new HashMap<>();
    private final Map<String, K> claimed = new HashMap<>();

    /**
     * Records that {@code self} claims {@code key} (or nothing, with {@code null}) and returns the holder among the
     * claimants, which should include {@code self}; empty only when there is no claimant.
     */
    public synchronized Optional<Claimant> claim(String self, K key, Collection<Claimant> claimants) {
        K before = key == null ? claimed.remove(self) : claimed.put(self, key);
        if (before != null && !before.equals(key) && self.equals(holders.get(before))) {
            holders.remove(before);
        }
        if (key == null) {
            return Optional.empty();
        }
        String holder = holders.get(key);
        Optional<Claimant> current = claimants.stream().filter(c -> c.name().equals(holder)).findFirst();
        if (current.isPresent() && key.equals(claimed.get(holder))) {
            return current;
        }
        Optional<Claimant> winner = claimants.stream().min(Claimant.ORDER);
        winner.ifPresent(w -> holders.put(key, w.name()));
        return winner;
    }

    /**
     * {@link #claim}s {@code key} for {@code self} and hands {@code requeue} the other claimants of what {@code self}
     * claimed before and of {@code key}, when its claim changed: they must be looked at again (the holder may have
     * changed). Returns the holder.
     */
    public Claimant settle(String self, K key, Collection<Claimant> claimants,
                           java.util.function.Consumer<List<String>> requeue) {
        Optional<K> before = claimOf(self);
        Claimant holder = claim(self, key, claimants).orElseThrow(() ->
                new IllegalArgumentException(self + " is not among the claimants of " + key));
        if (before.isEmpty() || !before.get().equals(key)) {
            before.ifPresent(b -> requeue.accept(othersClaiming(b, self)));
            requeue.accept(othersClaiming(key, self));
        }
        return holder;
    }

    /** {@code self} claims nothing any more; the others that claimed what it held are handed to {@code requeue}. */
    public void release(String self, java.util.function.Consumer<List<String>> requeue) {
        Optional<K> before = claimOf(self);
        claim(self, null, List.of());
        before.ifPresent(b -> requeue.accept(othersClaiming(b, self)));
    }

    /** The other resources that claimed {@code key} when last evaluated (to look at again when it changes hands). */
    public synchronized List<String> othersClaiming(K key, String self) {
        return claimed.entrySet().stream().filter(e -> e.getValue().equals(key) && !e.getKey().equals(self))
                .map(Map.Entry::getKey).sorted().toList();
    }

    /** What {@code name} claimed when last evaluated. */
    public synchronized Optional<K> claimOf(String name) {
        return Optional.ofNullable(claimed.get(name));
    }
}
