package io.converge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The DnsRecord room end to end against one real DNS server: a real Consul agent (node meta {@code site=it}, so a
 * service-following CNAME points at {@code dc-it.example.jp.}), a real {@code converge run} (alone, so the leader)
 * writing zone {@value #ZONE} of the server a subclass starts, plain Consul services registered by the test with
 * TTL checks it sets passing or critical, and answers read back with real DNS queries. A subclass says how to start
 * its server and how to read and write it behind converge's back; the scenarios live in {@link DnsRoomScenarios}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DnsRoomItBase {
    static final Duration EVENTUALLY = Duration.ofSeconds(20);
    static final String ZONE = "example.jp.";
    static final String SITE_TARGET = "dc-it.example.jp.";

    ConsulAgent consul;
    ConvergeProcess converge;
    String node;
    String prefix;
    String owner;
    private int restarts;
    private final AtomicInteger touches = new AtomicInteger();

    /** Starts the DNS server holding {@value #ZONE}; the short name goes into node and prefix names. */
    abstract String startServer() throws Exception;

    abstract void stopServer() throws Exception;

    /** The {@code converge.dns.*} properties that point converge at the server. */
    abstract Map<String, String> providerProps() throws Exception;

    /** The rdata the server answers for {@code name} {@code type} (a real query, no recursion), sorted. */
    abstract List<String> answer(String name, String type) throws Exception;

    /** The TTL the server answers {@code name} {@code type} with (-1: no answer). */
    abstract long ttl(String name, String type) throws Exception;

    /** Every record of {@value #ZONE} as the server holds it, as exactly as it can tell (TTL, comments...). */
    abstract List<String> zoneRecords() throws Exception;

    /** Replaces the set at {@code name} {@code type} by hand, behind converge's back. */
    abstract void byHand(String name, String type, long ttl, String value) throws Exception;

    /** Deletes the set at {@code name} {@code type} by hand. */
    abstract void deleteByHand(String name, String type) throws Exception;

    /** What the provider is called in status. */
    abstract String providerKind();

    @BeforeAll
    void start() throws Exception {
        String id = startServer() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        node = "it-" + id;
        prefix = "it/" + id;
        owner = "it-" + id;
        consul = new ConsulAgent(node);
        consul.start();
        converge = new ConvergeProcess(node, props());
        converge.start();   // assigned first: one that never gets ready is still stopped after the class
    }

    private Map<String, String> props() throws Exception {
        Map<String, String> p = ConvergeProcess.props(consul, prefix);
        p.put("converge.dns.zones", "example.jp");
        p.put("converge.dns.owner-id", owner);
        p.putAll(providerProps());
        // the catalog changes converge saw (logged at debug), for a test that waits on one in vain
        p.put("quarkus.log.category.\"io.converge.store.consul\".level", "DEBUG");
        return p;
    }

    @BeforeEach
    void up() throws Exception {
        consul.ensureRunning();
        if (!converge.alive()) {
            restartConverge();
        }
    }

    /** Starts a new {@code converge run} (the old one stopped) with the same settings and its own log. */
    void restartConverge() throws Exception {
        converge = new ConvergeProcess(node + "-" + (++restarts), props());
        converge.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (converge != null) {
            converge.stop();
        }
        if (consul != null) {
            consul.close();
        }
        stopServer();
    }

    /** Puts a DnsRecord document with {@code spec} (JSON text). */
    void record(String name, String spec) throws Exception {
        put(name, spec, "");
    }

    /**
     * Puts the document again with the same spec and a new label: the wanted records stay the same, and converge
     * makes a pass over it (the way to make it look again at what no event reports, such as a hand edit).
     */
    void touch(String name, String spec) throws Exception {
        put(name, spec, ",\"labels\":{\"touched\":\"" + touches.incrementAndGet() + "\"}");
    }

    private void put(String name, String spec, String metadata) throws Exception {
        consul.kvPut(prefix + "/specs/dnsrecords/" + name, "{\"apiVersion\":\"converge/v1\",\"kind\":\"DnsRecord\","
                + "\"metadata\":{\"name\":\"" + name + "\"" + metadata + "},\"spec\":" + spec + "}");
    }

    void deleteRecord(String name) throws Exception {
        consul.kvDelete(prefix + "/specs/dnsrecords/" + name);
    }

    Optional<JsonNode> status(String name) throws Exception {
        return consul.kvJson(prefix + "/status/dnsrecords/" + name);
    }

    /** Waits until the record's status satisfies the assertions; returns it. */
    JsonNode awaitStatus(String name, java.util.function.Consumer<JsonNode> assertions) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            Optional<JsonNode> s = status(name);
            assertThat(s).as("status of dnsrecords/" + name).isPresent();
            assertions.accept(s.get());
            last[0] = s.get();
        });
        return last[0];
    }

    void awaitAnswer(String name, String type, String... rdata) {
        await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(answer(name, type)).as(name + " " + type).containsExactly(rdata));
    }

    /** The TTL of the first {@code type} record among {@code name ttl IN type rdata} lines, or -1. */
    static long ttlOf(List<String> answerLines, String type) {
        return answerLines.stream().map(l -> l.split(" ", 5)).filter(f -> f.length == 5 && f[3].equals(type))
                .mapToLong(f -> Long.parseLong(f[1])).findFirst().orElse(-1);
    }

    static String condition(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c.path("status").asText() + ": " + c.path("message").asText();
            }
        }
        return "";
    }

    /** Registers a plain service instance of {@code service} with a passing TTL check; returns the check's id. */
    String service(String service, String extra) throws Exception {
        consul.agentRegister("{\"ID\":\"" + service + "\",\"Name\":\"" + service + "\",\"Address\":\"127.0.0.1\","
                + "\"Port\":1" + extra + ",\"Check\":{\"CheckID\":\"" + service + "-ttl\",\"TTL\":\"30m\","
                + "\"Status\":\"passing\"}}");
        return service + "-ttl";
    }

    /** The ownership TXT string converge writes for one of its record sets, up to its digest. */
    String ownership(String resource, String type) {
        return "\"converge owner=" + owner + " resource=dnsrecords/" + resource + " type=" + type + " sum=";
    }
}
