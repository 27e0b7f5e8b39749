package io.converge.services;

import io.converge.kernel.EventSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The port to a container engine: a handful of operations, so that another runtime (systemd-nspawn) can come
 * later. Every method acts only on what it is named; {@link #listManaged} returns only containers carrying the
 * labels of their {@link Owner}. Failures are thrown as {@link RuntimeFailure}.
 */
public interface ContainerRuntime {

    /** Managed containers of this node, running or not (from a listing: no start time nor exit code). */
    List<Instance> listManaged(Owner owner);

    /** The managed containers of one service on this node, fully inspected. */
    List<Instance> instancesOf(Owner owner, String service);

    Optional<Instance> inspect(String idOrName);

    boolean imagePresent(String image);

    /** Pulls the image; fails when no registry serves it. */
    void pull(String image);

    /** Creates the container; returns its id. "Already exists" is a {@link RuntimeFailure} with {@code conflict}. */
    String create(ContainerSpec spec);

    void start(String id);

    /** Stops gracefully within {@code grace}, then kills. Idempotent. */
    void stop(String id, Duration grace);

    /** Removes the container and its anonymous volumes, forcibly. Idempotent. */
    void remove(String id);

    /**
     * The lifecycle events of managed containers as an event source (not started); the consumer gets the service
     * name of each. Reconnects by itself after the engine restarts, and then calls {@code reconnected} (events may
     * have been missed: the caller resyncs).
     */
    EventSource events(Owner owner, Consumer<String> serviceChanged, Runnable reconnected);

    /**
     * Runs {@code command} (no shell) inside the running container, as its default user, and waits at most
     * {@code timeout}. A command still running then is a {@link RuntimeFailure} (the engine has no way to stop it:
     * it runs on in the container).
     */
    ExecResult exec(String id, List<String> command, Duration timeout);

    /** What a command run in a container did: its exit code and the end of its output (stdout and stderr). */
    record ExecResult(int exitCode, String output) {
    }

    /** Fails unless the engine answers. */
    void ping();

    /** An engine operation that failed, with what was being done to what. */
    final class RuntimeFailure extends RuntimeException {
        private final boolean conflict;
        private final boolean notFound;

        public RuntimeFailure(String message, Throwable cause, boolean conflict, boolean notFound) {
            super(message, cause);
            this.conflict = conflict;
            this.notFound = notFound;
        }

        public boolean conflict() {
            return conflict;
        }

        public boolean notFound() {
            return notFound;
        }
    }
}
