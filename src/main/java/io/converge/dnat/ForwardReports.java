package io.converge.dnat;

import io.converge.kernel.SpecCache;
import io.converge.kernel.ApplyResult;
import io.converge.kernel.NodeStatusWriter;
import io.converge.kernel.Evaluation;
import io.converge.kernel.ReferenceIndex;
import io.converge.kernel.StatusStore;
import io.converge.model.Kind;
import io.converge.model.Status;
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

    private final NodeStatusWriter writer;
    private final SpecCache<PortForwardSpec> specs;

    ForwardReports(StatusStore statuses, SpecCache<PortForwardSpec> specs, String node, InstantSource clock) {
        this.writer = new NodeStatusWriter(Kind.PORT_FORWARD, statuses, node, clock);
        this.specs = specs;
    }

    void report(String name, Evaluation<ForwardPart> evaluation, ApplyResult applied, Installer installer) {
        if (name.startsWith(ReferenceIndex.IMPLICIT_PREFIX)) {
            logImplicit(name, evaluation, applied);
            return;
        }
        if (evaluation.outcome() == Evaluation.Outcome.ABSENT) {
            writer.removed(name);
            return;
        }
        Optional<SpecCache.Checked<PortForwardSpec>> current = specs.current(name);
        long generation = current.map(SpecCache.Checked::generation).orElse(0L);
        Optional<SpecCache.Checked<PortForwardSpec>> inForce = current.filter(SpecCache.Checked::valid)
                .or(() -> specs.lastValid(name));
        ForwardPart part = evaluation.part().orElse(ForwardPart.ELSEWHERE);
        Optional<Installer.Held> held = part.selected() ? installer.held(part.forward().id()) : Optional.empty();
        ForwardStatus.Here here = new ForwardStatus.Here(part, installer.answersOnWan(),
                applied.ok() ? "" : applied.reason(), held.map(Installer.Held::since).orElse(null));
        boolean valid = evaluation.outcome() == Evaluation.Outcome.VALID;
        Status stored = writer.write(name, generation, valid ? "" : evaluation.message(),
                inForce.map(SpecCache.Checked::json).orElse(null), inForce.map(SpecCache.Checked::generation).orElse(0L),
                ForwardStatus.entry(here), ForwardStatus::summarize);
        if (!valid) {
            LOG.warnf("portforwards/%s gen %d: rejected, %s; %s", name, generation, evaluation.message(),
                    inForce.map(c -> "generation " + c.generation() + " stays in force").orElse("nothing forwarded"));
        } else {
            LOG.debugf("portforwards/%s gen %d: %s", name, generation, stored.message());
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
