package io.converge.dns;

import io.converge.kernel.CatalogInstance;
import io.converge.kernel.ServiceCatalog;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a resource wants, from its spec or its tagged service and the catalog as last seen: fixed values, or a
 * CNAME to the site target of the node where a passing instance of the service runs. With passing instances in
 * several sites, the site already published stays (no flapping), else the first site by name. No I/O.
 */
public final class Desires {
    /** The tag of services that stand for implicit records, with meta {@link #NAME_META}. */
    public static final String EXPORT_TAG = "export";
    /** The meta of an exported service naming its record (relative to the first zone, or absolute). */
    public static final String NAME_META = "dns-name";
    /** The meta of an exported service giving its record's TTL (seconds). */
    public static final String TTL_META = "dns-ttl";

    private final ServiceCatalog catalog;
    private final Zones zones;
    private final String siteTarget;

    public Desires(ServiceCatalog catalog, Zones zones, String siteTarget) {
        this.catalog = catalog;
        this.zones = zones;
        this.siteTarget = siteTarget;
    }

    /**
     * @param resource       the resource's own name (the record's name when the spec names none)
     * @param currentTarget  the CNAME target published now, kept while its site still has a passing instance
     */
    public Wanted of(String resource, DnsRecordSpec spec, Optional<String> currentTarget) {
        String zone = DnsChecks.zoneOf(spec, zones).orElseThrow();
        String name = Zones.resolve(spec.name() == null ? resource : spec.name(), zone);
        if (!spec.follows()) {
            return Wanted.of(zone, new RecordSet(name, spec.type(), spec.ttl(),
                    RecordValues.presentation(spec.type(), spec.values())));
        }
        if (!spec.type().equals("CNAME")) {
            return addresses(zone, name, spec.type(), spec.ttl(), spec.service());
        }
        return following(zone, name, spec.ttl(), spec.service(), currentTarget);
    }

    /**
     * An A or AAAA record following a service: the WAN address of every node where an instance passes (node meta
     * {@code wan-address}, else the tagged address {@code wan_ipv4}/{@code wan} or {@code wan_ipv6}; loopback tagged
     * addresses, Consul's default in a one-host setup, are skipped), of the record's family.
     */
    private Wanted addresses(String zone, String name, String type, long ttl, String service) {
        List<CatalogInstance> passing = catalog.passing(service);
        if (passing.isEmpty()) {
            return Wanted.nothing(zone, name, type, "no instance of " + service + " passes");
        }
        List<String> values = passing.stream().map(i -> WanAddress.of(i, type.equals("AAAA")))
                .flatMap(Optional::stream).distinct().sorted().toList();
        if (values.isEmpty()) {
            return Wanted.nothing(zone, name, type, "the nodes of " + service + "'s passing instances ("
                    + String.join(", ", passing.stream().map(CatalogInstance::node).distinct().toList())
                    + ") have no " + (type.equals("AAAA") ? "IPv6" : "IPv4") + " WAN address");
        }
        return Wanted.of(zone, new RecordSet(name, type, ttl, RecordValues.presentation(type, values)));
    }

    /**
     * The implicit record of a service tagged {@code export}: empty when no instance names one
     * ({@code dns-name}); the meta of a passing instance wins over others.
     */
    public Optional<Wanted> implicit(String service, Optional<String> currentTarget) {
        Optional<CatalogInstance> first = catalog.instances(service).stream()
                .filter(i -> i.tags().contains(EXPORT_TAG) && i.meta().containsKey(NAME_META))
                .min(Comparator.comparing((CatalogInstance i) -> !i.passing()).thenComparing(CatalogInstance.ORDER));
        if (first.isEmpty()) {
            return Optional.empty();
        }
        String written = first.get().meta().get(NAME_META);
        Optional<String> zone = written.endsWith(".") ? zones.zoneOf(Zones.absolute(written)) : zones.defaultZone();
        String name = zone.map(z -> Zones.resolve(written, z)).orElse(Zones.absolute(written));
        Optional<String> bad = zone.isEmpty() ? Optional.of("is outside every configured zone")
                : DnsChecks.nameProblem(name).or(() -> name.equals(zone.get())
                ? Optional.of("is the zone apex, where a CNAME cannot sit") : Optional.empty());
        if (bad.isPresent()) {
            return Optional.of(Wanted.nothing(zone.orElse(""), name, "CNAME",
                    "service " + service + " meta " + NAME_META + " '" + written + "' " + bad.get()));
        }
        long ttl = ttl(first.get().meta().get(TTL_META));
        return Optional.of(following(zone.get(), name, ttl, service, currentTarget));
    }

    private Wanted following(String zone, String name, long ttl, String service, Optional<String> currentTarget) {
        List<CatalogInstance> passing = catalog.passing(service);
        if (passing.isEmpty()) {
            return Wanted.nothing(zone, name, "CNAME", "no instance of " + service + " passes");
        }
        List<String> targets = passing.stream().map(CatalogInstance::site).flatMap(Optional::stream)
                .filter(s -> s.matches("[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?")).distinct().sorted()
                .map(site -> target(site, zone)).filter(t -> DnsChecks.nameProblem(t).isEmpty()).toList();
        if (targets.isEmpty()) {
            return Wanted.nothing(zone, name, "CNAME", "the nodes of " + service + "'s passing instances ("
                    + String.join(", ", passing.stream().map(CatalogInstance::node).distinct().toList())
                    + ") have no usable site meta");
        }
        String chosen = currentTarget.filter(targets::contains).orElse(targets.get(0));
        return Wanted.of(zone, new RecordSet(name, "CNAME", ttl, List.of(chosen)));
    }

    /** The site target of a site in a zone. */
    public String target(String site, String zone) {
        String z = Zones.absolute(zone);
        return Zones.absolute(siteTarget.replace("{site}", site).replace("{zone}", z.substring(0, z.length() - 1)));
    }

    private static long ttl(String text) {
        try {
            long ttl = text == null ? DnsRecordSpec.DEFAULT_TTL : Long.parseLong(text.strip());
            return ttl >= 1 && ttl <= Integer.MAX_VALUE ? ttl : DnsRecordSpec.DEFAULT_TTL;
        } catch (NumberFormatException e) {
            return DnsRecordSpec.DEFAULT_TTL;
        }
    }
}
