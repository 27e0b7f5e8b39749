package io.converge.services;

import io.converge.kernel.Placement;
import io.converge.kernel.ResourceKey;
import io.converge.kernel.Result;
import io.converge.model.Kind;
import io.converge.model.NodeStatus;
import io.converge.model.Phase;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The node-local half of a Service pass: placement, container plan and its execution, registration, and the
 * {@link Report} of what it found. Remembers only how often each service's instance had to be restarted after
 * exiting (to tell a one-off stop from a crash loop); everything else is observed anew on every pass.
 */
final class InstanceConverger {
    private static final Logger LOG = Logger.getLogger(InstanceConverger.class);
    /** An instance up this long after a restart counts as stable again. */
    private static final Duration STABLE_AFTER = Duration.ofSeconds(30);

    private final Placement placement;
    private final ContainerRuntime runtime;
    private final Registrar registrar;
    private final PlanExecutor executor;
    private final ServiceReconciler.Settings settings;
    private final InstantSource clock;
    private final Backups backups;
    private final DataRoot dataRoot;
    private final Map<String, Integer> restarts = new ConcurrentHashMap<>();
    /** The last placement decision per service (numbers left out), so that each change is logged once. */
    private final Map<String, String> roles = new ConcurrentHashMap<>();
    /** Services whose instance this node killed when fencing: starting it again is no crash. */
    private final java.util.Set<String> fenced = ConcurrentHashMap.newKeySet();

    InstanceConverger(Placement placement, ContainerRuntime runtime, InstanceRegistry registry,
                      ServiceReconciler.Settings settings, InstantSource clock, Backups backups) {
        this.placement = placement;
        this.runtime = runtime;
        this.registrar = new Registrar(registry, settings.node(), settings.prefix());
        this.executor = new PlanExecutor(runtime, settings.stopGrace());
        this.settings = settings;
        this.clock = clock;
        this.backups = backups;
        this.dataRoot = settings.dataRoot();
    }

    /**
     * One pass.
     *
     * @param ranOn the node that last ran the service (status), asked only when this node is about to create
     *              its instance and the spec restores on a move
     */
    Report converge(String name, ServiceSpec spec, long generation, String logPrefix,
                    Supplier<Optional<String>> ranOn) {
        Report report = new Report();
        ResourceKey key = new ResourceKey(Kind.SERVICE, name);
        Placement.Decision decision = placement.decide(key, spec.placement());
        boolean active = decision.active();
        String said = decision.role() + ": " + decision.reason().replaceAll("[0-9]", "");
        if (!said.equals(roles.put(name, said))) {
            LOG.infof("%s: %s on %s: %s", logPrefix, decision.role().name().toLowerCase().replace('_', ' '),
                    settings.node().name(), decision.reason());
        }
        report.condition("Placed", active, active ? "Active"
                : decision.role() == Placement.Role.STANDBY ? "Standby" : "NotCandidate", decision.reason())
                .holders("every".equals(spec.placement().mode()) ? null : decision.holders());
        decision.retryAfter().ifPresent(d -> report.result(Result.requeueAfter(d)));
        List<Instance> observed = instancesOf(name);
        Optional<ServicePlanner.Desired> want = active ? Optional.of(new ServicePlanner.Desired(
                ContainerSpecs.from(name, dataRoot.resolve(spec), settings.owner(), settings.nodeSuffix()),
                spec.imagePull()))
                : Optional.empty();
        Plan plan = ServicePlanner.plan(want, observed, imagePresentIfNeeded(want, observed));
        if (plan.blocked().isPresent()) {
            return failed(report, "ImageNotPresent", plan.blocked().get(), logPrefix);
        }
        boolean locked = !"every".equals(spec.placement().mode());
        if (active && locked && starts(plan) && !placement.confident(key)) {
            return report.phase(Phase.PENDING, "holds the lock but waits for Consul to confirm its session before"
                    + " starting an instance").result(Result.requeueAfter(java.time.Duration.ofMillis(250)));
        }
        if (active && creates(plan)) {
            if (spec.backup() != null && spec.backup().restoreOnMove()) {
                backups.restoreOnMove(name, spec.backup(), ranOn, logPrefix).ifPresent(report::restored);
            }
            try {
                dataRoot.createMissing(spec);
            } catch (java.io.IOException e) {
                return failed(report, "VolumeSourceFailed", "cannot create a volume source under the data root "
                        + dataRoot.root() + ": " + e, logPrefix);
            }
        }
        if (creates(plan)) {
            restarts.remove(name); // a new instance (say, a fixed spec) does not inherit the old one's crash count
        }
        boolean restartAfterExit = plan.actions().stream().anyMatch(a -> a instanceof Action.Start)
                && !(active && fenced.remove(name));
        PlanExecutor.Outcome outcome = execute(name, plan, logPrefix);
        if (active && locked && !placement.holds(key)) {
            // fenced while this pass started the instance: it must not outlive the lock
            fence(name, logPrefix + ": fenced during the pass");
            return report.phase(Phase.STANDBY, "fenced: this node no longer holds the lock")
                    .condition("Placed", false, "Fenced", "the lock was given up while the instance started")
                    .result(Result.requeueAfter(java.time.Duration.ofMillis(100)));
        }
        if (outcome.failure().isPresent()) {
            PlanExecutor.Failure f = outcome.failure().get();
            return failed(report, f.reason(), f.message(), logPrefix);
        }
        if (!active) {
            return notActive(name, key, decision, report);
        }
        Optional<Instance> instance = outcome.instanceId().flatMap(runtime::inspect);
        if (instance.isEmpty() || !instance.get().running()) {
            String state = instance.map(i -> i.state() + " (code " + i.exitCode() + ")").orElse("gone");
            registrar.deregister(name);
            return failed(report, "ContainerNotRunning", "instance is " + state + " right after start", logPrefix);
        }
        return running(name, spec, generation, instance.get(), restartAfterExit, report, logPrefix);
    }

