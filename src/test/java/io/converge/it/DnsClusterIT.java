package io.converge.it;

import static io.converge.it.ClusterPlacement.EVENTUALLY;
import static io.converge.it.ClusterPlacement.placement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.it.ClusterPlacement.Holder;
import io.converge.it.PowerDnsTap.Call;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 10, item 7 (cluster part): the DnsRecord room on a real cluster made by {@code deploy/dev/cluster.sh}
 * (3 Consul servers, 3 clients with node meta {@code site} site-a, site-b, site-c, one converge each) writing a real
 * PowerDNS through its API. Every converge is configured alike, except that the API base goes through a
 * {@link PowerDnsTap} whose path names the converge's own address, so that each request to PowerDNS is known by its
 * sender: "only the leader writes" is checked on the provider's side, request by request, and in the logs.
 *
 * <p>Each test makes the records it looks at; after each, whatever was killed is started again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DnsClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ZONE = "dnscl.test.";
    /** Short, so that a failover or a leader change takes seconds (lock-delay ≥ fence-after + kill budget). */
    private static final Duration LOCK_DELAY = Duration.ofSeconds(6);
    /** How long "nothing more happens" is watched for. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    private PowerDnsRig pdns;
    private PowerDnsTap tap;
    private DevCluster cluster;
    private ClusterPlacement pl;
    private ClusterDns dns;
    private String prefix;
    private final Map<String, String> figures = new LinkedHashMap<>();

    @BeforeAll
    void start() throws Exception {
        pdns = PowerDnsRig.start();
        pdns.createZone(ZONE);
        tap = PowerDnsTap.start(pdns);
        Path key = pdns.dir.resolve("api-key");
        Files.writeString(key, PowerDnsRig.API_KEY + "\n");
        prefix = "it/dns-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        cluster = new DevCluster(System.getProperty("converge.it.dns-cluster-net", "127.0.6"), "dnscl", prefix, 3,
                "-Dconverge.placement.lock-delay=" + LOCK_DELAY.toSeconds() + "s"
                        + " -Dconverge.placement.fence-after=4s -Dconverge.placement.fence-kill-budget=2s"
                        + " -Dconverge.placement.live-check-interval=1s -Dconverge.docker.stop-grace=1s"
                        + " -Dconverge.dns.provider=powerdns -Dconverge.dns.zones=" + ZONE
                        + " -Dconverge.dns.powerdns.url=" + tap.base("${quarkus.http.host}")
                        + " -Dconverge.dns.powerdns.api-key-file=" + key);
        pl = new ClusterPlacement(cluster);
        dns = new ClusterDns(cluster, pl, pdns, tap, ZONE);
        cluster.up();
        pl.awaitNodeSessions();
    }

    @AfterEach
    void restore() throws Exception {
        cluster.up();
        pl.awaitNodeSessions();
    }

    @AfterAll
    void stop() throws Exception {
        figures.forEach((k, v) -> System.out.println("[figure] " + k + ": " + v));
        try {
            if (cluster != null) {
                cluster.down();
            }
        } finally {
            if (tap != null) {
                tap.close();
            }
            if (pdns != null) {
                pdns.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void onlyTheLeaderWritesARecordOnce() throws Exception {
        String leader = dns.awaitLeader();
        int from = tap.calls().size();
        dns.putRecord("static", ClusterDns.values("A", 300, "192.0.2.10", "192.0.2.11"));
        dns.awaitAnswer("static", "A", "static.dnscl.test. 300 IN A 192.0.2.10", "static.dnscl.test. 300 IN A 192.0.2.11");
        dns.awaitPhase("static", "Running");
        try {
            await().during(QUIET).atMost(QUIET.plusSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() ->
                    dns.since(from, Call::zone).stream().allMatch(c -> c.from().equals(dns.host(leader)))
                            && dns.since(from, Call::write).size() == 1);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("only the leader " + leader + " (" + dns.host(leader) + ") should have asked "
                    + "PowerDNS about the zone, and written once; calls: " + dns.since(from, c -> true), e);
        }
        assertThat(pl.holderOf(pl.leaderKey())).as("the leader did not change meanwhile").isEqualTo(leader);
        assertThat(dns.since(from, Call::write)).as("the one write").allMatch(c -> c.method().equals("PATCH")
                && c.status() == 204);
        for (int i = 1; i <= 3; i++) {
            List<String> lines = dns.dnsLines(i);
            if (cluster.node(i).equals(leader)) {
                assertThat(lines).as("the leader logs the write once").filteredOn(l -> l.contains(
                        "dnsrecords/static: static.dnscl.test. A 192.0.2.10 192.0.2.11 (ttl 300) published"))
                        .hasSize(1);
            } else {
                assertThat(lines).as("standby %s logs no DNS work", cluster.node(i)).isEmpty();
            }
        }
        assertThat(tap.zone(ZONE)).as("the set and its ownership entry").contains(
                "static.dnscl.test. A 300 [192.0.2.10, 192.0.2.11]")
                .anyMatch(s -> s.matches("_converge\\.static\\.dnscl\\.test\\. TXT \\d+ \\[\"converge owner=converge "
                        + "resource=dnsrecords/static type=A sum=[0-9a-f]{12}\"\\]"));
    }

    @Test
    @Order(2)
    void aServiceFollowingCnameMovesWithItsSingletonToTheOtherSite() throws Exception {
        String leader = dns.awaitLeader();
        List<String> candidates = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            if (!cluster.node(i).equals(leader)) {
                candidates.add(cluster.node(i));
            }
        }
        assertThat(dns.site(candidates.get(0))).as("the two candidates are in different sites")
                .isNotEqualTo(dns.site(candidates.get(1)));
        ObjectNode web = ClusterPlacement.service("web", "singleton", LOCK_DELAY);
        candidates.forEach(placement(web).putArray("nodes")::add);
        pl.put(web);
        dns.putRecord("web", JSON.createObjectNode().put("type", "CNAME").put("ttl", 30).put("service", "web"));
        Holder first = pl.awaitSingleton("web", candidates::contains);
        dns.awaitAnswer("web", "CNAME", "web.dnscl.test. 30 IN CNAME dc-" + dns.site(first.node()) + ".dnscl.test.");
        int writes = tap.calls(Call::write).size();

        String second = candidates.get(0).equals(first.node()) ? candidates.get(1) : candidates.get(0);
        long t0 = System.nanoTime();
        cluster.hostGone(cluster.index(first.node()));
        pl.awaitSingleton("web", second::equals);
        dns.awaitAnswer("web", "CNAME", "web.dnscl.test. 30 IN CNAME dc-" + dns.site(second) + ".dnscl.test.");
        figures.put("host gone -> CNAME at the new site", (System.nanoTime() - t0) / 1_000_000 + " ms (lock-delay "
                + LOCK_DELAY.toMillis() + " ms)");
        JsonNode published = dns.awaitPhase("web", "Running").path("dns");
        assertThat(published.path("values").get(0).asText()).isEqualTo("dc-" + dns.site(second) + ".dnscl.test.");
        assertThat(published.path("writer").asText()).as("status names the writer").isEqualTo(leader);
        List<Call> moved = tap.calls(Call::write).subList(writes, tap.calls(Call::write).size());
        assertThat(moved).as("the leader alone wrote the move").isNotEmpty()
                .allMatch(c -> c.from().equals(dns.host(leader)) && c.status() == 204);
        assertThat(tap.zone(ZONE).stream().filter(s -> s.startsWith("web.") || s.startsWith("_converge.web.")))
                .as("one CNAME and one ownership entry").hasSize(2)
                .contains("web.dnscl.test. CNAME 30 [dc-" + dns.site(second) + ".dnscl.test.]");
    }

    @Test
    @Order(3)
    void aNewLeaderResumesWithoutDuplicatesOrLossesAndPublishesTheNextChange() throws Exception {
        dns.putRecord("keep", ClusterDns.values("TXT", 120, "kept"));
        dns.awaitAnswer("keep", "TXT", "keep.dnscl.test. 120 IN TXT \"kept\"");
        dns.awaitPhase("keep", "Running");
        String old = dns.awaitLeader();
        List<String> before = tap.zone(ZONE);
        ClusterDns.assertOneOwnerEntryPerSet(before);

        long t0 = System.nanoTime();
        cluster.killConverge(cluster.index(old));
        fence(old);
        int killed = tap.calls().size();
        String now = dns.awaitLeader(n -> !n.equals(old));
        figures.put("leader's converge killed -> new leader", (System.nanoTime() - t0) / 1_000_000 + " ms");
        await("the new leader " + now + " reads the zone").atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100))
                .until(() -> !dns.since(killed, c -> c.zone() && c.from().equals(dns.host(now))).isEmpty());
        try {
            await().during(QUIET).atMost(QUIET.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> dns.since(killed, Call::write).isEmpty() && tap.zone(ZONE).equals(before));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("taking over must rewrite nothing; writes: " + dns.since(killed, Call::write)
                    + "; zone before " + before + ", now " + tap.zone(ZONE), e);
        }

        int change = tap.calls().size();
        long t1 = System.nanoTime();
        dns.putRecord("keep", ClusterDns.values("TXT", 120, "changed"));
        dns.awaitAnswer("keep", "TXT", "keep.dnscl.test. 120 IN TXT \"changed\"");
        figures.put("spec change after the leader change -> answer", (System.nanoTime() - t1) / 1_000_000 + " ms");
        assertThat(dns.awaitPhase("keep", "Running").path("dns").path("writer").asText()).isEqualTo(now);
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> dns.since(change, Call::write).size() == 1);
        assertThat(dns.since(change, Call::zone)).as("only the new leader %s talks to PowerDNS", now)
                .allMatch(c -> c.from().equals(dns.host(now)));
        assertThat(dns.since(change, Call::write)).allMatch(c -> c.method().equals("PATCH") && c.status() == 204);
        List<String> after = tap.zone(ZONE);
        assertThat(ClusterDns.difference(before, after)).as("only keep and its ownership entry were replaced")
                .containsExactlyInAnyOrder("keep.dnscl.test. TXT 120 [\"kept\"]",
                        ClusterDns.line(before, "_converge.keep.dnscl.test. TXT"));
        assertThat(ClusterDns.difference(after, before)).containsExactlyInAnyOrder("keep.dnscl.test. TXT 120 [\"changed\"]",
                ClusterDns.line(after, "_converge.keep.dnscl.test. TXT"));
        ClusterDns.assertOneOwnerEntryPerSet(after);
    }

    /**
     * An exported service (tag {@code export}, meta {@code dns-name}) removed while no node leads (between the old
     * leader's death and the new leader's first pass) has no document, no status and no catalog entry left: the new
     * leader finds its records through the ownership records when it lists the zone on gaining leadership, and
     * removes them. (Found by this test while the room knew exported records from the leader's memory only.)
     */
    /**
     * What systemd's {@code ExecStopPost} runs after converge died: {@code converge fence}, which also ends the
     * node's sessions (bound to a check with the handover grace as TTL, they would otherwise outlive it by 30 s).
     */
    private void fence(String node) throws Exception {
        Docker.Result fence = cluster.cli(cluster.index(node), "fence", "--node", node);
        assertThat(fence.exitCode()).as(fence.out()).isZero();
    }

    @Test
    @Order(4)
    void anExportedServiceRemovedWhileNoNodeLeadsLeavesNoRecord() throws Exception {
        String leader = dns.awaitLeader();
        ObjectNode exp = ClusterPlacement.service("exp", "singleton", LOCK_DELAY);
        for (int i = 1; i <= 3; i++) {
            if (!cluster.node(i).equals(leader)) {
                placement(exp).withArray("nodes").add(cluster.node(i));
            }
        }
        ((ObjectNode) exp.get("spec")).withArray("tags").add("export");
        ((ObjectNode) exp.get("spec")).putObject("meta").put("dns-name", "exp");
        pl.put(exp);
        Holder holder = pl.awaitSingleton("exp", n -> !n.equals(leader));
        dns.awaitAnswer("exp", "CNAME", "exp.dnscl.test. 60 IN CNAME dc-" + dns.site(holder.node()) + ".dnscl.test.");
        cluster.killConverge(cluster.index(leader));
        fence(leader);
        pl.delete("exp");
        assertThat(cluster.kvSession(pl.leaderKey())).as("removed while no node leads").isEmpty();
        dns.awaitLeader(n -> !n.equals(leader));
        dns.awaitAnswer("exp", "CNAME");
        assertThat(tap.zone(ZONE)).noneMatch(s -> s.startsWith("exp.") || s.startsWith("_converge.exp."));
    }

}
