package io.converge.dnat;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which forward holds a port and protocol on this node when several claim it. The holder keeps it while it still
 * claims it (a new forward never takes a port from one in service); a free port goes to a PortForward before an
 * implicit forward of a tagged service, then by id. Thread-safe; no I/O.
 */
final class Claims {
    /** A port and protocol on this node. */
    record Key(Protocol protocol, int port) {
        static Key of(Forward forward) {
            return new Key(forward.protocol(), forward.port());
        }

        @Override
        public String toString() {
            return port + "/" + protocol.text();
        }
    }

    /** A forward claiming a key: its resource name, id (ordering) and owner (for messages). */
    record Claimant(String name, String id, String owner, boolean implicit) {
        static final Comparator<Claimant> ORDER = Comparator.comparing(Claimant::implicit)
                .thenComparing(Claimant::id);
    }

    private final Map<Key, String> holders = new HashMap<>();
    private final Map<String, Key> claimed = new HashMap<>();

    /**
     * Records that {@code self} claims {@code key} (or nothing, with {@code null}) and returns the holder among the
     * claimants, which include {@code self}.
     */
    synchronized Optional<Claimant> claim(String self, Key key, Collection<Claimant> claimants) {
        Key before = key == null ? claimed.remove(self) : claimed.put(self, key);
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

    /** The other resources that claimed {@code key} when last evaluated (to look at again when it changes hands). */
    synchronized List<String> othersClaiming(Key key, String self) {
        return claimed.entrySet().stream().filter(e -> e.getValue().equals(key) && !e.getKey().equals(self))
                .map(Map.Entry::getKey).sorted().toList();
    }

    /** What {@code name} claimed when last evaluated. */
    synchronized Optional<Key> claimOf(String name) {
        return Optional.ofNullable(claimed.get(name));
    }
}
