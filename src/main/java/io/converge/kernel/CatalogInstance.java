package io.converge.kernel;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One instance of a service in the cluster's catalog, as the catalog view saw it last: where it runs (the node, its
 * meta and tagged addresses), how to reach it, its tags and meta, and its aggregated health. A value: two equal
 * instances describe the same registration in the same health.
 *
 * @param address the service's own address, else its node's address (what a client should dial)
 * @param health  the worst of the instance's own checks and its node's checks (for example {@code serfHealth} or
 *                node maintenance), which is exactly what Consul's {@code ?passing} filter keeps or drops; an
 *                instance with no checks at all is passing, as in Consul
 */
public record CatalogInstance(String service, String id, String node, Map<String, String> nodeMeta,
                              Map<String, String> taggedAddresses, String address, int port, List<String> tags,
                              Map<String, String> meta, Health health) {

    /** Orders instances by node, then id: the order in which {@link ServiceCatalog#instances} lists them. */
    public static final Comparator<CatalogInstance> ORDER = Comparator.comparing(CatalogInstance::node)
            .thenComparing(CatalogInstance::id);

    public CatalogInstance {
        nodeMeta = Map.copyOf(nodeMeta);
        taggedAddresses = Map.copyOf(taggedAddresses);
        tags = List.copyOf(tags);
        meta = Map.copyOf(meta);
    }

    /** The node's {@code site} meta, if it has one. */
    public Optional<String> site() {
        return Optional.ofNullable(nodeMeta.get("site"));
    }

    /** One of the node's tagged addresses ({@code wan}, {@code lan}, {@code wan_ipv4}...), if it has it. */
    public Optional<String> taggedAddress(String name) {
        return Optional.ofNullable(taggedAddresses.get(name));
    }

    public boolean passing() {
        return health == Health.PASSING;
    }

    /** The same instance in another health. */
    public CatalogInstance withHealth(Health other) {
        return new CatalogInstance(service, id, node, nodeMeta, taggedAddresses, address, port, tags, meta, other);
    }

    /** Consul's check states, from best to worst. */
    public enum Health {
        PASSING, WARNING, CRITICAL;

        /** Consul's status text ({@code passing}, {@code warning}, {@code critical}, {@code maintenance}...). */
        public static Health parse(String status) {
            return switch (status == null ? "" : status) {
                case "passing" -> PASSING;
                case "warning" -> WARNING;
                // critical, maintenance, and anything unknown: never route to what we cannot read
                default -> CRITICAL;
            };
        }

        public Health worst(Health other) {
            return compareTo(other) >= 0 ? this : other;
        }
    }
}
