package io.converge.dnat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.converge.kernel.NodeIdentity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WanAddressesTest {
    private static NodeIdentity node(Map<String, String> meta, Map<String, String> tagged) {
        return new NodeIdentity("n1", "10.0.0.1", meta, tagged);
    }

    @Test
    void configurationFirstThenNodeMetaThenTheAgentsTaggedAddresses() {
        NodeIdentity n = node(Map.of("wan-address", "198.51.100.2, 2001:db8::2"),
                Map.of("wan", "203.0.113.1", "wan_ipv6", "2001:db8::1"));
        assertThat(WanAddresses.of(Optional.of(List.of("192.0.2.9")), n)).containsExactly("192.0.2.9");
        assertThat(WanAddresses.of(Optional.empty(), n)).containsExactly("198.51.100.2", "2001:db8::2");
        assertThat(WanAddresses.of(Optional.empty(), node(Map.of(), Map.of("wan", "203.0.113.1",
                "wan_ipv6", "2001:db8::1")))).containsExactly("2001:db8::1", "203.0.113.1");
    }

    @Test
    void aLoopbackTaggedAddressIsConsulsDefaultAndNoWanAddress() {
        assertThat(WanAddresses.of(Optional.empty(), node(Map.of(), Map.of("wan", "127.0.0.1", "lan", "127.0.0.1"))))
                .as("every local address then").isEmpty();
    }

    @Test
    void aNameIsRefusedWithWhereItCameFrom() {
        assertThatThrownBy(() -> WanAddresses.of(Optional.empty(), node(Map.of("wan-address", "wan.example"),
                Map.of()))).hasMessageContaining("wan.example").hasMessageContaining("node meta wan-address");
    }
}
