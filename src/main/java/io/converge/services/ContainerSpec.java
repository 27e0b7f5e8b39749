package io.converge.services;

import java.util.List;
import java.util.Map;

/**
 * Everything the runtime needs to create one container: a pure value, mapped from a {@link ServiceSpec} by
 * {@link ContainerSpecs} and tested without Docker.
 */
public record ContainerSpec(String name, String image, List<String> entrypoint, List<String> cmd,
                            Map<String, String> env, List<ServiceSpec.Port> ports, List<ServiceSpec.Volume> volumes,
                            boolean hostNetwork, Long memoryBytes, Long nanoCpus, Map<String, String> labels) {

    public ContainerSpec {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = Map.copyOf(env);
        ports = List.copyOf(ports);
        volumes = List.copyOf(volumes);
        labels = Map.copyOf(labels);
    }
}
