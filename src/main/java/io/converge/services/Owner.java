package io.converge.services;

import java.util.Map;

/**
 * Who owns a container: one converge, known by its node and its KV prefix. Two converges on one host (another
 * prefix, or nodes sharing one engine) never see, adopt or remove each other's containers and registrations.
 */
public record Owner(String node, String prefix) {

    /** The labels every container of this owner carries, and by which it is found. */
    public Map<String, String> labels() {
        return Map.of(Labels.MANAGED, "true", Labels.NODE, node, Labels.PREFIX, prefix);
    }
}