    private static boolean creates(Plan plan) {
        return plan.actions().stream().anyMatch(a -> a instanceof Action.Create);
    }

    private static boolean starts(Plan plan) {
        return plan.actions().stream().anyMatch(a -> a instanceof Action.Create || a instanceof Action.Start);
    }

    /** Applies the plan; an instance going away takes its registration (and check status) with it. */
    private PlanExecutor.Outcome execute(String name, Plan plan, String logPrefix) {
        boolean removes = plan.actions().stream().anyMatch(a -> a instanceof Action.Remove);
        if (removes) {
            // a replacement must not inherit a passing check it has not earned
            registrar.markStopping(name);
        }
        PlanExecutor.Outcome outcome = executor.apply(logPrefix, plan);
        if (removes) {
            registrar.deregister(name);
        }
        return outcome;
    }

    /** This node does not run the service (its instances are gone now): standby or not a candidate. */
    private Report notActive(String name, ResourceKey key, Placement.Decision decision, Report report) {
        registrar.deregister(name);
        backups.cancel(name);
        restarts.remove(name);
        fenced.remove(name);
        if (decision.yielding()) {
            placement.release(key);
        }
        boolean standby = decision.role() == Placement.Role.STANDBY;
        return report.phase(standby ? Phase.STANDBY : Phase.PENDING, decision.reason())
                .condition("Running", false, "NotActive", "this node does not run it")
                .condition("Registered", false, "NotActive", "")
                .condition("Healthy", false, "NotActive", "")
                .node(standby ? new NodeStatus(NodeStatus.STANDBY, null, null) : null);
    }

    /**
     * Kills this node's instances of the service at once (no stop grace, no Consul request): its lock is lost.
     * The next pass deregisters and removes them.
     */
    void fence(String name, String logPrefix) {
        for (Instance i : instancesOf(name)) {
            if (i.running()) {
                LOG.warnf("%s: killing %s (%s): this node no longer holds its lock", logPrefix, i.name(),
                        shortId(i));
                fenced.add(name);
                runtime.stop(i.id(), java.time.Duration.ZERO);
            }
        }
        backups.cancel(name);
    }

