package io.converge.dnat.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.converge.dnat.Backend;
import io.converge.dnat.FirewallException;
import io.converge.dnat.Forward;
import io.converge.dnat.Protocol;
import io.converge.dnat.Ruleset;
import io.converge.kernel.EventSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** NftFirewall against the real nft 1.0.6 and conntrack 1.4.7, in a network namespace of its own (root). */
class NftFirewallIT {
    private static final String FOREIGN = """
            table ip foreign {
            \tchain prerouting {
            \t\ttype nat hook prerouting priority dstnat - 10; policy accept;
            \t\ttcp dport 9999 dnat to 10.9.9.9:99 comment "not converge's"
            \t}
            }
            """;
    private static TestNetns ns;
    private final AtomicInteger changes = new AtomicInteger();
    private NftFirewall firewall;
    private EventSource drift;

    @BeforeAll
    static void namespace() throws Exception {
        ns = TestNetns.create("cvnft");
    }

    @AfterAll
    static void removeNamespace() throws Exception {
        if (ns != null) {
            ns.close();
        }
    }

    @BeforeEach
    void firewall() throws Exception {
        ns.nft("flush", "ruleset");
        ns.exec(FOREIGN, "nft", "-f", "-");
        firewall = new NftFirewall("nft", "conntrack", "ip", Optional.of(ns.name), true);
        drift = firewall.drift(changes::incrementAndGet);
        drift.start();
        await().atMost(Duration.ofSeconds(5)).until(drift::healthy);
    }

    @AfterEach
    void closeDrift() {
        drift.close();
    }

    static Ruleset varied(String webBackend) {
        return new Ruleset(List.of("192.0.2.1", "2001:db8::1"), List.of(
                new Forward("pf-web", "portforwards/web", Protocol.TCP, 8080, List.of("10.0.0.0/8", "fd00::/8"),
                        List.of(new Backend(webBackend, 80, true), new Backend("10.1.0.3", 80, false),
                                new Backend("fd00::2", 80, true))),
                new Forward("pf-dns", "x".repeat(300), Protocol.UDP, 53, List.of(),
                        List.of(new Backend("10.1.0.4", 5353, false))),
                new Forward("pf-web-0", "portforwards/web-0", Protocol.UDP, 8081, List.of("192.168.0.0/16"),
                        List.of(new Backend("10.1.0.5", 81, true)))));
    }

