package io.converge.dns.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The provider's plain settings: what is accepted, and bad input refused naming the setting. */
class Rfc2136SettingsTest {
    private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=";

    private static Rfc2136Provider provider(String server, String key, String alg, String secret, String mode,
                                            Duration timeout, List<String> zones) {
        return new Rfc2136Provider(server, key, alg, secret, mode, timeout, zones);
    }

    @Test
    void serverAddressesAreHostAndPort() {
        assertThat(HostPort.parse("127.0.0.1:5353")).isEqualTo(new HostPort("127.0.0.1", 5353));
        assertThat(HostPort.parse("ns1.example.jp")).isEqualTo(new HostPort("ns1.example.jp", 53));
        assertThat(HostPort.parse("[::1]:5353")).isEqualTo(new HostPort("::1", 5353));
        assertThat(HostPort.parse("::1")).isEqualTo(new HostPort("::1", 53));
        assertThatThrownBy(() -> HostPort.parse("127.0.0.1:99999")).hasMessageContaining("not a port: 99999");
        assertThatThrownBy(() -> HostPort.parse(" ")).hasMessageContaining("no server address");
    }

    @Test
    void validSettingsMakeAProviderOfKindRfc2136() {
        assertThat(provider("127.0.0.1:53", "converge", null, SECRET, "axfr", Duration.ofSeconds(2),
                List.of("example.jp.")).kind()).isEqualTo("rfc2136");
        assertThat(provider("127.0.0.1:53", "converge", "hmac-sha512", SECRET, "QUERY", Duration.ofSeconds(2),
                List.of("example.jp.")).kind()).isEqualTo("rfc2136");
    }

    @Test
    void badSettingsAreRefusedNamingTheSettingAndNeverTheSecret() {
        Duration t = Duration.ofSeconds(2);
        List<String> z = List.of("example.jp.");
        assertThatThrownBy(() -> provider("127.0.0.1:53", "", null, SECRET, "query", t, z))
                .hasMessageContaining("a TSIG key name is required");
        assertThatThrownBy(() -> provider("127.0.0.1:53", "k", null, "not base64!", "query", t, z))
                .hasMessageContaining("secret of key k is not base64").hasMessageNotContaining("not base64!");
        assertThatThrownBy(() -> provider("127.0.0.1:53", "k", "hmac-sha999", SECRET, "query", t, z))
                .hasMessageContaining("not a TSIG algorithm: hmac-sha999");
        assertThatThrownBy(() -> provider("127.0.0.1:53", "k", null, SECRET, "ixfr", t, z))
                .hasMessageContaining("read mode is query or axfr, not ixfr");
        assertThatThrownBy(() -> provider("127.0.0.1:53", "k", null, SECRET, "query", Duration.ZERO, z))
                .hasMessageContaining("timeout must be positive");
        assertThatThrownBy(() -> provider("127.0.0.1:53", "k", null, SECRET, "query", t, List.of("example.jp")))
                .hasMessageContaining("not an absolute name (with the trailing dot): example.jp");
        assertThatThrownBy(() -> provider("127.0.0.1:53", "k", null, SECRET, "query", t, List.of()))
                .hasMessageContaining("no zones");
    }
}
