package io.converge.dns;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where this cluster's ownership records say each resource holds names, as the leader last listed its zones: what
 * a resource without a document or status (an exported service gone while no converge led, a status removed by
 * hand) must still let go. Thread-safe.
 */
final class Found {
    /** A name held in a zone. */
    record Place(String zone, String name) {
    }

    private final String owner;
    private final Map<String, Set<Place>> byResource = new ConcurrentHashMap<>();

    Found(String owner) {
        this.owner = owner;
    }

    /**
     * Replaces what is known of {@code zone} with its listing; returns the resource keys found in it.
     *
     * @param sets every record set of the zone
     */
    Set<String> listed(String zone, List<RecordSet> sets) {
        byResource.values().forEach(places -> places.removeIf(p -> p.zone().equals(zone)));
        Set<String> keys = new TreeSet<>();
        for (RecordSet set : sets) {
            Optional<String> name = Ownership.recordName(set.name());
            if (name.isEmpty() || !set.type().equals("TXT")) {
                continue;
            }
            for (String text : set.values()) {
                Ownership.parse(text).filter(e -> e.owner().equals(owner)).map(Ownership.Entry::resource)
                        .filter(r -> r.startsWith(DnsReconciler.RESOURCE_PREFIX)).ifPresent(r -> {
                            String key = r.substring(DnsReconciler.RESOURCE_PREFIX.length());
                            keys.add(key);
                            byResource.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet())
                                    .add(new Place(zone, name.get()));
                        });
            }
        }
        return keys;
    }

    /** The places the resource was found holding. */
    Set<Place> of(String key) {
        return Set.copyOf(byResource.getOrDefault(key, Set.of()));
    }

    /** The resource let go of everything it held. */
    void forget(String key) {
        byResource.remove(key);
    }
}
