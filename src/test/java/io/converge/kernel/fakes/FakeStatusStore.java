package io.converge.kernel.fakes;

import io.converge.kernel.StatusStore;
import io.converge.model.Kind;
import io.converge.model.Status;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/** Status keys in memory, honouring the store's contract: an unchanged status is not rewritten. */
public final class FakeStatusStore implements StatusStore {
    private final Map<String, Status> statuses = new TreeMap<>();
    private int writes;

    @Override
    public synchronized Optional<Status> read(Kind kind, String name) {
        return Optional.ofNullable(statuses.get(kind.plural() + "/" + name));
    }

    @Override
    public synchronized Status update(Kind kind, String name, UnaryOperator<Status> change) {
        Status current = statuses.get(kind.plural() + "/" + name);
        Status next = change.apply(current == null ? Status.empty() : current);
        if (!next.equals(current)) {
            statuses.put(kind.plural() + "/" + name, next);
            writes++;
        }
        return next;
    }

    @Override
    public synchronized void delete(Kind kind, String name) {
        if (statuses.remove(kind.plural() + "/" + name) != null) {
            writes++;
        }
    }

    @Override
    public synchronized Set<String> names(Kind kind) {
        String prefix = kind.plural() + "/";
        return statuses.keySet().stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length()))
                .collect(java.util.stream.Collectors.toSet());
    }

    /** How many times a status was written or deleted. */
    public synchronized int writes() {
        return writes;
    }
}
