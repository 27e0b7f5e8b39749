package io.converge.services;

import io.converge.kernel.EventSource;
import io.converge.kernel.RawDocument;
import io.converge.kernel.Reconciler;
import io.converge.kernel.ResourceKey;
import io.converge.kernel.Room;
import io.converge.kernel.RoomContext;
import io.converge.kernel.Trigger;
import io.converge.model.Kind;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Service room: containers of Services on this node, placed by locks where the spec asks, registered in the
 * node's agent. Owns the managed containers and registrations of this node and KV prefix; Docker's event stream is
 * its own event source.
 */
public final class ServiceRoom implements Room {
    private final ServiceReconciler reconciler;
    private final ContainerRuntime runtime;
    private final InstanceRegistry registry;
    private final Owner owner;
    private final EventSource events;

    /**
     * @param nodeSuffix container names end in {@code -<node>} (nodes sharing one Docker engine)
     * @param stopGrace  how long an instance gets to stop before it is killed
     */
    public ServiceRoom(RoomContext context, ContainerRuntime runtime, InstanceRegistry registry, boolean nodeSuffix,
                       Duration stopGrace) {
        this(context, runtime, registry, nodeSuffix, stopGrace, DataRoot.DEFAULT, BackupScheduler.NONE);
    }

    /**
     * @param dataRoot  where relative volume sources live on this node ({@code converge.data-root})
     * @param scheduler runs the backups of the services this node runs
     */
    public ServiceRoom(RoomContext context, ContainerRuntime runtime, InstanceRegistry registry, boolean nodeSuffix,
                       Duration stopGrace, java.nio.file.Path dataRoot, BackupScheduler scheduler) {
        this.runtime = runtime;
        this.registry = registry;
        this.owner = new Owner(context.node().name(), context.prefix());
        this.reconciler = new ServiceReconciler(context.desired(), context.statuses(), context.validator(),
                context.placement(), runtime, registry, new ServiceReconciler.Settings(context.node(),
                        context.prefix(), nodeSuffix, stopGrace, context.minLockDelay(), new DataRoot(dataRoot)),
                context.clock(), scheduler, new io.converge.services.archive.FileBackups());
        this.events = runtime.events(owner,
                name -> context.sink().enqueue(new ResourceKey(Kind.SERVICE, name), Trigger.OBSERVED),
                () -> context.sink().resync(Kind.SERVICE));
    }

    @Override
    public Kind kind() {
        return Kind.SERVICE;
    }

    @Override
    public Scope scope() {
        return Scope.EVERY_NODE;
    }

    @Override
    public Reconciler reconciler() {
        return reconciler;
    }

    /** The services of this node's managed containers and of this converge's registrations on the agent. */
    @Override
    public Collection<String> owned() {
        Set<String> names = new TreeSet<>();
        runtime.listManaged(owner).stream().map(Instance::service).filter(Objects::nonNull).forEach(names::add);
        String idPrefix = ContainerSpecs.registrationId("");
        registry.managedIds(owner.prefix()).forEach(id -> names.add(id.substring(idPrefix.length())));
        return names;
    }

    /** A Service's instances are registered in Consul under its own name: their health changes enqueue it. */
    @Override
    public Set<String> references(RawDocument document) {
        String key = document.key();
        return Set.of(key.substring(key.lastIndexOf('/') + 1));
    }

    @Override
    public List<EventSource> sources() {
        return List.of(events);
    }

    @Override
    public void fenced(Set<String> names, String reason) {
        names.forEach(reconciler::fence);
    }

    @Override
    public void standDown(String name) {
        reconciler.standDown(name);
    }

    @Override
    public Optional<String> engineProblem() {
        try {
            runtime.ping();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("docker unreachable: " + e.getMessage());
        }
    }
}
