package io.converge.services;

import com.fasterxml.jackson.databind.JsonNode;
import io.converge.kernel.DesiredState;
import io.converge.kernel.NodeIdentity;
import io.converge.kernel.Placement;
import io.converge.kernel.RawDocument;
import io.converge.kernel.Reconciler;
import io.converge.kernel.ResourceKey;
import io.converge.kernel.Result;
import io.converge.kernel.StatusStore;
import io.converge.model.Condition;
import io.converge.model.DocumentValidator;
import io.converge.model.Durations;
import io.converge.model.Problem;
import io.converge.model.Kind;
import io.converge.model.Phase;
import io.converge.model.Status;
import io.converge.model.Validation;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Converges one Service on this node: validate the document (an invalid one leaves the last valid spec in
 * force), ask placement whether this node runs it, plan containers against what Docker shows, apply the plan,
 * keep the Consul registration in step, and write status. Level-triggered; a second pass changes nothing.
 */
public final class ServiceReconciler implements Reconciler {
    private static final Logger LOG = Logger.getLogger(ServiceReconciler.class);

    /**
     * Node-level settings of the room.
     *
     * @param minLockDelay the shortest {@code placement.lockDelay} this node can fence within (fence-after plus
     *                     the kill budget); shorter ones are rejected like invalid input
     */
    public record Settings(NodeIdentity node, String prefix, boolean nodeSuffix, Duration stopGrace,
                           Duration minLockDelay, DataRoot dataRoot) {

        public Settings(NodeIdentity node, String prefix, boolean nodeSuffix, Duration stopGrace,
                        Duration minLockDelay) {
            this(node, prefix, nodeSuffix, stopGrace, minLockDelay, new DataRoot(DataRoot.DEFAULT));
        }

        Owner owner() {
            return new Owner(node.name(), prefix);
        }
    }

    private record Applied(JsonNode spec, long generation) {
    }

    private final DesiredState desired;
    private final StatusStore statuses;
    private final DocumentValidator validator;
    private final InstanceConverger converger;
    private final InstantSource clock;
    private final String node;
    private final Duration minLockDelay;

    public ServiceReconciler(DesiredState desired, StatusStore statuses, DocumentValidator validator,
                             Placement placement, ContainerRuntime runtime, InstanceRegistry registry,
                             Settings settings, InstantSource clock) {
        this(desired, statuses, validator, placement, runtime, registry, settings, clock, BackupScheduler.NONE,
                new io.converge.services.archive.FileBackups());
    }

    /** With backups: scheduled by {@code scheduler}, kept by {@code store}. */
    public ServiceReconciler(DesiredState desired, StatusStore statuses, DocumentValidator validator,
                             Placement placement, ContainerRuntime runtime, InstanceRegistry registry,
                             Settings settings, InstantSource clock, BackupScheduler scheduler,
                             BackupRestore store) {
        this.desired = desired;
        this.statuses = statuses;
        this.validator = validator;
        this.converger = new InstanceConverger(placement, runtime, registry, settings, clock, new Backups(scheduler,
                store, runtime, placement, statuses, settings.dataRoot(), settings.node().name(), clock));
        this.clock = clock;
        this.node = settings.node().name();
        this.minLockDelay = settings.minLockDelay();
    }

    @Override
    public Result reconcile(String name) {
        Optional<RawDocument> raw = desired.get(Kind.SERVICE, name);
        if (raw.isEmpty()) {
            tearDown(name);
            return Result.done();
        }
        long generation = raw.get().modifyIndex();
        Validation validation = usable(raw.get().key(), placementRules(raw.get().key(),
                validator.validate(raw.get().key(), Kind.SERVICE, name, raw.get().value(), generation)));
        Optional<Applied> applied;
        if (validation.isValid()) {
            applied = Optional.of(new Applied(validation.resource().spec(), generation));
        } else {
            applied = statuses.read(Kind.SERVICE, name).filter(s -> s.appliedSpec() != null)
                    .map(s -> new Applied(s.appliedSpec(), s.appliedGeneration() == null ? 0 : s.appliedGeneration()));
            LOG.warnf("services/%s gen %d: rejected, %s; %s", name, generation, validation.message(),
                    applied.map(a -> "generation " + a.generation() + " stays in force").orElse("nothing to run"));
        }
        if (applied.isEmpty()) {
            statuses.update(Kind.SERVICE, name, s -> withValidity(s.withObservedGeneration(generation), validation)
                    .withPhase(Phase.FAILED, "invalid document: " + validation.message()));
            return Result.terminal(validation.message());
        }
        Applied a = applied.get();
        String logPrefix = "services/" + name + " gen " + a.generation();
        ServiceSpec spec = ServiceSpec.from(a.spec());
        Report report = converger.converge(name, spec, a.generation(), logPrefix,
                () -> statuses.read(Kind.SERVICE, name).map(s -> s.backupOrEmpty().ranOn()));
        if (!validation.isValid()) {
            report.phase(report.phase(), "generation " + generation + " rejected (see Valid); generation "
                    + a.generation() + " stays in force: " + report.message());
        }
        statuses.update(Kind.SERVICE, name, s -> report.applyBackup(report.applyTo(
                withValidity(s.withObservedGeneration(generation), validation), node, clock.instant())
                .withApplied(a.spec(), a.generation()), node, spec.backup() != null));
        if (!validation.isValid() && report.result().kind() == Result.Kind.DONE) {
            return Result.terminal(validation.message());
        }
        return report.result();
    }

