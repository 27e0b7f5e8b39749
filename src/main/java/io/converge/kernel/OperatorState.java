package io.converge.kernel;

import java.util.List;
import java.util.Optional;

/** What readiness reads of the running operator; every method is local and quick. */
public interface OperatorState {

    /** True once the first sync is done and the work queues run. */
    boolean ready();

    /** Every event source: the shared watches and each room's own. */
    List<EventSource> sources();

    /** The rooms, for their engines. */
    List<Room> rooms();

    /** Why the Consul agent does not answer now, or empty when it does (a frozen agent leaves watches waiting). */
    Optional<String> agentProblem();
}
