package io.converge.kernel;

import io.converge.model.Kind;
import java.util.Optional;
import java.util.Set;

/**
 * The desired state as last seen by the spec watches: a warm cache, read on every reconcile pass. Caches stay
 * warm on every node whether or not it acts (leadership gates acting, not watching).
 */
public interface DesiredState {

    Optional<RawDocument> get(Kind kind, String name);

    Set<String> names(Kind kind);

    /** True once the first full listing of every watched kind has been loaded. */
    boolean synced();
}
