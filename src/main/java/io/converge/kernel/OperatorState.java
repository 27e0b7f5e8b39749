package io.converge.kernel;

import java.util.List;
import java.time.Duration;

/** What readiness reads of the running operator; every method is local and quick. */
public interface OperatorState {

    /** True once the first sync is done and the work queues run. */
    boolean ready();

    /** Every event source: the shared watches and each room's own. */
    List<EventSource> sources();

    /** The rooms, for their engines. */
    List<Room> rooms();

    /** Asks the local Consul agent once, waiting at most {@code limit}: true when it answered. Never throws. */
    boolean agentAnswers(Duration limit);
}
