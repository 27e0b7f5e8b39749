package io.converge.routes;

import io.converge.kernel.ApplyResult;
import io.converge.kernel.Evaluation;
import io.converge.kernel.NodeStatusWriter;
import io.converge.kernel.ReferenceIndex;
import io.converge.kernel.SpecCache;
import io.converge.kernel.StatusStore;
import io.converge.model.Kind;
import io.converge.model.NodeStatus;
import io.converge.model.NodeSummary;
import io.converge.model.Phase;
import io.converge.model.Status;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Writes a Route's status after the change of the proxy that carried its part: validity, this proxy node's entry
 * (served or not, upstreams, TLS, since when, the proxy's error, a conflict), and the summary derived from every
 * proxy node's entry. Implicit routes (tagged services) have no document, hence no status: they are logged.
 */
final class RouteReports {
    private static final Logger LOG = Logger.getLogger(RouteReports.class);

    private final NodeStatusWriter writer;
    private final SpecCache<RouteSpec> specs;

    RouteReports(StatusStore statuses, SpecCache<RouteSpec> specs, String node, InstantSource clock) {
        this.writer = new NodeStatusWriter(Kind.ROUTE, statuses, node, clock);
        this.specs = specs;
    }

    void report(String name, Evaluation<RoutePart> evaluation, ApplyResult applied, RouteInstaller installer) {
        if (name.startsWith(ReferenceIndex.IMPLICIT_PREFIX)) {
            logImplicit(name.substring(ReferenceIndex.IMPLICIT_PREFIX.length()), evaluation, applied);
            return;
        }
        if (evaluation.outcome() == Evaluation.Outcome.ABSENT) {
            writer.removed(name);
            return;
        }
        Optional<SpecCache.Checked<RouteSpec>> current = specs.current(name);
        long generation = current.map(SpecCache.Checked::generation).orElse(0L);
        Optional<SpecCache.Checked<RouteSpec>> inForce = current.filter(SpecCache.Checked::valid)
                .or(() -> specs.lastValid(name));
        boolean valid = evaluation.outcome() == Evaluation.Outcome.VALID;
        NodeStatus entry = evaluation.part().map(p -> entry(p, applied, installer)).orElse(null);
        writer.write(name, generation, valid ? "" : evaluation.message(),
                inForce.map(SpecCache.Checked::json).orElse(null), inForce.map(SpecCache.Checked::generation).orElse(0L),
                entry, (s, now) -> NodeSummary.summarize(s, now, "no proxy node carries it", "serving",
                        "ProxyError", "HostPathTaken"));
        if (!valid) {
            LOG.warnf("routes/%s gen %d: rejected, %s; %s", name, generation, evaluation.message(),
                    inForce.map(c -> "generation " + c.generation() + " stays in force").orElse("nothing served"));
        }
    }

    /** This proxy node's entry for the route. */
    static NodeStatus entry(RoutePart part, ApplyResult applied, RouteInstaller installer) {
        ProxyRoute r = part.route();
        List<String> upstreams = r.upstreams().stream().map(Upstream::dial).toList();
        if (!part.conflict().isEmpty()) {
            return new NodeStatus(NodeStatus.ACTIVE, null, null, Phase.FAILED.text(), part.conflict(), false, null,
                    null, null, part.conflict());
        }
        if (!part.problem().isEmpty()) {
            return node(Phase.FAILED, "not served here: " + part.problem(), false, null, null, part.problem());
        }
        if (!applied.ok()) {
            return node(Phase.FAILED, "the proxy refused converge's routes; the previous ones still serve", null,
                    upstreams, null, applied.reason());
        }
        String since = installer.held(r.id()).map(h -> h.since().toString()).orElse(null);
        String where = (r.tls() == null ? "http://" : "https://") + r.host() + r.path() + " (TLS: "
                + (r.tls() == null ? "none" : r.tls().isInternal() ? "Caddy's internal CA" : r.tls().certFile()) + ")";
        if (upstreams.isEmpty()) {
            return node(Phase.PENDING, where + ": no passing instance, the proxy answers 503", true, upstreams,
                    since, null);
        }
        return node(Phase.RUNNING, "serving " + where + " from " + upstreams.size()
                + (upstreams.size() == 1 ? " upstream" : " upstreams"), true, upstreams, since, null);
    }

    private static NodeStatus node(Phase phase, String message, Boolean installed, List<String> upstreams,
                                   String since, String error) {
        return new NodeStatus(NodeStatus.ACTIVE, null, null, phase.text(), message, installed, upstreams, since,
                error, null);
    }

    private static void logImplicit(String service, Evaluation<RoutePart> evaluation, ApplyResult applied) {
        Optional<RoutePart> part = evaluation.part();
        if (part.isEmpty()) {
            LOG.infof("service %s (tag web): no route any more", service);
        } else if (!applied.ok()) {
            LOG.warnf("service %s (tag web): not served, the proxy refused converge's routes", service);
        } else if (!part.get().conflict().isEmpty()) {
            LOG.warnf("service %s (tag web): %s", service, part.get().conflict());
        } else {
            LOG.infof("service %s (tag web): %s%s to %s", service, part.get().route().host(),
                    part.get().route().path(), part.get().route().upstreams().stream().map(Upstream::dial).toList());
        }
    }
}
