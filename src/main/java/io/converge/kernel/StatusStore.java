package io.converge.kernel;

import io.converge.model.Kind;
import io.converge.model.Status;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Status documents under {@code converge/status/}: read, changed with check-and-set, deleted. */
public interface StatusStore {

    Optional<Status> read(Kind kind, String name);

    /**
     * Applies {@code change} to the stored status (or {@link Status#empty()}) and writes the result with
     * check-and-set, re-reading and re-applying when another writer got there first. Writes nothing when the
     * result equals what is stored.
     *
     * @return the status now stored
     */
    Status update(Kind kind, String name, UnaryOperator<Status> change);

    /** Deletes the status key. Idempotent. */
    void delete(Kind kind, String name);

    /** The names that have a status key. */
    Set<String> names(Kind kind);
}
