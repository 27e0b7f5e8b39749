package io.converge.it;

import static io.converge.it.ClusterPlacement.EVENTUALLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.it.PowerDnsTap.Call;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * DnsRecords of one KV prefix on a {@link DevCluster} writing one zone of a {@link PowerDnsRig} through a
 * {@link PowerDnsTap}, seen from every side: the documents and their status, the leader lock, the calls each
 * converge made, what PowerDNS holds and answers, and the converges' logs.
 */
final class ClusterDns {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DevCluster cluster;
    private final ClusterPlacement pl;
    private final PowerDnsRig pdns;
    private final PowerDnsTap tap;
    private final String zone;

    ClusterDns(DevCluster cluster, ClusterPlacement pl, PowerDnsRig pdns, PowerDnsTap tap, String zone) {
        this.cluster = cluster;
        this.pl = pl;
        this.pdns = pdns;
        this.tap = tap;
        this.zone = zone;
    }

    static ObjectNode values(String type, long ttl, String... values) {
        ObjectNode spec = JSON.createObjectNode().put("type", type).put("ttl", ttl);
        for (String v : values) {
            spec.withArray("values").add(v);
        }
        return spec;
    }

    void putRecord(String name, ObjectNode spec) throws Exception {
        ObjectNode doc = JSON.createObjectNode().put("apiVersion", "converge/v1").put("kind", "DnsRecord");
        doc.putObject("metadata").put("name", name);
        doc.set("spec", spec);
        cluster.kvPut(cluster.prefix + "/specs/dnsrecords/" + name, JSON.writeValueAsString(doc));
    }

    JsonNode awaitPhase(String name, String phase) {
        JsonNode[] last = new JsonNode[1];
        try {
            await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                Optional<JsonNode> s = cluster.kvJson(cluster.prefix + "/status/dnsrecords/" + name);
                last[0] = s.orElse(null);
                return s.isPresent() && phase.equals(s.get().path("phase").asText());
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("dnsrecords/" + name + " never " + phase + "; last status: " + last[0], e);
        }
        return last[0];
    }

    /** Waits until PowerDNS answers {@code name.<zone> type} with exactly these lines. */
    void awaitAnswer(String name, String type, String... lines) {
        List<String> want = List.of(lines);
        List<List<String>> last = new ArrayList<>(List.of(List.of()));
        try {
            await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100)).until(() -> {
                last.set(0, pdns.dig(name + "." + zone, type));
                return last.get(0).size() == want.size() && last.get(0).containsAll(want);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("dig " + name + " " + type + " never answered " + want + "; last: "
                    + last.get(0) + "; calls: " + tap.calls(Call::zone), e);
        }
    }

    String awaitLeader() {
        return awaitLeader(n -> true);
    }

    /** The node holding the leader lock once one that {@code which} accepts holds it. */
    String awaitLeader(Predicate<String> which) {
        String[] holder = new String[1];
        await("a converge leader").atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> {
                    holder[0] = pl.holderOf(pl.leaderKey());
                    return cluster.kvSession(pl.leaderKey()).isPresent() && which.test(holder[0]);
                });
        return holder[0];
    }

    /** The address a node's converge listens on, which it resolves into the tap's path. */
    String host(String node) {
        return cluster.net + "." + (20 + cluster.index(node));
    }

    String site(String node) throws Exception {
        return cluster.getJson("/v1/catalog/node/" + node).path("Node").path("Meta").path("site").asText();
    }

    /** The lines of node I's converge log about DnsRecords. */
    List<String> dnsLines(int i) throws Exception {
        return Files.readAllLines(cluster.log("converge-" + i)).stream().filter(l -> l.contains("dnsrecords/"))
                .toList();
    }

    /** The calls from the {@code from}th on that {@code which} accepts. */
    List<Call> since(int from, Predicate<Call> which) {
        List<Call> all = tap.calls();
        return all.subList(Math.min(from, all.size()), all.size()).stream().filter(which).toList();
    }

    static String line(List<String> zone, String start) {
        return zone.stream().filter(s -> s.startsWith(start + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + start + " in " + zone));
    }

    static List<String> difference(List<String> a, List<String> b) {
        List<String> d = new ArrayList<>(a);
        d.removeAll(b);
        return d;
    }

    /** Every record set of the zone that converge made has exactly one ownership entry, and no entry is extra. */
    static void assertOneOwnerEntryPerSet(List<String> zone) {
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
