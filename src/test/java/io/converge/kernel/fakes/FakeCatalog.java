package io.converge.kernel.fakes;

import io.converge.kernel.CatalogInstance;
import io.converge.kernel.CatalogInstance.Health;
import io.converge.kernel.ServiceCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The catalog view in memory. */
public final class FakeCatalog implements ServiceCatalog {
    private final List<CatalogInstance> instances = new ArrayList<>();

    public static CatalogInstance instance(String service, String node, String address, int port, Health health,
                                    List<String> tags, Map<String, String> meta) {
        return new CatalogInstance(service, service + "-" + node + "-" + address + "-" + port, node, Map.of(),
                Map.of(), address, port, tags, meta, health);
    }

    public synchronized FakeCatalog add(CatalogInstance instance) {
        instances.add(instance);
        return this;
    }

    public synchronized void clear(String service) {
        instances.removeIf(i -> i.service().equals(service));
    }

    @Override
    public synchronized List<CatalogInstance> instances(String service) {
        return instances.stream().filter(i -> i.service().equals(service)).sorted(CatalogInstance.ORDER).toList();
    }

    @Override
    public synchronized Set<String> servicesTagged(String tag) {
        Set<String> out = new TreeSet<>();
        instances.stream().filter(i -> i.tags().contains(tag)).forEach(i -> out.add(i.service()));
        return out;
    }

    @Override
    public synchronized Set<String> services() {
        Set<String> out = new TreeSet<>();
        instances.forEach(i -> out.add(i.service()));
        return out;
    }
}
