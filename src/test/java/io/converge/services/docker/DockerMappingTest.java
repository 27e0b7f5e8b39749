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
        HostConfig host = DockerMapping.hostConfig(spec(false, null, null));
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
        HostConfig host = DockerMapping.hostConfig(spec(true, null, null));
        assertThat(host.getNetworkMode()).isEqualTo("host");
        Ports bindings = host.getPortBindings();
        assertThat(bindings == null || bindings.getBindings().isEmpty()).as("port bindings %s", bindings).isTrue();
    }

    @Test
    void volumesBecomeBindMountsKeepingReadOnly() {
        List<Mount> mounts = DockerMapping.hostConfig(spec(false, null, null)).getMounts();
        assertThat(mounts).extracting(Mount::getType, Mount::getSource, Mount::getTarget, Mount::getReadOnly)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(MountType.BIND, "/srv/web", "/data", true),
                        org.assertj.core.groups.Tuple.tuple(MountType.BIND, "/var/log/web", "/logs", false));
    }

    @Test
    void limitsAreCarriedWhenSetAndLeftOutOtherwise() {
        HostConfig limited = DockerMapping.hostConfig(spec(false, 256L * 1024 * 1024, 1_500_000_000L));
        assertThat(limited.getMemory()).isEqualTo(268_435_456L);
        assertThat(limited.getNanoCPUs()).isEqualTo(1_500_000_000L);
        HostConfig unlimited = DockerMapping.hostConfig(spec(false, null, null));
        assertThat(unlimited.getMemory()).isNull();
        assertThat(unlimited.getNanoCPUs()).isNull();
    }

    @Test
    void dockerNeverRestartsTheContainerConvergeDoes() {
        assertThat(DockerMapping.hostConfig(spec(false, null, null)).getRestartPolicy().getName())
                .as("Docker's \"no\" policy is the empty name").isIn("", "no");
    }
}
