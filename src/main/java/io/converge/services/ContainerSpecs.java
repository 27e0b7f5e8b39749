package io.converge.services;

import io.converge.model.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps a Service spec to the container that runs it. Pure. */
public final class ContainerSpecs {
    private ContainerSpecs() {
    }

    /** {@code converge-<service>}, or {@code converge-<service>-<node>} when nodes share one engine. */
    public static String containerName(String service, String node, boolean nodeSuffix) {
        return nodeSuffix ? "converge-" + service + "-" + node.replaceAll("[^a-zA-Z0-9_.-]", "_")
                : "converge-" + service;
    }

    /** The registration id of a service's instance on its node's agent. */
    public static String registrationId(String service) {
        return "converge-" + service;
    }

    public static ContainerSpec from(String service, ServiceSpec spec, Owner owner, boolean nodeSuffix) {
        Map<String, String> labels = new LinkedHashMap<>(new java.util.TreeMap<>(owner.labels()));
        labels.put(Labels.SERVICE, service);
        labels.put(Labels.SPEC_HASH, specHash(spec));
        labels.put(Labels.PLACEMENT, spec.placement().mode());
        ServiceSpec.Resources r = spec.resources();
        Long memory = r == null || r.memoryMB() == null ? null : r.memoryMB() * 1024L * 1024L;
        Long nanoCpus = r == null || r.cpus() == null ? null : Math.round(r.cpus() * 1e9);
        return new ContainerSpec(containerName(service, owner.node(), nodeSuffix), spec.image(), spec.command(),
                spec.args(), spec.env(), spec.ports(), spec.volumes(), spec.hostNetwork(), memory, nanoCpus, labels);
    }

    /**
     * A hash of the fields that shape the container. Tags, meta, check and placement are left out: changing them
     * re-registers the instance but does not replace its container.
     */
    public static String specHash(ServiceSpec spec) {
        Map<String, Object> shaping = new LinkedHashMap<>();
        shaping.put("image", spec.image());
        shaping.put("command", spec.command());
        shaping.put("args", spec.args());
        shaping.put("env", new java.util.TreeMap<>(spec.env()));
        shaping.put("ports", spec.ports());
        shaping.put("volumes", spec.volumes());
        shaping.put("network", spec.network());
        shaping.put("resources", spec.resources() == null ? List.of() : spec.resources());
        try {
            byte[] canonical = Json.MAPPER.writeValueAsString(shaping).getBytes(StandardCharsets.UTF_8);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot hash a service spec", e);
        }
    }
}
