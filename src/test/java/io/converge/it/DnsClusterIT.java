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
import java.util.Optional;
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
        String leader = awaitLeader();
        int from = tap.calls().size();
        putRecord("static", values("A", 300, "192.0.2.10", "192.0.2.11"));
        awaitAnswer("static", "A", "static.dnscl.test. 300 IN A 192.0.2.10", "static.dnscl.test. 300 IN A 192.0.2.11");
        awaitPhase("static", "Running");
        try {
            await().during(QUIET).atMost(QUIET.plusSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() ->
                    since(from, Call::zone).stream().allMatch(c -> c.from().equals(host(leader)))
                            && since(from, Call::write).size() == 1);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("only the leader " + leader + " (" + host(leader) + ") should have asked "
                    + "PowerDNS about the zone, and written once; calls: " + since(from, c -> true), e);
        }
        assertThat(pl.holderOf(pl.leaderKey())).as("the leader did not change meanwhile").isEqualTo(leader);
        assertThat(since(from, Call::write)).as("the one write").allMatch(c -> c.method().equals("PATCH")
                && c.status() == 204);
        for (int i = 1; i <= 3; i++) {
            List<String> lines = dnsLines(i);
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
        String leader = awaitLeader();
        List<String> candidates = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            if (!cluster.node(i).equals(leader)) {
                candidates.add(cluster.node(i));
            }
        }
        assertThat(site(candidates.get(0))).as("the two candidates are in different sites")
                .isNotEqualTo(site(candidates.get(1)));
        ObjectNode web = ClusterPlacement.service("web", "singleton", LOCK_DELAY);
        candidates.forEach(placement(web).putArray("nodes")::add);
        pl.put(web);
        putRecord("web", JSON.createObjectNode().put("type", "CNAME").put("ttl", 30).put("service", "web"));
        Holder first = pl.awaitSingleton("web", candidates::contains);
        awaitAnswer("web", "CNAME", "web.dnscl.test. 30 IN CNAME dc-" + site(first.node()) + ".dnscl.test.");
        int writes = tap.calls(Call::write).size();

        String second = candidates.get(0).equals(first.node()) ? candidates.get(1) : candidates.get(0);
        long t0 = System.nanoTime();
        cluster.hostGone(cluster.index(first.node()));
        pl.awaitSingleton("web", second::equals);
        awaitAnswer("web", "CNAME", "web.dnscl.test. 30 IN CNAME dc-" + site(second) + ".dnscl.test.");
        figures.put("host gone -> CNAME at the new site", (System.nanoTime() - t0) / 1_000_000 + " ms (lock-delay "
                + LOCK_DELAY.toMillis() + " ms)");
        JsonNode dns = awaitPhase("web", "Running").path("dns");
        assertThat(dns.path("values").get(0).asText()).isEqualTo("dc-" + site(second) + ".dnscl.test.");
        assertThat(dns.path("writer").asText()).as("status names the writer").isEqualTo(leader);
        List<Call> moved = tap.calls(Call::write).subList(writes, tap.calls(Call::write).size());
        assertThat(moved).as("the leader alone wrote the move").isNotEmpty()
                .allMatch(c -> c.from().equals(host(leader)) && c.status() == 204);
        assertThat(tap.zone(ZONE).stream().filter(s -> s.startsWith("web.") || s.startsWith("_converge.web.")))
                .as("one CNAME and one ownership entry").hasSize(2)
                .contains("web.dnscl.test. CNAME 30 [dc-" + site(second) + ".dnscl.test.]");
    }

    @Test
    @Order(3)
    void aNewLeaderResumesWithoutDuplicatesOrLossesAndPublishesTheNextChange() throws Exception {
        putRecord("keep", values("TXT", 120, "kept"));
        awaitAnswer("keep", "TXT", "keep.dnscl.test. 120 IN TXT \"kept\"");
        awaitPhase("keep", "Running");
        String old = awaitLeader();
        List<String> before = tap.zone(ZONE);
        assertOneOwnerEntryPerSet(before);

        long t0 = System.nanoTime();
        cluster.killConverge(cluster.index(old));
        int killed = tap.calls().size();
        String now = awaitLeader(n -> !n.equals(old));
        figures.put("leader's converge killed -> new leader", (System.nanoTime() - t0) / 1_000_000 + " ms");
        await("the new leader " + now + " reads the zone").atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100))
                .until(() -> !since(killed, c -> c.zone() && c.from().equals(host(now))).isEmpty());
        try {
            await().during(QUIET).atMost(QUIET.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> since(killed, Call::write).isEmpty() && tap.zone(ZONE).equals(before));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("taking over must rewrite nothing; writes: " + since(killed, Call::write)
                    + "; zone before " + before + ", now " + tap.zone(ZONE), e);
        }

        int change = tap.calls().size();
        long t1 = System.nanoTime();
        putRecord("keep", values("TXT", 120, "changed"));
        awaitAnswer("keep", "TXT", "keep.dnscl.test. 120 IN TXT \"changed\"");
        figures.put("spec change after the leader change -> answer", (System.nanoTime() - t1) / 1_000_000 + " ms");
        assertThat(awaitPhase("keep", "Running").path("dns").path("writer").asText()).isEqualTo(now);
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> since(change, Call::write).size() == 1);
        assertThat(since(change, Call::zone)).as("only the new leader %s talks to PowerDNS", now)
                .allMatch(c -> c.from().equals(host(now)));
        assertThat(since(change, Call::write)).allMatch(c -> c.method().equals("PATCH") && c.status() == 204);
        List<String> after = tap.zone(ZONE);
        assertThat(difference(before, after)).as("only keep and its ownership entry were replaced")
                .containsExactlyInAnyOrder("keep.dnscl.test. TXT 120 [\"kept\"]",
                        line(before, "_converge.keep.dnscl.test. TXT"));
        assertThat(difference(after, before)).containsExactlyInAnyOrder("keep.dnscl.test. TXT 120 [\"changed\"]",
                line(after, "_converge.keep.dnscl.test. TXT"));
        assertOneOwnerEntryPerSet(after);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static ObjectNode values(String type, long ttl, String... values) {
        ObjectNode spec = JSON.createObjectNode().put("type", type).put("ttl", ttl);
        for (String v : values) {
            spec.withArray("values").add(v);
        }
        return spec;
    }

    private void putRecord(String name, ObjectNode spec) throws Exception {
        ObjectNode doc = JSON.createObjectNode().put("apiVersion", "converge/v1").put("kind", "DnsRecord");
        doc.putObject("metadata").put("name", name);
        doc.set("spec", spec);
        cluster.kvPut(prefix + "/specs/dnsrecords/" + name, JSON.writeValueAsString(doc));
    }

    private JsonNode awaitPhase(String name, String phase) {
        JsonNode[] last = new JsonNode[1];
        try {
            await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                Optional<JsonNode> s = cluster.kvJson(prefix + "/status/dnsrecords/" + name);
                last[0] = s.orElse(null);
                return s.isPresent() && phase.equals(s.get().path("phase").asText());
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("dnsrecords/" + name + " never " + phase + "; last status: " + last[0], e);
        }
        return last[0];
    }

    /** Waits until PowerDNS answers {@code name.<zone> type} with exactly these lines. */
    private void awaitAnswer(String name, String type, String... lines) {
        List<String> want = List.of(lines);
        List<List<String>> last = new ArrayList<>(List.of(List.of()));
        try {
            await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100)).until(() -> {
                last.set(0, pdns.dig(name + "." + ZONE, type));
                return last.get(0).size() == want.size() && last.get(0).containsAll(want);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("dig " + name + " " + type + " never answered " + want + "; last: "
                    + last.get(0) + "; calls: " + tap.calls(Call::zone), e);
        }
    }

    private String awaitLeader() {
        return awaitLeader(n -> true);
    }

    /** The node holding the leader lock once one that {@code which} accepts holds it. */
    private String awaitLeader(java.util.function.Predicate<String> which) {
        String[] holder = new String[1];
        await("a converge leader").atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> {
                    holder[0] = pl.holderOf(pl.leaderKey());
                    return cluster.kvSession(pl.leaderKey()).isPresent() && which.test(holder[0]);
                });
        return holder[0];
    }

    /** The address a node's converge listens on, which it resolves into the tap's path. */
    private String host(String node) {
        return cluster.net + "." + (20 + cluster.index(node));
    }

    private String site(String node) throws Exception {
        return cluster.getJson("/v1/catalog/node/" + node).path("Node").path("Meta").path("site").asText();
    }

    /** The lines of node I's converge log about DnsRecords. */
    private List<String> dnsLines(int i) throws Exception {
        return Files.readAllLines(cluster.log("converge-" + i)).stream().filter(l -> l.contains("dnsrecords/"))
                .toList();
    }

    /** The calls from the {@code from}th on that {@code which} accepts. */
    private List<Call> since(int from, java.util.function.Predicate<Call> which) {
        List<Call> all = tap.calls();
        return all.subList(Math.min(from, all.size()), all.size()).stream().filter(which).toList();
    }

    private static String line(List<String> zone, String start) {
        return zone.stream().filter(s -> s.startsWith(start + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + start + " in " + zone));
    }

    private static List<String> difference(List<String> a, List<String> b) {
        List<String> d = new ArrayList<>(a);
        d.removeAll(b);
        return d;
    }

    /** Every record set of the zone that converge made has exactly one ownership entry, and no entry is extra. */
    private static void assertOneOwnerEntryPerSet(List<String> zone) {
        for (String set : zone) {
            String name = set.substring(0, set.indexOf(' '));
            String type = set.split(" ")[1];
            if (name.startsWith("_converge.")) {
                String owned = name.substring("_converge.".length());
                List<String> entries = List.of(set.substring(set.indexOf('[') + 1, set.length() - 1).split(", "));
                assertThat(entries).as("one entry per set at %s", name).hasSize(1);
                String ownedType = entries.get(0).replaceAll(".* type=(\\S+) .*", "$1");
                assertThat(zone).as("the set %s owns", entries.get(0)).anyMatch(s -> s.startsWith(owned + " "
                        + ownedType + " "));
            } else if (!type.equals("NS")) {
                assertThat(zone).as("%s is owned", set).anyMatch(s -> s.startsWith("_converge." + name + " TXT "));
            }
        }
    }
}
