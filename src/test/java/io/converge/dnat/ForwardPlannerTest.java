package io.converge.dnat;

import static io.converge.kernel.fakes.FakeCatalog.instance;
import static org.assertj.core.api.Assertions.assertThat;

import io.converge.kernel.CatalogInstance;
import io.converge.kernel.CatalogInstance.Health;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForwardPlannerTest {
    private static final PortForwardSpec WEB = new PortForwardSpec("web", 8080, null, null, null, null, null);

    private static ForwardPlanner planner(ForwardPlanner.Masquerade m) {
        return new ForwardPlanner("n1", Map.of("site", "a"), m);
    }

    private static CatalogInstance web(String node, String address) {
        return instance("web", node, address, 80, Health.PASSING, List.of(), Map.of());
    }

    @ParameterizedTest
    @CsvSource({"AUTO,false,true", "ALWAYS,true,true", "NEVER,false,false"})
    void masqueradesAsTheNodeIsTold(ForwardPlanner.Masquerade m, boolean local, boolean remote) {
        Forward f = planner(m).plan("web", WEB, List.of(web("n1", "10.1.0.2"), web("n2", "10.2.0.2"))).forward();
        assertThat(f.backends()).containsExactly(new Backend("10.1.0.2", 80, local),
                new Backend("10.2.0.2", 80, remote));
    }

    @Test
    void anIpv6InstanceIsAnIpv6BackendAndANameIsNoBackend() {
        Forward f = planner(ForwardPlanner.Masquerade.NEVER).plan("web", WEB,
                List.of(web("n1", "fd00:1::2"), web("n1", "web.example"))).forward();
        assertThat(f.backends()).containsExactly(new Backend("fd00:1::2", 80, false));
        assertThat(f.backends().get(0).ipv6()).isTrue();
        assertThat(f.backends().get(0).endpoint()).isEqualTo("[fd00:1::2]:80");
    }

    @Test
    void anExportedServiceNeedsAUsablePortAndProtocol() {
        ForwardPlanner p = planner(ForwardPlanner.Masquerade.AUTO);
        assertThat(p.planExport("db", List.of(instance("db", "n1", "10.1.0.9", 5432, Health.PASSING,
                List.of("export"), Map.of("wan-port", "99999")))).problem()).contains("wan-port", "99999");
        assertThat(p.planExport("db", List.of(instance("db", "n1", "10.1.0.9", 5432, Health.PASSING,
                List.of("export"), Map.of("wan-protocol", "sctp")))).problem()).contains("wan-protocol", "sctp");
        ForwardPlanner.Implicit udp = p.planExport("db", List.of(instance("db", "n1", "10.1.0.9", 53,
                Health.PASSING, List.of("export"), Map.of("wan-protocol", "udp"))));
        assertThat(udp.part().forward().protocol()).isEqualTo(Protocol.UDP);
        assertThat(p.planExport("db", List.of(instance("db", "n1", "10.1.0.9", 53, Health.PASSING,
                List.of("web"), Map.of()))).part().selected()).as("not tagged export").isFalse();
    }
}
