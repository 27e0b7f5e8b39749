package io.converge.dns;

import io.converge.kernel.Leadership;
import io.converge.kernel.RawDocument;
import io.converge.kernel.Reconciler;
import io.converge.kernel.Room;
import io.converge.kernel.RoomContext;
import io.converge.kernel.SpecCache;
import io.converge.model.Kind;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The DnsRecord room (SPEC §6.4): authoritative records written through one {@link DnsProvider} by the elected
 * cluster leader only; every node watches and validates, so that a new leader starts warm and converges from what
 * the provider holds (its ownership records). Records come from DnsRecord documents and from services tagged
 * {@code export} with meta {@code dns-name}. What converge owns in a zone is told by its ownership records: the
 * leader lists its zones at start, on gaining leadership and at each resync, and a resource found there without a
 * document or a tagged service has its records removed.
 */
public final class DnsRecordRoom implements Room {
    private final DnsProvider provider;
    private final DnsReconciler reconciler;
    private final Leadership leadership;
    private final Zones zones;

    /**
     * @param zones      the zones converge writes; the first is the default zone
     * @param owner      this cluster's owner id (checked: a token without spaces or quotes)
     * @param siteTarget the CNAME target of service-following records, with {@code {site}} and {@code {zone}}
     */
    public DnsRecordRoom(RoomContext context, DnsProvider provider, Zones zones, String owner, String siteTarget) {
        Ownership.badToken(owner).ifPresent(p -> {
            throw new IllegalArgumentException("converge.dns.owner-id: " + p);
        });
        if (!siteTarget.contains("{site}")) {
            throw new IllegalArgumentException("converge.dns.site-target '" + siteTarget + "' has no {site}");
        }
        this.provider = provider;
        this.leadership = context.leadership();
        this.zones = zones;
        SpecCache<DnsRecordSpec> specs = new SpecCache<>(Kind.DNS_RECORD, context.desired(), context.statuses(),
                context.validator(), DnsRecordSpec::from, spec -> DnsChecks.problems(spec, zones));
        this.reconciler = new DnsReconciler(context, specs, new Desires(context.catalog(), zones, siteTarget),
                provider, owner);
    }

    @Override
    public Kind kind() {
        return Kind.DNS_RECORD;
    }

    @Override
    public Scope scope() {
        return Scope.LEADER;
    }

    @Override
    public Reconciler reconciler() {
        return reconciler;
    }

    /**
     * On the leader: the resources this cluster's ownership records name in the zones, from one listing of each
     * zone (so that a resource with neither document nor status still has its records removed). Elsewhere: none,
     * without I/O.
     */
    @Override
    public Collection<String> owned() {
        return leadership != null && leadership.leading() ? reconciler.scan(zones.all()) : List.of();
    }

    @Override
    public Set<String> references(RawDocument document) {
        return Room.specService(document);
    }

    @Override
    public Set<String> implicitTags() {
        return Set.of(Desires.EXPORT_TAG);
    }

    @Override
    public Optional<String> engineProblem() {
        return provider.problem().map(p -> "dns (" + provider.kind() + "): " + p);
    }
}
