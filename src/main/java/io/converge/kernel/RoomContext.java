package io.converge.kernel;

import io.converge.model.DocumentValidator;
import java.time.Duration;
import java.time.InstantSource;

/**
 * What the operator shares with every room when it builds it: this node, the desired state and status store, the
 * validator, placement and leadership, the cluster's catalog view, the sink every event source writes to, and
 * the clock.
 *
 * @param prefix       the KV prefix (part of what marks converge's own objects in the world)
 * @param minLockDelay the shortest lock-delay this node can fence within (fence-after plus the kill budget)
 */
public record RoomContext(NodeIdentity node, String prefix, DesiredState desired, StatusStore statuses,
                          DocumentValidator validator, Placement placement, Leadership leadership,
                          ServiceCatalog catalog, KeySink sink, Duration minLockDelay, InstantSource clock) {
}