    /**
     * What the schema cannot know: a lock-delay this node could not fence within, or above Consul's 60 s cap.
     * Rejected like any invalid document, so the last valid spec stays in force.
     */
    private Validation placementRules(String key, Validation validation) {
        if (!validation.isValid()) {
            return validation;
        }
        JsonNode lockDelay = validation.resource().spec().path("placement").path("lockDelay");
        if (!lockDelay.isTextual()) {
            return validation;
        }
        Duration d = Durations.parse(lockDelay.asText());
        if (d.compareTo(minLockDelay) < 0) {
            return Validation.rejected(key, List.of(new Problem("/spec/placement/lockDelay", "lock-delay "
                    + lockDelay.asText() + " is shorter than this node can fence within ("
                    + Durations.format(minLockDelay) + " = converge.placement.fence-after + fence-kill-budget)")));
        }
        if (d.compareTo(Duration.ofSeconds(60)) > 0) {
            return Validation.rejected(key, List.of(new Problem("/spec/placement/lockDelay", "lock-delay "
                    + lockDelay.asText() + " is above Consul's limit of 60s")));
        }
        return validation;
    }

    /**
     * A last guard behind the schema: a spec converge cannot map to its types (a number beyond what it can hold)
     * is rejected like an invalid document, with the JSON path of the value, instead of failing every pass.
     */
    private static Validation usable(String key, Validation validation) {
        if (!validation.isValid()) {
            return validation;
        }
        try {
            ServiceSpec.from(validation.resource().spec());
            return validation;
        } catch (IllegalArgumentException e) {
            StringBuilder path = new StringBuilder("/spec");
            if (e.getCause() instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
                m.getPath().forEach(r -> path.append('/').append(r.getFieldName() != null ? r.getFieldName()
                        : String.valueOf(r.getIndex())));
            }
            return Validation.rejected(key, List.of(new Problem(path.toString(),
                    "is out of the range converge can use")));
        }
    }

    /** This node lost the locks of these services: kill their instances now, without waiting on Consul. */
    public void fence(String name) {
        converger.fence(name, "services/" + name);
    }

    /**
     * Graceful shutdown of a node that holds the service's lock: removes its instances and registration and
     * releases the lock, so that a standby takes over at once instead of after lock-delay.
     */
    public void standDown(String name) {
        converger.remove(name, "services/" + name, "converge is shutting down and gives up its lock",
                false);
        statuses.update(Kind.SERVICE, name, s -> s.withNode(node, null));
    }

    private Status withValidity(Status s, Validation validation) {
        return validation.isValid()
                ? s.withCondition("Valid", Condition.TRUE, "SchemaOk", "", clock.instant())
                : s.withCondition("Valid", Condition.FALSE, "Invalid", validation.message(), clock.instant());
    }

    /** The spec is gone: remove this node's instances and registration, then its part of the status. */
    private void tearDown(String name) {
        converger.remove(name, "services/" + name, "no spec: deleted, or an orphan", true);
        Optional<Status> status = statuses.read(Kind.SERVICE, name);
        if (status.isEmpty()) {
            return;
        }
        Status rest = statuses.update(Kind.SERVICE, name, s -> s.withNode(node, null)
                .withPhase(Phase.TERMINATING, "spec deleted; removing instances"));
        if (rest.nodes().isEmpty()) {
            statuses.delete(Kind.SERVICE, name);
            LOG.infof("services/%s: spec deleted; instances, registration and status removed", name);
        }
    }

    /** For tests and wiring: the key this reconciler works on. */
    static ResourceKey key(String name) {
        return new ResourceKey(Kind.SERVICE, name);
    }
}
