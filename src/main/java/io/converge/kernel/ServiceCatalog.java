package io.converge.kernel;

import java.util.List;
import java.util.Set;

/**
 * The cluster's service catalog and health as last seen: a cache that reconcilers read on every pass
 * (level-triggered), never a source of truth. Every method is local and immediate (no I/O) and thread-safe; an
 * answer is a consistent snapshot, possibly a little behind the cluster. Changes reach the work queues through the
 * implementation's listener and a {@link ReferenceIndex}, never through this port.
 */
public interface ServiceCatalog {

    /** Every instance of the service in the cluster, in any health, ordered by node then id; empty if unknown. */
    List<CatalogInstance> instances(String service);

    /** The instances whose aggregated health is passing (Consul's {@code ?passing}), in the same order. */
    default List<CatalogInstance> passing(String service) {
        return instances(service).stream().filter(CatalogInstance::passing).toList();
    }

    /** The names of the services of which at least one instance carries the tag (e.g. {@code export}, {@code web}). */
    Set<String> servicesTagged(String tag);

    /** The names of every service that has at least one instance. */
    Set<String> services();
}