    private Report running(String name, ServiceSpec spec, long generation, Instance instance,
                           boolean restartAfterExit, Report report, String logPrefix) {
        Registrar.Outcome reg = registrar.ensure(name, spec, generation, instance, logPrefix);
        backups.running(name, spec.backup(), instance.id());
        report.ranHere();
        report.node(new NodeStatus("active", instance.id(), instance.startedAt()))
                .condition("Running", true, "ContainerRunning", instance.name() + " " + shortId(instance))
                .condition("Registered", true, "Registered", "as " + reg.id() + " (" + reg.stateTag() + ")")
                .condition("Healthy", reg.healthy(), reg.healthReason(), reg.healthMessage());
        String where = " on " + settings.node().name();
        if (restartAfterExit) {
            int count = restarts.merge(name, 1, Integer::sum);
            String msg = "instance had exited and was started again (" + count + " time" + (count > 1 ? "s" : "")
                    + ")" + where;
            return report.phase(count > 1 ? Phase.FAILED : Phase.DEGRADED, msg)
                    .condition("Running", true, count > 1 ? "CrashLoop" : "Restarted", msg)
                    .result(Result.retry(msg));
        }
        Integer restarted = restarts.get(name);
        if (restarted != null) {
            Duration up = uptime(instance);
            if (up.compareTo(STABLE_AFTER) < 0) {
                // keep the backoff growing until the instance proves stable, or a crash loop never slows down
                String msg = "instance restarted " + restarted + " time" + (restarted > 1 ? "s" : "") + " after exiting;"
                        + " up " + up.toSeconds() + "s, stable after " + STABLE_AFTER.toSeconds() + "s" + where;
                return report.phase(Phase.DEGRADED, msg).result(Result.retry(msg));
            }
            restarts.remove(name);
        }
        if (!reg.healthy()) {
            return "running".equals(reg.stateTag())
                    ? report.phase(Phase.DEGRADED, "1 instance running" + where + ", its check is now " + reg.health())
                    : report.phase(Phase.STARTING, "1 instance running" + where + ", check " + reg.health());
        }
        return report.phase(Phase.RUNNING, "1/1 instance " + (spec.check() == null ? "running" : "passing")
                + where);
    }

    private Report failed(Report report, String reason, String message, String logPrefix) {
        LOG.warnf("%s: %s: %s", logPrefix, reason, message);
        return report.phase(Phase.FAILED, reason + ": " + message)
                .condition("Running", false, reason, message)
                .result(Result.retry(reason + ": " + message));
    }

    /**
     * Removes every instance and the registration of a service on this node, then gives up its lock ({@code forget}:
     * the service is gone, so free lock keys are removed too).
     */
    void remove(String name, String logPrefix, String reason, boolean forget) {
        List<Instance> observed = instancesOf(name);
        if (!observed.isEmpty()) {
            registrar.markStopping(name);
        }
        PlanExecutor.Outcome outcome = executor.apply(logPrefix, ServicePlanner.removeAll(observed, reason));
        if (outcome.failure().isPresent()) {
            throw new ContainerRuntime.RuntimeFailure(outcome.failure().get().message(), null, false, false);
        }
        registrar.deregister(name);
        roles.remove(name);
        backups.cancel(name);
        if (forget) {
            placement.forget(new ResourceKey(Kind.SERVICE, name));
        } else {
            placement.release(new ResourceKey(Kind.SERVICE, name));
        }
        restarts.remove(name);
    }

    private List<Instance> instancesOf(String name) {
        return runtime.instancesOf(settings.owner(), name);
    }

    private boolean imagePresentIfNeeded(Optional<ServicePlanner.Desired> want, List<Instance> observed) {
        if (want.isEmpty()) {
            return true;
        }
        String hash = want.get().container().labels().get(Labels.SPEC_HASH);
        return observed.stream().anyMatch(i -> hash.equals(i.specHash()) && !"dead".equals(i.state())
                && !"removing".equals(i.state())) || runtime.imagePresent(want.get().container().image());
    }

    private Duration uptime(Instance instance) {
        try {
            return Duration.between(Instant.parse(instance.startedAt()), clock.instant());
        } catch (DateTimeParseException | NullPointerException e) {
            return Duration.ZERO;
        }
    }

    private static String shortId(Instance i) {
        return i.id().length() > 12 ? i.id().substring(0, 12) : i.id();
    }
}
