package io.converge.app;

import io.converge.kernel.DesiredState;
import io.converge.kernel.Room;
import io.converge.kernel.StatusStore;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Every name of a room's kind worth a look at start-up and resync: specs, implicit resources (tagged services),
 * statuses and what the room owns in the world, so that orphans of each (a container or status left by a spec deleted while converge was down) are found.
 */
final class KnownKeys implements Supplier<Collection<String>> {
    private static final Logger LOG = Logger.getLogger(KnownKeys.class);

    private final Room room;
    private final DesiredState specs;
    private final StatusStore statuses;
    private final References references;

    KnownKeys(Room room, DesiredState specs, StatusStore statuses, References references) {
        this.room = room;
        this.specs = specs;
        this.statuses = statuses;
        this.references = references;
    }

    @Override
    public Collection<String> get() {
        Set<String> names = new TreeSet<>(specs.names(room.kind()));
        names.addAll(references.implicitNames(room.kind()));
        try {
            names.addAll(statuses.names(room.kind()));
            names.addAll(room.owned());
        } catch (RuntimeException e) {
            LOG.warnf("resync of %s: could not list everything (%s); the next resync tries again",
                    room.kind().plural(), e);
        }
        return names;
    }
}
