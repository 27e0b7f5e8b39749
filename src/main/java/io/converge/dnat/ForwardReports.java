package io.converge.dnat;

import io.converge.kernel.SpecCache;
import io.converge.kernel.ApplyResult;
import io.converge.kernel.Evaluation;
import io.converge.kernel.ReferenceIndex;
import io.converge.kernel.StatusStore;
import io.converge.model.Condition;
import io.converge.model.Kind;
import io.converge.model.Status;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Writes a PortForward's status after the apply that carried its part: validity, this node's entry (rules
 * installed, backends, since when, the firewall's error, a conflict), and the summary derived from every node's
 * entry. Implicit forwards (tagged services) have no document, hence no status: they are logged.
 */
final class ForwardReports {
    private static final Logger LOG = Logger.getLogger(ForwardReports.class);

    private final StatusStore statuses;
    private final SpecCache<PortForwardSpec> specs;
    private final String node;
    private final InstantSource clock;

    ForwardReports(StatusStore statuses, SpecCache<PortForwardSpec> specs, String node, InstantSource clock) {
        this.statuses = statuses;
        this.specs = specs;
        this.node = node;
        this.clock = clock;
    }

    void report(String name, Evaluation<ForwardPart> evaluation, ApplyResult applied, Installer installer) {
        if (name.startsWith(ReferenceIndex.IMPLICIT_PREFIX)) {
            logImplicit(name, evaluation, applied);
            return;
        }
        if (evaluation.outcome() == Evaluation.Outcome.ABSENT) {
            removed(name);
            return;
        }
        Instant now = clock.instant();
        Optional<SpecCache.Checked<PortForwardSpec>> current = specs.current(name);
        long generation = current.map(SpecCache.Checked::generation).orElse(0L);
        Optional<SpecCache.Checked<PortForwardSpec>> inForce = current.filter(SpecCache.Checked::valid)
                .or(() -> specs.lastValid(name));
        ForwardPart part = evaluation.part().orElse(ForwardPart.ELSEWHERE);
        Optional<Installer.Held> held = part.selected() ? installer.held(part.forward().id()) : Optional.empty();
        ForwardStatus.Here here = new ForwardStatus.Here(part, installer.answersOnWan(),
                applied.ok() ? "" : applied.reason(), held.map(Installer.Held::since).orElse(null));
        boolean valid = evaluation.outcome() == Evaluation.Outcome.VALID;
        Status stored = statuses.update(Kind.PORT_FORWARD, name, s -> {
            Status next = s.withObservedGeneration(generation).withNode(node, ForwardStatus.entry(here));
            next = valid ? next.withCondition("Valid", Condition.TRUE, "SchemaOk", "", now)
                    : next.withCondition("Valid", Condition.FALSE, "Invalid", evaluation.message(), now);
            if (inForce.isPresent() && inForce.get().json() != null) {
                next = next.withApplied(inForce.get().json(), inForce.get().generation());
            }
            return ForwardStatus.summarize(next, now);
        });
        if (!valid) {
            LOG.warnf("portforwards/%s gen %d: rejected, %s; %s", name, generation, evaluation.message(),
                    inForce.map(c -> "generation " + c.generation() + " stays in force").orElse("nothing forwarded"));
        } else {
            LOG.debugf("portforwards/%s gen %d: %s", name, generation, stored.message());
        }
    }

    /** The spec is gone and its part has left the tables: remove this node's entry, then the status if none is left. */
    private void removed(String name) {
        if (statuses.read(Kind.PORT_FORWARD, name).isEmpty()) {
            return;
        }
        Status rest = statuses.update(Kind.PORT_FORWARD, name, s -> s.withNode(node, null));
        if (rest.nodes().isEmpty()) {
            statuses.delete(Kind.PORT_FORWARD, name);
            LOG.infof("portforwards/%s: spec deleted; rules and status removed", name);
        }
    }

    private static void logImplicit(String name, Evaluation<ForwardPart> evaluation, ApplyResult applied) {
        String service = name.substring(ReferenceIndex.IMPLICIT_PREFIX.length());
        Optional<ForwardPart> part = evaluation.part();
        if (!applied.ok()) {
            LOG.warnf("service %s (tag export): not forwarded, the firewall refused the tables", service);
        } else if (part.isEmpty() || !part.get().selected()) {
            LOG.infof("service %s (tag export): no longer forwarded on this node", service);
        } else if (!part.get().conflict().isEmpty()) {
            LOG.warnf("service %s (tag export): %s", service, part.get().conflict());
        } else {
            LOG.infof("service %s (tag export): port %d/%s to %s", service, part.get().forward().port(),
                    part.get().forward().protocol().text(), part.get().forward().backends().stream()
                            .map(Backend::endpoint).toList());
        }
    }
}
