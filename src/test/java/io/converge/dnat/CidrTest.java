package io.converge.dnat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/8", "192.0.2.7", "0.0.0.0/0", "2001:db8::/32", "::1", "fd00::/8", "::/0",
            "198.51.100.7/32"})
    void acceptsAddressesAndBlocks(String text) {
        assertThat(Cidr.problem(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.1.2.3/16|has host bits set beyond /16; found \"10.1.2.3/16\", the block starts at 10.1.0.0/16",
            "2001:db8::1/32|has host bits set beyond /32",
            "10.0.0.0/33|prefix length must be 0-32",
            "2001:db8::/129|prefix length must be 0-128",
            "999.1.1.1|must be an IPv4 or IPv6 address or CIDR block",
            "10.0.0|must be an IPv4 or IPv6 address or CIDR block",
            "1:2|must be an IPv4 or IPv6 address or CIDR block",
            ":::::|must be an IPv4 or IPv6 address or CIDR block",
            "localhost|must be an IPv4 or IPv6 address or CIDR block"})
    void refusesWithWhatIsWrong(String text, String problem) {
        assertThat(Cidr.problem(text)).hasValueSatisfying(p -> assertThat(p).contains(problem));
    }
}
