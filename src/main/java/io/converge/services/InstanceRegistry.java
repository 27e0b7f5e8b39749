package io.converge.services;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The port to the node's service registry (the local Consul agent): register, look up, deregister. */
public interface InstanceRegistry {

    /**
     * What converge registers for one running instance.
     *
     * @param check {@code null} for no check
     */
    record Registration(String id, String name, List<String> tags, Map<String, String> meta, String address,
                        int port, ServiceSpec.Check check) {
    }

    /** Registers or re-registers the instance; the agent keeps the check's current status. Idempotent. */
    void register(Registration registration);

    /** Removes the registration and its check. Idempotent. */
    void deregister(String id);

    /** What the agent has registered under {@code id}, with its check (the check is compared by meta). */
    Optional<Registration> lookup(String id);

    /** The aggregated status of the instance's checks: {@code passing}, {@code warning}, {@code critical}. */
    Optional<String> health(String id);

    /**
     * Ids of registrations this converge made on the agent: id prefix {@code converge-} and meta
     * {@code converge-prefix} equal to {@code prefix}. Others, even named alike, are never touched.
     */
    List<String> managedIds(String prefix);
}
