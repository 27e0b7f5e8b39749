package io.converge.dnat.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.converge.dnat.Backend;
import io.converge.dnat.Forward;
import io.converge.dnat.Protocol;
import io.converge.dnat.Ruleset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NftScriptTest {
    private static final String PRE = "type nat hook prerouting priority dstnat; policy accept;";
    private static final String POST = "type nat hook postrouting priority srcnat; policy accept;";
    private static final Backend A = new Backend("10.1.0.2", 80, false);
    private static final Backend B = new Backend("10.1.0.3", 81, false);
    private static final Backend V6 = new Backend("fd00::2", 80, false);

    static Forward web(Protocol protocol, List<String> ranges, Backend... backends) {
        return new Forward("pf-web", "portforwards/web", protocol, 8080, ranges, List.of(backends));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("tcp, one backend, a v4 WAN address: nothing in ip6",
                        new Ruleset(List.of("192.0.2.1"), List.of(web(Protocol.TCP, List.of(), A))),
                        List.of("chain prerouting {", PRE, "ip daddr { 192.0.2.1 } meta l4proto tcp th dport 8080"
                                        + " jump pf-web comment \"portforwards/web\"", "}", "chain postrouting {", POST, "}",
                                "chain pf-web {", "goto pf-web.0", "}",
                                "chain pf-web.0 {", "meta l4proto tcp dnat to 10.1.0.2:80", "}"),
                        List.of("chain prerouting {", PRE, "}", "chain postrouting {", POST, "}")),
                Arguments.of("udp, two backends, no WAN address: every local address",
                        new Ruleset(List.of(), List.of(web(Protocol.UDP, List.of(), B, A))),
                        List.of("chain prerouting {", PRE, "fib daddr type local meta l4proto udp th dport 8080"
                                        + " jump pf-web comment \"portforwards/web\"", "}", "chain postrouting {", POST, "}",
                                "chain pf-web {", "numgen random mod 2 vmap { 0 : goto pf-web.0, 1 : goto pf-web.1 }", "}",
                                "chain pf-web.0 {", "meta l4proto udp dnat to 10.1.0.2:80", "}",
                                "chain pf-web.1 {", "meta l4proto udp dnat to 10.1.0.3:81", "}"),
                        List.of("chain prerouting {", PRE, "}", "chain postrouting {", POST, "}")),
                Arguments.of("v4 and v6 backends, WAN and ranges of both families: each family its own",
                        new Ruleset(List.of("2001:db8::1", "192.0.2.1"), List.of(web(Protocol.TCP,
                                List.of("fd00::/8", "10.0.0.0/8", "192.168.1.7"), V6, A))),
                        List.of("chain prerouting {", PRE, "ip daddr { 192.0.2.1 } meta l4proto tcp th dport 8080"
                                        + " ip saddr { 10.0.0.0/8, 192.168.1.7 } jump pf-web comment \"portforwards/web\"",
                                "}", "chain postrouting {", POST, "}", "chain pf-web {", "goto pf-web.0", "}",
                                "chain pf-web.0 {", "meta l4proto tcp dnat to 10.1.0.2:80", "}"),
                        List.of("chain prerouting {", PRE, "ip6 daddr { 2001:db8::1 } meta l4proto tcp th dport 8080"
                                        + " ip6 saddr { fd00::/8 } jump pf-web comment \"portforwards/web\"",
                                "}", "chain postrouting {", POST, "}", "chain pf-web {", "goto pf-web.0", "}",
                                "chain pf-web.0 {", "meta l4proto tcp dnat to [fd00::2]:80", "}")),
                Arguments.of("ranges of v4 only: no rule in ip6 although it has a backend there",
                        new Ruleset(List.of(), List.of(web(Protocol.TCP, List.of("10.0.0.0/8"), V6))),
                        List.of("chain prerouting {", PRE, "}", "chain postrouting {", POST, "}"),
                        List.of("chain prerouting {", PRE, "}", "chain postrouting {", POST, "}")),
                Arguments.of("masquerade: a postrouting rule per masqueraded backend",
                        new Ruleset(List.of(), List.of(web(Protocol.TCP, List.of(),
                                new Backend("10.1.0.2", 80, true), B), new Forward("pf-dns", "portforwards/dns",
                                Protocol.UDP, 53, List.of(), List.of(new Backend("fd00::5", 5353, true))))),
                        List.of("chain prerouting {", PRE, "fib daddr type local meta l4proto tcp th dport 8080"
                                        + " jump pf-web comment \"portforwards/web\"", "}",
                                "chain postrouting {", POST, "ip daddr 10.1.0.2 meta l4proto tcp th dport 80"
                                        + " ct status dnat ct original proto-dst 8080 masquerade comment \"portforwards/web\"",
                                "}", "chain pf-web {", "numgen random mod 2 vmap { 0 : goto pf-web.0, 1 : goto pf-web.1 }",
                                "}", "chain pf-web.0 {", "meta l4proto tcp dnat to 10.1.0.2:80", "}",
                                "chain pf-web.1 {", "meta l4proto tcp dnat to 10.1.0.3:81", "}"),
                        List.of("chain prerouting {", PRE, "fib daddr type local meta l4proto udp th dport 53"
                                        + " jump pf-dns comment \"portforwards/dns\"", "}",
                                "chain postrouting {", POST, "ip6 daddr fd00::5 meta l4proto udp th dport 5353"
                                        + " ct status dnat ct original proto-dst 53 masquerade comment \"portforwards/dns\"",
                                "}", "chain pf-dns {", "goto pf-dns.0", "}",
                                "chain pf-dns.0 {", "meta l4proto udp dnat to [fd00::5]:5353", "}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersEachFamily(String name, Ruleset ruleset, List<String> ip, List<String> ip6) {
        String text = NftScript.render(ruleset).text();
        assertThat(body(text, "ip")).containsExactlyElementsOf(ip);
        assertThat(body(text, "ip6")).containsExactlyElementsOf(ip6);
    }

    @Test
    void emptyRulesetKeepsBothTablesWithTheirBaseChains() {
        NftScript.Rendering r = NftScript.render(new Ruleset(List.of(), List.of()));
        assertThat(r.text()).startsWith("table ip converge\ndelete table ip converge\ntable ip converge {\n"
                + "\tchain prerouting {\n\t\t" + PRE + "\n\t}\n\tchain postrouting {\n\t\t" + POST + "\n\t}\n"
                + "\tchain converge.digest {\n\t\treturn comment \"sha256:");
        assertThat(r.text()).contains("}\ntable ip6 converge\ndelete table ip6 converge\ntable ip6 converge {\n");
        assertThat(r.shapes().get(Family.IP).rules())
                .isEqualTo(Map.of("prerouting", 0, "postrouting", 0, "converge.digest", 1));
    }

    @Test
    void theShapeCountsTheRulesOfEachChainAndTheDigestDiffersWithTheContent() {
        Ruleset one = new Ruleset(List.of(), List.of(web(Protocol.TCP, List.of(), A, new Backend("10.1.0.3", 80, true))));
        Ruleset moved = new Ruleset(List.of(), List.of(web(Protocol.TCP, List.of(), A, new Backend("10.1.0.4", 80, true))));
        TableShape shape = NftScript.render(one).shapes().get(Family.IP);
        assertThat(shape.rules()).isEqualTo(Map.of("prerouting", 1, "postrouting", 1, "pf-web", 1, "pf-web.0", 1,
                "pf-web.1", 1, "converge.digest", 1));
        TableShape other = NftScript.render(moved).shapes().get(Family.IP);
        assertThat(other.rules()).isEqualTo(shape.rules());
        assertThat(other.digest()).startsWith("sha256:").isNotEqualTo(shape.digest());
        assertThat(NftScript.render(one).text()).contains("return comment \"" + shape.digest() + "\"");
    }

    @Test
    void theSameRulesetInAnotherOrderRendersTheSameText() {
        Forward dns = new Forward("pf-dns", "portforwards/dns", Protocol.UDP, 53, List.of("fd00::/8", "10.0.0.0/8"),
                List.of(V6, A, B));
        Forward dnsReordered = new Forward("pf-dns", "portforwards/dns", Protocol.UDP, 53,
                List.of("10.0.0.0/8", "fd00::/8"), List.of(B, V6, A));
        String first = NftScript.render(new Ruleset(List.of("2001:db8::1", "192.0.2.1"),
                List.of(web(Protocol.TCP, List.of(), A), dns))).text();
        String second = NftScript.render(new Ruleset(List.of("192.0.2.1", "2001:db8::1"),
                List.of(dnsReordered, web(Protocol.TCP, List.of(), A)))).text();
        assertThat(second).isEqualTo(first);
        assertThat(first.indexOf("jump pf-dns")).isLessThan(first.indexOf("jump pf-web"));
    }

    @Test
    void forwardsWhoseIdsExtendEachOtherShareNoChain() {
        Forward web0 = new Forward("pf-web-0", "portforwards/web-0", Protocol.TCP, 8081, List.of(), List.of(B));
        String ip = String.join("\n", body(NftScript.render(
                new Ruleset(List.of(), List.of(web(Protocol.TCP, List.of(), A), web0))).text(), "ip"));
        assertThat(ip).contains("chain pf-web.0 {\nmeta l4proto tcp dnat to 10.1.0.2:80")
                .contains("chain pf-web-0 {\ngoto pf-web-0.0").contains("chain pf-web-0.0 {\nmeta l4proto tcp dnat to 10.1.0.3:81");
    }

    @Test
    void nftSyntaxInAnAddressIsRefusedNamingTheForward() {
        Ruleset bad = new Ruleset(List.of(), List.of(web(Protocol.TCP, List.of("10.0.0.0/8 } accept; {"), A)));
        assertThatThrownBy(() -> NftScript.render(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("forward pf-web source range").hasMessageContaining("10.0.0.0/8 } accept");
        Ruleset badWan = new Ruleset(List.of("192.0.2.1; flush ruleset"), List.of());
        assertThatThrownBy(() -> NftScript.render(badWan)).hasMessageContaining("WAN address");
        Ruleset hostName = new Ruleset(List.of(), List.of(web(Protocol.TCP, List.of(), new Backend("bad.cafe", 80, false))));
        assertThatThrownBy(() -> NftScript.render(hostName)).hasMessageContaining("forward pf-web backend")
                .hasMessageContaining("bad.cafe");
    }

    @Test
    void commentsLoseQuotesBackslashesAndControlCharacters() {
        assertThat(FamilyTable.comment("service \"web\" \\ (tag export)\n")).isEqualTo("service _web_ _ (tag export)_");
        assertThat(FamilyTable.comment("x".repeat(300))).hasSize(120);
    }

    /** The lines of {@code table FAMILY converge { ... }}, trimmed, without the digest chain. */
    static List<String> body(String text, String family) {
        List<String> lines = new ArrayList<>();
        boolean in = false;
        boolean digest = false;
        for (String line : text.split("\n")) {
            if (line.equals("table " + family + " converge {")) {
                in = true;
            } else if (in && line.equals("}")) {
                return lines;
            } else if (in) {
                digest = digest || line.trim().equals("chain " + TableShape.DIGEST_CHAIN + " {");
                if (!digest) {
                    lines.add(line.trim());
                }
                digest = digest && !line.equals("\t}");
            }
        }
        throw new AssertionError("no table " + family + " converge in\n" + text);
    }
}
