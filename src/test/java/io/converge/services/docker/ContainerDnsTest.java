package io.converge.services.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** converge.containers.dns and dns-search: what is accepted, and what stops converge naming the value. */
class ContainerDnsTest {

    @Test
    void unsetIsDockersDefault() {
        assertThat(ContainerDns.of(Optional.empty(), Optional.empty())).isEqualTo(ContainerDns.DOCKER_DEFAULT);
    }

    @Test
    void ipv4AndIpv6LiteralsAndDomainsAreKeptInOrderTrimmed() {
        ContainerDns dns = ContainerDns.of(Optional.of(List.of(" 172.17.0.1", "fd00::53", "")),
                Optional.of(List.of("service.consul", "node.consul.")));
        assertThat(dns.servers()).containsExactly("172.17.0.1", "fd00::53");
        assertThat(dns.search()).containsExactly("service.consul", "node.consul.");
    }

    @Test
    void aHostNameOrAPortIsRefusedNamingThePropertyAndValue() {
        for (String bad : List.of("dns.example", "172.17.0.1:53", "172.17.0.256", "127.0.0.1#8600", "1.2.3",
                "::g", "[fd00::53]")) {
            assertThatThrownBy(() -> ContainerDns.of(Optional.of(List.of(bad)), Optional.empty()))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("converge.containers.dns: '" + bad + "'");
        }
    }

    @Test
    void aSearchDomainThatIsNoDomainNameIsRefused() {
        assertThatThrownBy(() -> ContainerDns.of(Optional.empty(), Optional.of(List.of("service consul"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("converge.containers.dns-search: 'service consul'");
    }
}
