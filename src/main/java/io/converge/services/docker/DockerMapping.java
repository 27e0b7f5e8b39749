package io.converge.services.docker;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import io.converge.services.ContainerSpec;
import io.converge.services.ServiceSpec;
import java.util.List;

/** The pure mapping of a {@link ContainerSpec} onto docker-java's create options. */
final class DockerMapping {
    private DockerMapping() {
    }

    static List<String> env(ContainerSpec spec) {
        return spec.env().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    static List<ExposedPort> exposedPorts(ContainerSpec spec) {
        return spec.ports().stream().map(DockerMapping::exposed).toList();
    }

    private static ExposedPort exposed(ServiceSpec.Port p) {
        return new ExposedPort(p.containerPort(), InternetProtocol.parse(p.protocol()));
    }

    /**
     * Docker's host options for {@code spec}. {@code dns} applies to bridge-networked containers only: a container
     * with {@code network: host} shares the host's network stack and keeps the host's resolv.conf (Docker refuses
     * both at once).
     */
    static HostConfig hostConfig(ContainerSpec spec, ContainerDns dns) {
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(spec.hostNetwork() ? "host" : "bridge")
                .withRestartPolicy(RestartPolicy.noRestart())
                .withMounts(spec.volumes().stream().map(v -> new Mount().withType(MountType.BIND)
                        .withSource(v.source()).withTarget(v.target()).withReadOnly(v.readOnly())).toList());
        if (!spec.hostNetwork()) {
            Ports bindings = new Ports();
            spec.ports().stream().filter(p -> p.hostPort() != null)
                    .forEach(p -> bindings.bind(exposed(p), Ports.Binding.bindPort(p.hostPort())));
            host.withPortBindings(bindings);
            if (!dns.servers().isEmpty()) {
                host.withDns(dns.servers());
            }
            if (!dns.search().isEmpty()) {
                host.withDnsSearch(dns.search());
            }
        }
        if (spec.memoryBytes() != null) {
            host.withMemory(spec.memoryBytes());
        }
        if (spec.nanoCpus() != null) {
            host.withNanoCPUs(spec.nanoCpus());
        }
        return host;
    }
}
