package io.converge.dnat.nft;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.converge.dnat.Backend;
import io.converge.dnat.Forward;
import io.converge.dnat.Protocol;
import io.converge.dnat.Ruleset;
import io.converge.it.NetRig;
import io.converge.it.NetRig.Host;
import io.converge.kernel.EventSource;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link NftFirewall} in the node namespace of a {@link NetRig}, driven with rulesets built by hand and judged by
 * real packets from the client namespace. Each test has its own rig and firewall.
 */
class DnatPacketsIT {
    private static final Duration PROBE = Duration.ofSeconds(5);
    private static final Duration REFUSED = Duration.ofSeconds(2);
    private static final int WEB = 8080;
    private static final int DNS = 5300;

    private NetRig rig;
    private NftFirewall firewall;
    private EventSource drift;

    @BeforeEach
    void rig() {
        rig = NetRig.create();
        firewall = new NftFirewall("nft", "conntrack", "ip", Optional.of(rig.node()), true);
        assertEquals(Optional.empty(), firewall.problem());
    }

    @AfterEach
    void close() {
        if (drift != null) {
            drift.close();
        }
        rig.close();
    }

    @Test
    void aTcpConnectionToTheWanPortReachesTheBackend() throws Exception {
        Host b0 = rig.backend(0);
        assertEquals(Optional.empty(), rig.curl(web4(), REFUSED), "nothing forwarded yet");

        assertTrue(firewall.apply(ruleset(forward("pf-web", Protocol.TCP, WEB, List.of(), http(b0, false)))));

        assertEquals(Optional.of("b0"), rig.curl(web4(), PROBE));
    }

