package io.converge.services;

import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Applies a {@link Plan} through the runtime, one logged line per action. Stops at the first failure and
 * reports it; what was done before stays done (the next pass re-plans from what it observes).
 */
final class PlanExecutor {
    private static final Logger LOG = Logger.getLogger(PlanExecutor.class);

    /** The outcome: the instance that should now run (if any), or the failure that stopped the plan. */
    record Outcome(Optional<String> instanceId, Optional<Failure> failure) {
    }

    record Failure(String reason, String message) {
    }

    private final ContainerRuntime runtime;
    private final Duration stopGrace;

    PlanExecutor(ContainerRuntime runtime, Duration stopGrace) {
        this.runtime = runtime;
        this.stopGrace = stopGrace;
    }

    Outcome apply(String logPrefix, Plan plan) {
        Optional<String> instance = plan.keep().map(Instance::id);
        for (Action action : plan.actions()) {
            try {
                LOG.infof("%s: %s (%s)", logPrefix, describe(action), action.reason());
                if (action instanceof Action.Pull p) {
                    runtime.pull(p.image());
                } else if (action instanceof Action.Remove r) {
                    runtime.stop(r.instance().id(), stopGrace);
                    runtime.remove(r.instance().id());
                } else if (action instanceof Action.Create c) {
                    String id = runtime.create(c.spec());
                    instance = Optional.of(id);
                    runtime.start(id);
                } else if (action instanceof Action.Start st) {
                    runtime.start(st.instance().id());
                }
            } catch (ContainerRuntime.RuntimeFailure e) {
                return new Outcome(instance, Optional.of(new Failure(reasonOf(action, e), e.getMessage())));
            }
        }
        return new Outcome(instance, Optional.empty());
    }

    private static String describe(Action action) {
        if (action instanceof Action.Pull p) {
            return "pull " + p.image();
        } else if (action instanceof Action.Remove r) {
            return "remove " + r.instance().name() + " " + shortId(r.instance());
        } else if (action instanceof Action.Create c) {
            return "create " + c.spec().name() + " from " + c.spec().image();
        }
        Action.Start st = (Action.Start) action;
        return "start " + st.instance().name() + " " + shortId(st.instance());
    }

    private static String reasonOf(Action action, ContainerRuntime.RuntimeFailure e) {
        if (action instanceof Action.Pull) {
            return "ImagePullFailed";
        } else if (action instanceof Action.Remove) {
            return "RemoveFailed";
        } else if (action instanceof Action.Create) {
            return e.conflict() ? "NameConflict" : "CreateFailed";
        }
        return "StartFailed";
    }

    private static String shortId(Instance i) {
        return i.id().length() > 12 ? i.id().substring(0, 12) : i.id();
    }
}