    static Ruleset thousand() {
        List<Forward> forwards = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            forwards.add(new Forward("pf-s" + i, "portforwards/s" + i, i % 2 == 0 ? Protocol.TCP : Protocol.UDP,
                    10000 + i, List.of(), List.of(new Backend("10.2." + i / 250 + "." + i % 250, 80, true),
                    new Backend("10.3." + i / 250 + "." + i % 250, 80, false))));
        }
        return new Ruleset(List.of("192.0.2.1"), forwards);
    }

    @Test
    void nftAcceptsTheRenderedTextOfAVariedAnEmptyAndAThousandForwardRuleset() throws Exception {
        for (Ruleset r : List.of(varied("10.1.0.2"), new Ruleset(List.of(), List.of()), thousand())) {
            ns.exec(NftScript.render(r).text(), "nft", "-c", "-f", "-");
        }
        assertThat(ns.run("table ip converge {\n\tchain c {\n\t\tjump nowhere\n\t}\n}\n", "nft", "-c", "-f", "-")
                .exit()).as("nft -c can fail").isEqualTo(1);
    }

    @Test
    void aSecondApplyLoadsNothingAndAChangedRulesetIsLoaded() throws Exception {
        assertThat(firewall.apply(varied("10.1.0.2"))).isTrue();
        String listed = ns.nft("-a", "list", "table", "ip", "converge");
        long readBacks = firewall.readBacks();
        assertThat(firewall.apply(varied("10.1.0.2"))).isFalse();
        assertThat(firewall.loads()).isEqualTo(1);
        assertThat(firewall.readBacks()).as("the monitor watched: no read-back").isEqualTo(readBacks);
        assertThat(ns.nft("-a", "list", "table", "ip", "converge")).isEqualTo(listed);
        assertThat(firewall.apply(varied("10.1.0.9"))).isTrue();
        assertThat(firewall.loads()).isEqualTo(2);
        assertThat(ns.nft("list", "table", "ip", "converge")).contains("dnat to 10.1.0.9:80");
        Thread.sleep(1000); // converge's own loads are not drift: nothing may come
        assertThat(changes).hasValue(0);
    }

    @Test
    void aRestartedConvergeReadsBackAndLoadsOnlyWhatDiffers() throws Exception {
        firewall.apply(varied("10.1.0.2"));
        String listed = ns.nft("-a", "list", "table", "ip", "converge");
        NftFirewall restarted = new NftFirewall("nft", "conntrack", "ip", Optional.of(ns.name), false);
        assertThat(restarted.apply(varied("10.1.0.2"))).isFalse();
        assertThat(restarted.apply(varied("10.1.0.2"))).as("monitor off: read back again").isFalse();
        assertThat(restarted.readBacks()).isEqualTo(2);
        assertThat(ns.nft("-a", "list", "table", "ip", "converge")).isEqualTo(listed);
        assertThat(restarted.apply(varied("10.1.0.9"))).as("same shape, another backend").isTrue();
        ns.nft("delete", "table", "ip6", "converge");
        assertThat(restarted.apply(varied("10.1.0.9"))).as("monitor off: a read-back finds the gap").isTrue();
        assertThat(restarted.loads()).isEqualTo(2);
    }

    @Test
    void aForeignTableSurvivesEveryApplyByteForByte() throws Exception {
        String before = ns.nft("-a", "list", "table", "ip", "foreign");
        firewall.apply(varied("10.1.0.2"));
        firewall.apply(thousand());
        firewall.apply(new Ruleset(List.of(), List.of()));
        assertThat(ns.nft("-a", "list", "table", "ip", "foreign")).isEqualTo(before);
        assertThat(ns.nft("list", "table", "ip", "converge")).contains("chain prerouting").doesNotContain("pf-");
    }

    @ParameterizedTest(name = "nft {0}")
    @ValueSource(strings = {"delete table ip converge", "flush table ip converge", "delete table ip6 converge",
            "add rule ip converge prerouting tcp dport 9 accept", "flush ruleset"})
    void aChangeByHandCallsChangedWithinASecondAndTheNextApplyRepairsIt(String edit) throws Exception {
        firewall.apply(varied("10.1.0.2"));
        String listed = ns.nft("list", "ruleset");
        ns.nft(edit.split(" "));
        await().atMost(Duration.ofSeconds(1)).untilAtomic(changes, org.hamcrest.Matchers.greaterThan(0));
        assertThat(firewall.apply(varied("10.1.0.2"))).isTrue();
        if (!edit.equals("flush ruleset")) {
            assertThat(ns.nft("list", "ruleset")).isEqualTo(listed);
        }
    }

    @Test
    void aChangeToAnotherTableIsNoDrift() throws Exception {
        firewall.apply(varied("10.1.0.2"));
        ns.nft("add", "rule", "ip", "foreign", "prerouting", "tcp", "dport", "7", "accept");
        ns.nft("add", "table", "inet", "converge");
        Thread.sleep(1000);
        assertThat(changes).hasValue(0);
    }

    @Test
    void aMonitorThatDiesIsStartedAgainAndCallsChanged() throws Exception {
        firewall.apply(varied("10.1.0.2"));
        NftMonitor monitor = (NftMonitor) drift;
        long pid = monitor.pid();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(5)).until(() -> changes.get() > 0 && monitor.pid() != pid && drift.healthy());
        assertThat(firewall.apply(varied("10.1.0.2"))).as("read back, found equal").isFalse();
        assertThat(firewall.loads()).isEqualTo(1);
    }

    @Test
    void aRefusedRulesetThrowsNftsMessageAndLeavesTheTables() throws Exception {
        firewall.apply(varied("10.1.0.2"));
        String listed = ns.nft("list", "ruleset");
        assertThatThrownBy(() -> firewall.apply(varied("999.1.1.1"))).isInstanceOf(FirewallException.class)
                .hasMessageStartingWith("nft -f -: ").hasMessageContaining("999.1.1.1");
        assertThat(ns.nft("list", "ruleset")).isEqualTo(listed);
        assertThat(firewall.apply(varied("10.1.0.2"))).isFalse();
    }

    @Test
    void aMissingBinaryIsNamedByProblemAndApply() {
        for (Optional<String> netns : List.of(Optional.of(ns.name), Optional.<String>empty())) {
            NftFirewall missing = new NftFirewall("/nonexistent/nft", "conntrack", "ip", netns, false);
            assertThat(missing.problem()).hasValueSatisfying(p -> assertThat(p)
                    .contains("/nonexistent/nft").contains("No such file or directory"));
            assertThatThrownBy(() -> missing.apply(varied("10.1.0.2"))).isInstanceOf(FirewallException.class)
                    .hasMessageContaining("/nonexistent/nft").hasMessageContaining("No such file or directory");
        }
        assertThat(firewall.problem()).isEmpty();
    }

    @Test
    void forgetFlowsRemovesTheBackendsUdpEntriesOnly() throws Exception {
        ns.exec("", "conntrack", "-F");
        insertUdp(4000, 8080, "10.1.0.2", 80);
        insertUdp(4001, 8080, "10.1.0.3", 80);
        insertUdp(4002, 8081, "10.1.0.2", 80);
        firewall.forgetFlows(Protocol.UDP, 8080, new Backend("10.1.0.2", 80, false));
        String left = ns.exec("", "conntrack", "-L", "-p", "udp");
        assertThat(left).doesNotContain("sport=4000 ").contains("sport=4001 ").contains("sport=4002 ");
        firewall.forgetFlows(Protocol.UDP, 8080, new Backend("10.1.0.2", 80, false));
        firewall.forgetFlows(Protocol.UDP, 8080, new Backend("fd00::2", 80, false));
    }

    private static void insertUdp(int sport, int dport, String backend, int bport) throws Exception {
        ns.exec("", "conntrack", "-I", "-p", "udp", "-s", "192.0.2.9", "-d", "192.0.2.1", "--sport",
                Integer.toString(sport), "--dport", Integer.toString(dport), "--reply-src", backend, "--reply-dst",
                "192.0.2.9", "--reply-port-src", Integer.toString(bport), "--reply-port-dst", Integer.toString(sport),
                "-t", "100");
    }
}
