package io.converge.services.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import io.converge.services.ContainerSpec;
import io.converge.services.ServiceSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The ContainerSpec → docker-java mapping, without Docker. */
class DockerMappingTest {
    private static final List<ServiceSpec.Port> PORTS = List.of(
            new ServiceSpec.Port("http", 8080, 18080, "tcp"),
            new ServiceSpec.Port("dns", 53, 5353, "udp"),
            new ServiceSpec.Port("admin", 9090, null, "tcp"));
    private static final List<ServiceSpec.Volume> VOLUMES = List.of(
            new ServiceSpec.Volume("/srv/web", "/data", true),
            new ServiceSpec.Volume("/var/log/web", "/logs", false));

    private static final ContainerDns NO_DNS = ContainerDns.DOCKER_DEFAULT;
    private static final ContainerDns CONSUL_DNS = new ContainerDns(List.of("172.17.0.1", "fd00::53"),
            List.of("service.consul"));

    private static ContainerSpec spec(boolean hostNetwork, Long memory, Long nanoCpus) {
        return new ContainerSpec("converge-web", "busybox", List.of(), List.of(),
                Map.of("ZED", "last", "ALPHA", "a=b", "MID", ""), PORTS, VOLUMES, hostNetwork, memory, nanoCpus,
                Map.of("io.converge.managed", "true"));
    }

    @Test
    void envIsSortedKeyEqualsValue() {
        assertThat(DockerMapping.env(spec(false, null, null))).containsExactly("ALPHA=a=b", "MID=", "ZED=last");
    }

    @Test
    void everyPortIsExposedWithItsProtocol() {
        assertThat(DockerMapping.exposedPorts(spec(false, null, null))).containsExactly(
                new ExposedPort(8080, InternetProtocol.TCP), new ExposedPort(53, InternetProtocol.UDP),
                new ExposedPort(9090, InternetProtocol.TCP));
    }

    @Test
    void bridgePublishesOnlyPortsWithAHostPort() {
        HostConfig host = DockerMapping.hostConfig(spec(false, null, null), NO_DNS);
        assertThat(host.getNetworkMode()).isEqualTo("bridge");
        Map<String, String> published = new TreeMap<>();
        host.getPortBindings().getBindings().forEach((port, bindings) -> {
            if (bindings != null) {
                published.put(port.toString(), Arrays.stream(bindings).map(Ports.Binding::getHostPortSpec)
                        .reduce((a, b) -> a + "," + b).orElse(""));
            }
        });
        assertThat(published).containsExactlyInAnyOrderEntriesOf(Map.of("8080/tcp", "18080", "53/udp", "5353"));
    }

    @Test
    void hostNetworkHasNoPortBindings() {
        HostConfig host = DockerMapping.hostConfig(spec(true, null, null), NO_DNS);
        assertThat(host.getNetworkMode()).isEqualTo("host");
        Ports bindings = host.getPortBindings();
        assertThat(bindings == null || bindings.getBindings().isEmpty()).as("port bindings %s", bindings).isTrue();
    }

    @Test
    void volumesBecomeBindMountsKeepingReadOnly() {
        List<Mount> mounts = DockerMapping.hostConfig(spec(false, null, null), NO_DNS).getMounts();
        assertThat(mounts).extracting(Mount::getType, Mount::getSource, Mount::getTarget, Mount::getReadOnly)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(MountType.BIND, "/srv/web", "/data", true),
                        org.assertj.core.groups.Tuple.tuple(MountType.BIND, "/var/log/web", "/logs", false));
    }

    @Test
    void limitsAreCarriedWhenSetAndLeftOutOtherwise() {
        HostConfig limited = DockerMapping.hostConfig(spec(false, 256L * 1024 * 1024, 1_500_000_000L), NO_DNS);
        assertThat(limited.getMemory()).isEqualTo(268_435_456L);
        assertThat(limited.getNanoCPUs()).isEqualTo(1_500_000_000L);
        HostConfig unlimited = DockerMapping.hostConfig(spec(false, null, null), NO_DNS);
        assertThat(unlimited.getMemory()).isNull();
        assertThat(unlimited.getNanoCPUs()).isNull();
    }

    @Test
    void dockerNeverRestartsTheContainerConvergeDoes() {
        assertThat(DockerMapping.hostConfig(spec(false, null, null), NO_DNS).getRestartPolicy().getName())
                .as("Docker's \"no\" policy is the empty name").isIn("", "no");
    }

    @Test
    void bridgeContainersGetTheConfiguredResolversAndSearchDomains() {
        HostConfig host = DockerMapping.hostConfig(spec(false, null, null), CONSUL_DNS);
        assertThat(host.getDns()).containsExactly("172.17.0.1", "fd00::53");
        assertThat(host.getDnsSearch()).containsExactly("service.consul");
    }

    @Test
    void withoutTheSettingDockersDefaultResolversStay() {
        HostConfig host = DockerMapping.hostConfig(spec(false, null, null), NO_DNS);
        assertThat(host.getDns()).as("Docker's default: the host's resolvers").isNull();
        assertThat(host.getDnsSearch()).isNull();
    }

    @Test
    void hostNetworkKeepsTheHostsResolvConf() {
        HostConfig host = DockerMapping.hostConfig(spec(true, null, null), CONSUL_DNS);
        assertThat(host.getDns()).as("Docker refuses Dns with network mode host").isNull();
        assertThat(host.getDnsSearch()).isNull();
    }
}
