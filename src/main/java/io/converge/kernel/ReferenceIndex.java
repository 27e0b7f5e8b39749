package io.converge.kernel;

import io.converge.model.Kind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which resources a catalog change concerns (controller-runtime's field indexer with
 * {@code EnqueueRequestsFromMapFunc}): service name → keys of the resources whose spec names that service, kept
 * from the spec watch, plus <em>implicit</em> resources derived from tags.
 *
 * <p>Implicit resources: a {@link TagRule} {@code (tag, kind)} says that every Consul service carrying {@code tag}
 * stands for a resource of {@code kind} without any document (SPEC §6.2–§6.4: tag {@code export} → a
 * PortForward and a DnsRecord, tag {@code web} → a Route). Its key is {@link #implicitKey}: the name
 * {@code consul:<service>}, which no document can have (document names are DNS labels, without {@code :}), so it
 * never collides with a resource a user wrote, and the room knows from the prefix to derive it from the catalog.
 *
 * <p>Thread-safe; no I/O.
 */
public final class ReferenceIndex {
    /** The name prefix of implicit resources. */
    public static final String IMPLICIT_PREFIX = "consul:";

    /** Every service carrying {@code tag} stands for an implicit resource of {@code kind}. */
    public record TagRule(String tag, Kind kind) {
    }

    private final List<TagRule> rules;
    private final Map<String, Set<ResourceKey>> byService = new HashMap<>();
    private final Map<ResourceKey, Set<String>> byKey = new HashMap<>();
    /** The implicit keys last derived for a service: enqueued again when it loses the tag or disappears. */
    private final Map<String, Set<ResourceKey>> derived = new HashMap<>();

    public ReferenceIndex(List<TagRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The key of the implicit resource of {@code kind} that a tagged service stands for. */
    public static ResourceKey implicitKey(Kind kind, String service) {
        return new ResourceKey(kind, IMPLICIT_PREFIX + service);
    }

    /** True for keys made by {@link #implicitKey}. */
    public static boolean isImplicit(ResourceKey key) {
        return key.name().startsWith(IMPLICIT_PREFIX);
    }

    /** Records the services that the resource's spec names now, replacing what it named before. Idempotent. */
    public synchronized void put(ResourceKey key, Set<String> services) {
        remove(key);
        if (services.isEmpty()) {
            return;
        }
        byKey.put(key, Set.copyOf(services));
        for (String service : services) {
            byService.computeIfAbsent(service, s -> new HashSet<>()).add(key);
        }
    }

    /** Forgets the resource (its document was deleted). Idempotent. */
    public synchronized void remove(ResourceKey key) {
        Set<String> old = byKey.remove(key);
        if (old == null) {
            return;
        }
        for (String service : old) {
            Set<ResourceKey> keys = byService.get(service);
            keys.remove(key);
            if (keys.isEmpty()) {
                byService.remove(service);
            }
        }
    }

    /**
     * The keys to enqueue for a catalog change: the resources whose spec names a changed service, and the implicit
     * resources of a changed service, both those its tags derive now and those derived before (a service that lost
     * the tag or disappeared: its implicit resource must be reconciled away).
     */
    public synchronized Set<ResourceKey> keysFor(Set<String> changed, ServiceCatalog catalog) {
        Set<ResourceKey> keys = new HashSet<>();
        for (String service : changed) {
            keys.addAll(byService.getOrDefault(service, Set.of()));
            Set<ResourceKey> now = implicitKeys(service, catalog);
            Set<ResourceKey> before = now.isEmpty() ? derived.remove(service) : derived.put(service, now);
            keys.addAll(now);
            if (before != null) {
                keys.addAll(before);
            }
        }
        return keys;
    }

    /** Every implicit key the catalog derives now (for start-up and resync listings); remembers them. */
    public synchronized Set<ResourceKey> implicitKeys(ServiceCatalog catalog) {
        Set<ResourceKey> keys = new HashSet<>();
        for (TagRule rule : rules) {
            for (String service : catalog.servicesTagged(rule.tag())) {
                ResourceKey key = implicitKey(rule.kind(), service);
                keys.add(key);
                derived.computeIfAbsent(service, s -> new HashSet<>()).add(key);
            }
        }
        return keys;
    }

    private Set<ResourceKey> implicitKeys(String service, ServiceCatalog catalog) {
        Set<ResourceKey> keys = new HashSet<>();
        for (TagRule rule : rules) {
            if (catalog.servicesTagged(rule.tag()).contains(service)) {
                keys.add(implicitKey(rule.kind(), service));
            }
        }
        return keys;
    }
}
