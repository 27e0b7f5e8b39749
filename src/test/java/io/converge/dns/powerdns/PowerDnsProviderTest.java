package io.converge.dns.powerdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.converge.dns.DnsException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PowerDnsProvider}'s own checks, before and without a server (port 1 of loopback refuses). */
class PowerDnsProviderTest {
    static final URI NOBODY = URI.create("http://127.0.0.1:1");

    static PowerDnsProvider provider() {
        return new PowerDnsProvider(NOBODY, "localhost", "key", Duration.ofSeconds(1));
    }

    @Test
    void badSettingsAreRefusedAtConstruction() {
        Duration t = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new PowerDnsProvider(NOBODY, "localhost", " ", t))
                .hasMessageContaining("API key is empty");
        assertThatThrownBy(() -> new PowerDnsProvider(NOBODY, "localhost", "a\nX-Other: b", t))
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> new PowerDnsProvider(NOBODY, "", "key", t)).hasMessageContaining("server id");
        assertThatThrownBy(() -> new PowerDnsProvider(URI.create("ftp://h"), "localhost", "key", t))
                .hasMessageContaining("not an http(s) URL: ftp://h");
    }

    @Test
    void aNameOutsideTheZoneOrARelativeNameIsAContractError() {
        assertThatThrownBy(() -> provider().read("example.jp.", List.of("www.example.com.")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("read example.jp.: www.example.com. is not inside the zone");
        assertThatThrownBy(() -> provider().read("example.jp.", List.of("xexample.jp.")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provider().read("example.jp", List.of("www.example.jp.")))
                .hasMessage("not an absolute domain name: example.jp");
    }

    @Test
    void nothingToReadOrApplySendsNothing() throws DnsException {
        assertThat(provider().read("example.jp.", List.of())).isEmpty();
        provider().apply("example.jp.", List.of());
    }

    @Test
    void anUnreachableServerIsADnsExceptionAndAProblemNamingIt() {
        assertThatThrownBy(() -> provider().read("example.jp.", List.of("www.example.jp.")))
                .isInstanceOf(DnsException.class)
                .hasMessageStartingWith("read example.jp.: the PowerDNS API at http://127.0.0.1:1 cannot be reached");
        assertThat(provider().problem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("the PowerDNS API at http://127.0.0.1:1 cannot be reached: ConnectException"));
        assertThat(provider().kind()).isEqualTo("powerdns");
    }
}