    @Test
    void twoBackendsAreBothReached() throws Exception {
        Host b0 = rig.backend(0);
        Host b1 = rig.backend(1);
        firewall.apply(ruleset(forward("pf-web", Protocol.TCP, WEB, List.of(), http(b0, false), http(b1, false))));

        Set<String> answered = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            answered.add(rig.curl(web4(), PROBE).orElse("no answer"));
        }
        assertEquals(Set.of("b0", "b1"), answered);
    }

    @Test
    void udpMovesToTheNewBackendOnlyOnceTheOldFlowsAreForgotten() throws Exception {
        Host b0 = rig.backend(0);
        Host b1 = rig.backend(1);
        int source = 40_000 + (int) (System.nanoTime() % 20_000);
        firewall.apply(ruleset(forward("pf-dns", Protocol.UDP, DNS, List.of(), udp(b0))));
        assertEquals(Optional.of("b0"), rig.udp(rig.wan4(), DNS, "q1", PROBE, source));

        firewall.apply(ruleset(forward("pf-dns", Protocol.UDP, DNS, List.of(), udp(b1))));
        assertEquals(Optional.of("b0"), rig.udp(rig.wan4(), DNS, "q2", PROBE, source),
                "the flow's conntrack entry still sends it to the old backend");
        assertEquals(Optional.of("b1"), rig.udp(rig.wan4(), DNS, "q3", PROBE, source + 1), "a new flow");

        firewall.forgetFlows(Protocol.UDP, DNS, udp(b0));
        assertEquals(Optional.of("b1"), rig.udp(rig.wan4(), DNS, "q4", PROBE, source));
        firewall.forgetFlows(Protocol.UDP, DNS, udp(b0));
    }

    @Test
    void sourceRangesRefuseAClientOutsideThemAndLetOneInside() throws Exception {
        Host b0 = rig.backend(0);
        String outside = rig.client4().replaceAll("\\.2$", ".3") + "/32";
        firewall.apply(ruleset(forward("pf-web", Protocol.TCP, WEB, List.of(outside, "fd00::/120"), http(b0, false))));
        assertEquals(Optional.empty(), rig.curl(web4(), REFUSED));

        firewall.apply(ruleset(forward("pf-web", Protocol.TCP, WEB, List.of(outside, rig.client4() + "/32"),
                http(b0, false))));
        assertEquals(Optional.of("b0"), rig.curl(web4(), PROBE));
    }

    @Test
    void anIpv6ClientReachesAnIpv6Backend() throws Exception {
        Host b0 = rig.backend(0);
        firewall.apply(ruleset(forward("pf-web", Protocol.TCP, WEB, List.of(),
                new Backend(b0.v6(), NetRig.HTTP_PORT, false))));

        assertEquals(Optional.of("b0"), rig.curl("http://[" + rig.wan6() + "]:" + WEB + "/", PROBE));
        assertEquals(Optional.empty(), rig.curl(web4(), REFUSED), "a v6 backend gets no v4 rule");
    }

    @Test
    void aBackendThatDoesNotRouteBackThroughTheNodeIsReachedOnlyWithMasquerade() throws Exception {
        Host b0 = rig.backend(0);
        rig.dropDefaultRoutes(b0);
        firewall.apply(ruleset(forward("pf-web", Protocol.TCP, WEB, List.of(), http(b0, false))));
        assertEquals(Optional.empty(), rig.curl(web4(), REFUSED), "its replies have no way back");

        firewall.apply(ruleset(forward("pf-web", Protocol.TCP, WEB, List.of(), http(b0, true))));
        assertEquals(Optional.of("b0"), rig.curl(web4(), PROBE));
    }

    @Test
    void aForeignTableWithItsOwnNatChainSurvivesEveryApplyByteForByte() throws Exception {
        Host b0 = rig.backend(0);
        Host b1 = rig.backend(1);
        String foreign = """
                table ip foreign {
                  chain pre {
                    type nat hook prerouting priority dstnat - 10; policy accept;
                    tcp dport 9999 dnat to %s:80
                  }
                }
                table ip6 foreign6 {
                  chain post {
                    type nat hook postrouting priority srcnat; policy accept;
                  }
                }
                """.formatted(b1.v4());
        rig.exec(rig.node(), foreign, PROBE, "nft", "-f", "-").check();
        String before = listForeign();

        firewall.apply(ruleset(forward("pf-web", Protocol.TCP, WEB, List.of(), http(b0, true))));
        assertEquals(before, listForeign());
        firewall.apply(ruleset(forward("pf-web", Protocol.TCP, WEB, List.of(), http(b0, false), http(b1, true)),
                forward("pf-dns", Protocol.UDP, DNS, List.of(rig.client4() + "/32"), udp(b0)),
                forward("pf-web6", Protocol.TCP, WEB + 1, List.of(), new Backend(b0.v6(), NetRig.HTTP_PORT, true))));
        assertEquals(before, listForeign());
        firewall.apply(ruleset());
        assertEquals(before, listForeign());

        assertEquals(Optional.of("b1"), rig.curl("http://" + rig.wan4() + ":9999/", PROBE), "its own DNAT works");
    }

    @Test
    void aTableDeletedByHandIsReportedAndRestoredByTheNextApply() throws Exception {
        Host b0 = rig.backend(0);
        AtomicInteger changes = new AtomicInteger();
        drift = firewall.drift(changes::incrementAndGet);
        drift.start();
        await().atMost(Duration.ofSeconds(10)).until(drift::healthy);
        Ruleset ruleset = ruleset(forward("pf-web", Protocol.TCP, WEB, List.of(), http(b0, false)));
        firewall.apply(ruleset);
        assertEquals(Optional.of("b0"), rig.curl(web4(), PROBE));
        int seen = changes.get();

        rig.exec(rig.node(), "nft", "delete", "table", "ip", "converge").check();

        await().atMost(Duration.ofSeconds(5)).until(() -> changes.get() > seen);
        assertEquals(Optional.empty(), rig.curl(web4(), REFUSED));
        assertTrue(firewall.apply(ruleset), "the same ruleset is loaded again");
        assertEquals(Optional.of("b0"), rig.curl(web4(), PROBE));
        assertFalse(firewall.apply(ruleset), "and then it is unchanged");
    }

    private String listForeign() {
        return rig.exec(rig.node(), "nft", "list", "table", "ip", "foreign").check().out()
                + rig.exec(rig.node(), "nft", "list", "table", "ip6", "foreign6").check().out();
    }

    private String web4() {
        return "http://" + rig.wan4() + ":" + WEB + "/";
    }

    private Ruleset ruleset(Forward... forwards) {
        return new Ruleset(List.of(rig.wan4(), rig.wan6()), List.of(forwards));
    }

    private static Forward forward(String id, Protocol protocol, int port, List<String> ranges, Backend... backends) {
        return new Forward(id, "test " + id, protocol, port, ranges, List.of(backends));
    }

    private static Backend http(Host host, boolean masquerade) {
        return new Backend(host.v4(), NetRig.HTTP_PORT, masquerade);
    }

    private static Backend udp(Host host) {
        return new Backend(host.v4(), NetRig.UDP_PORT, false);
    }
}
