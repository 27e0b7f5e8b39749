package io.converge.store.consul;

import io.converge.kernel.CatalogInstance;
import io.converge.kernel.CatalogInstance.Health;
import io.converge.kernel.ServiceCatalog;
import io.converge.store.consul.CatalogJson.CheckRow;
import io.converge.store.consul.CatalogJson.NodeEntry;
import io.converge.store.consul.CatalogJson.ServiceEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One immutable view of the cluster's catalog: the registrations of every node joined with every check, giving
 * each instance its aggregated health (the worst of its own checks and its node's checks; none: passing). Pure.
 */
final class CatalogSnapshot implements ServiceCatalog {
    static final CatalogSnapshot EMPTY = new CatalogSnapshot(List.of(), List.of());

    private final Map<String, List<CatalogInstance>> byService = new HashMap<>();
    private final Map<String, Set<String>> byTag = new HashMap<>();
    /** Per service, the status of each of its instances' own checks: what its reconciler reads as its health. */
    private final Map<String, Map<String, String>> ownChecks = new HashMap<>();

    CatalogSnapshot(Collection<NodeEntry> nodes, List<CheckRow> checks) {
        Map<String, Health> health = worstByInstance(checks);
        Map<String, Map<String, String>> checksByInstance = new HashMap<>();
        for (CheckRow c : checks) {
            if (!c.serviceId().isEmpty()) {
                checksByInstance.computeIfAbsent(c.node() + "/" + c.serviceId(), k -> new TreeMap<>())
                        .put(c.node() + "/" + c.checkId(), c.status());
            }
        }
        for (NodeEntry node : nodes) {
            Health nodeHealth = health.getOrDefault(node.node() + "/", Health.PASSING);
            for (ServiceEntry s : node.services()) {
                Health own = health.getOrDefault(node.node() + "/" + s.id(), Health.PASSING);
                CatalogInstance instance = new CatalogInstance(s.name(), s.id(), node.node(), node.meta(),
                        node.taggedAddresses(), s.address().isEmpty() ? node.address() : s.address(), s.port(),
                        s.tags(), s.meta(), own.worst(nodeHealth));
                byService.computeIfAbsent(s.name(), n -> new ArrayList<>()).add(instance);
                ownChecks.computeIfAbsent(s.name(), n -> new TreeMap<>())
                        .putAll(checksByInstance.getOrDefault(node.node() + "/" + s.id(), Map.of()));
                s.tags().forEach(tag -> byTag.computeIfAbsent(tag, t -> new HashSet<>()).add(s.name()));
            }
        }
        byService.replaceAll((name, list) -> list.stream().sorted(CatalogInstance.ORDER).toList());
        byTag.replaceAll((tag, names) -> Set.copyOf(names));
    }

    /** Worst status per {@code node/serviceId}; a node's own checks under {@code node/}. */
    private static Map<String, Health> worstByInstance(List<CheckRow> checks) {
        Map<String, Health> worst = new HashMap<>();
        for (CheckRow c : checks) {
            worst.merge(c.node() + "/" + c.serviceId(), Health.parse(c.status()), Health::worst);
        }
        return worst;
    }

    /**
     * The services whose instances differ between two snapshots (added, removed, re-registered, changed in
     * aggregated health, or with one of their own checks changed), sorted. An instance's own check matters even
     * when its aggregated health stays the same (a failing node check keeps it critical): converge reads an
     * instance's health from its own checks. A node check that changes no aggregated health changes nothing.
     */
    static Set<String> changed(CatalogSnapshot before, CatalogSnapshot after) {
        Set<String> changed = new TreeSet<>();
        Set<String> names = new HashSet<>(before.byService.keySet());
        names.addAll(after.byService.keySet());
        for (String name : names) {
            if (!Objects.equals(before.byService.get(name), after.byService.get(name))
                    || !Objects.equals(before.ownChecks.get(name), after.ownChecks.get(name))) {
                changed.add(name);
            }
        }
        return changed;
    }

    @Override
    public List<CatalogInstance> instances(String service) {
        return byService.getOrDefault(service, List.of());
    }

    @Override
    public Set<String> servicesTagged(String tag) {
        return byTag.getOrDefault(tag, Set.of());
    }

    @Override
    public Set<String> services() {
        return Set.copyOf(byService.keySet());
    }

    int instanceCount() {
        return byService.values().stream().mapToInt(List::size).sum();
    }
}
