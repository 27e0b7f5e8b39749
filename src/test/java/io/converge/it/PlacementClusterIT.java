package io.converge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 3, items 6 and 8: placement on a real cluster made by {@code deploy/dev/cluster.sh} (3 Consul servers,
 * 3 client agents, one converge each, all on the local dockerd). A {@link Sampler} lists the running containers
 * of the service under test every 100 ms across the whole cluster for the whole of each disturbance, so a split
 * brain (two running at once) or an outage (none running) cannot slip between two assertions.
 *
 * <p>The tests run in order and share the cluster; after each one whatever was killed is started again
 * ({@code cluster.sh up 3}), except where the next test is about that restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlacementClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /*
     * fence-after must outlast a Raft leader election, or restarting the Raft leader fences every holder (test g).
     * Here (raft_multiplier 1) a new leader took 2.5-4.0 s after SIGINT of the old one, and the last proof of a
     * session may be fence-after/4 older than the SIGINT: fence-after 2 s and 4 s both fenced the holder in test g;
     * 6 s passed 5 runs of 5. lock-delay >= fence-after + kill budget, as converge demands.
     */
    private static final Duration LOCK_DELAY = Duration.ofSeconds(Long.getLong("converge.it.pl.lock-delay", 8));
    private static final Duration FENCE_AFTER = Duration.ofSeconds(Long.getLong("converge.it.pl.fence-after", 6));
    private static final Duration KILL_BUDGET = Duration.ofSeconds(Long.getLong("converge.it.pl.kill-budget", 2));
    /**
     * Serf failure detection in the dev cluster: median ≈ 1 s, at most 6 × 0.6 s without a confirming node
     * (CLUSTER.md); 3.0 s was seen for a SIGINT here.
     */
    private static final Duration DETECTION = Duration.ofMillis(3600);
    private static final Duration SLACK = Duration.ofSeconds(5);
    /** The sampler's period plus one Docker API round trip: how late a change can be seen. */
    private static final long SAMPLING_MS = 300;
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    private DevCluster cluster;
    private String prefix;
    private final List<String> toDelete = new ArrayList<>();
    private final Map<String, String> figures = new LinkedHashMap<>();
    private boolean restoreAfter = true;
    /** The singleton of tests (a), (b) and (e): where it runs and its container. */
    private Holder solo;

    /** Where a singleton runs: the holder node and its container. */
    record Holder(String node, String containerId) {
    }

    @BeforeAll
    void startCluster() throws Exception {
        prefix = "it/pl-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        cluster = new DevCluster(System.getProperty("converge.it.cluster-net", "127.0.7"),
                System.getProperty("converge.it.cluster-name", "pl"), prefix, 3,
                System.getProperty("converge.it.cluster-java-opts",
                        "-Dconverge.placement.lock-delay=" + seconds(LOCK_DELAY)
                        + " -Dconverge.placement.fence-after=" + seconds(FENCE_AFTER)
                        + " -Dconverge.placement.fence-kill-budget=" + seconds(KILL_BUDGET)
                        + " -Dconverge.docker.stop-grace=2s"));
        cluster.up();
        awaitNodeSessions();
    }

    @AfterEach
    void restore() throws Exception {
        if (restoreAfter) {
            cluster.up();
            awaitNodeSessions();
            for (String name : toDelete) {
                delete(name);
            }
            toDelete.clear();
        }
        restoreAfter = true;
    }

    @AfterAll
    void stopCluster() throws Exception {
        figures.forEach((k, v) -> System.out.println("[figure] " + k + ": " + v));
        if (cluster != null) {
            cluster.down();
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void aSingletonRunsOnExactlyOneNodeTheOthersStandBy() throws Exception {
        try (Sampler sampler = Sampler.start("solo", prefix)) {
            put(service("solo", "singleton"));
            solo = awaitSingleton("solo", node -> true);
            JsonNode status = status("solo").orElseThrow();
            assertThat(status.path("nodes").size()).as("one entry per candidate: %s", status).isEqualTo(3);
            for (int i = 1; i <= 3; i++) {
                assertThat(role(status, cluster.node(i))).as("role of %s", cluster.node(i))
                        .isEqualTo(cluster.node(i).equals(solo.node()) ? "active" : "standby");
            }
            assertHeldBy(lockKey("solo"), solo.node());
            assertThat(sampler.max()).as("never more than one running\n%s", sampler.report()).isEqualTo(1);
        }
    }

    @Test
    @Order(2)
    void whenTheHoldersHostIsGoneAnotherCandidateRunsItAfterTheLockDelay() throws Exception {
        assertThat(solo).as("test (a) placed the singleton").isNotNull();
        restoreAfter = false; // (e) brings the old holder back
        Holder old = solo;
        try (Sampler sampler = Sampler.start("solo", prefix)) {
            long t = sampler.now();
            cluster.hostGone(cluster.index(old.node()));
            solo = awaitSingleton("solo", node -> !node.equals(old.node()));
            long took = sampler.firstChange(t, s -> s.count() == 1 && s.containers().containsValue(solo.node())) - t;
            figures.put("host gone -> singleton running elsewhere", took + " ms");
            JsonNode status = awaitStatus("solo", s -> !"active".equals(role(s, old.node())));
            assertThat(placedMessage(status, solo.node())).as("Placed on the new holder").contains(old.node());
            assertHeldBy(lockKey("solo"), solo.node());
            assertThat(sampler.max()).as("never two at once\n%s", sampler.report()).isLessThanOrEqualTo(1);
            assertThat(took).as("taken over after the lock-delay, within lock-delay + detection + slack\n%s",
                    sampler.report()).isBetween(LOCK_DELAY.toMillis(), (LOCK_DELAY.plus(DETECTION).plus(SLACK))
                    .toMillis());
        }
    }

    @Test
    @Order(3)
    void theOldHolderRejoiningTakesNothingBack() throws Exception {
        assertThat(solo).as("test (b) moved the singleton").isNotNull();
        toDelete.add("solo");
        Holder holder = solo;
        try (Sampler sampler = Sampler.start("solo", prefix)) {
            cluster.up();
            awaitNodeSessions();
            Set<String> rejoined = new TreeSet<>();
            for (int i = 1; i <= 3; i++) {
                if (!cluster.node(i).equals(holder.node())) {
                    rejoined.add(cluster.node(i));
                }
            }
            awaitStatus("solo", s -> rejoined.stream().allMatch(n -> "standby".equals(role(s, n))));
            await().during(LOCK_DELAY.multipliedBy(2)).atMost(LOCK_DELAY.multipliedBy(2).plusSeconds(5))
                    .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> unchanged("solo", holder) && status("solo").map(s -> rejoined.stream()
                            .allMatch(n -> "standby".equals(role(s, n)))).orElse(false));
            assertThat(sampler.allIds()).as("the same container all along\n%s", sampler.report())
                    .containsExactly(holder.containerId());
            assertThat(sampler.min()).as("never stopped\n%s", sampler.report()).isEqualTo(1);
            assertThat(sampler.max()).as("never two\n%s", sampler.report()).isEqualTo(1);
        }
    }

    @Test
    @Order(4)
    void aPartitionedHolderFencesItselfBeforeAnotherNodeStartsTheService() throws Exception {
        toDelete.add("part");
        put(service("part", "singleton"));
        Holder old = awaitSingleton("part", node -> true);
        int frozen = cluster.index(old.node());
        try (Sampler sampler = Sampler.start("part", prefix)) {
            long t = sampler.now();
            cluster.signalAgent(frozen, "STOP");
            Holder moved;
            try {
                moved = awaitSingleton("part", node -> !node.equals(old.node()));
                long fenced = sampler.firstChange(t, s -> !s.containers().containsValue(old.node())) - t;
                long started = sampler.firstChange(t, s -> s.containers().containsValue(moved.node())) - t;
                figures.put("partition -> holder fenced", fenced + " ms");
                figures.put("partition -> running elsewhere", started + " ms");
                assertThat(sampler.max()).as("never two at once\n%s", sampler.report()).isEqualTo(1);
                assertThat(fenced).as("the holder stops its container within fence-after + kill budget\n%s",
                        sampler.report()).isBetween(0L, FENCE_AFTER.plus(KILL_BUDGET).toMillis() + SAMPLING_MS);
                assertThat(started).as("started elsewhere after the lock-delay").isGreaterThanOrEqualTo(
                        LOCK_DELAY.toMillis());
            } finally {
                cluster.signalAgent(frozen, "CONT");
            }
            awaitStatus("part", s -> "standby".equals(role(s, old.node())));
            await().during(LOCK_DELAY).atMost(LOCK_DELAY.plusSeconds(5)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> unchanged("part", moved));
            assertThat(sampler.max()).as("never two, also after the partition heals\n%s", sampler.report())
                    .isEqualTo(1);
        }
    }

    @Test
    @Order(5)
    void replicatedTwoOnThreeNodesTheThirdTakesTheSlotOfALostHolder() throws Exception {
        toDelete.add("rep");
        ObjectNode doc = service("rep", "replicated");
        placement(doc).put("replicas", 2);
        put(doc);
        Map<String, String> before = awaitReplicas("rep", 2, Set.of());
        List<String> holders = new ArrayList<>(before.values());
        String victim = holders.get(0);
        String survivor = holders.get(1);
        String survivorId = idOn(before, survivor);
        String third = otherNodes(Set.copyOf(holders)).get(0);
        JsonNode semaphore = cluster.kvJson(lockKey("rep") + "/.lock").orElseThrow();
        assertThat(semaphore.path("Limit").asInt()).isEqualTo(2);
        assertThat(semaphore.path("Holders").size()).isEqualTo(2);
        assertThat(role(status("rep").orElseThrow(), third)).isEqualTo("standby");

        try (Sampler sampler = Sampler.start("rep", prefix)) {
            long t = sampler.now();
            cluster.hostGone(cluster.index(victim));
            Map<String, String> after = awaitReplicas("rep", 2, Set.of(victim));
            assertThat(after.values()).containsExactlyInAnyOrder(survivor, third);
            assertThat(idOn(after, survivor)).as("the surviving replica is left alone").isEqualTo(survivorId);
            long took = sampler.firstChange(t, s -> s.containers().containsValue(third)) - t;
            figures.put("replicated: host gone -> third node runs the slot", took + " ms");
            assertThat(sampler.max()).as("never more than 2\n%s", sampler.report()).isLessThanOrEqualTo(2);
            assertThat(sampler.min()).as("the survivor kept running\n%s", sampler.report()).isGreaterThanOrEqualTo(1);
            assertThat(took).as("the slot is taken after the lock-delay\n%s", sampler.report())
                    .isBetween(LOCK_DELAY.toMillis(), LOCK_DELAY.plus(DETECTION).plus(SLACK).toMillis());
        }
    }

    @Test
    @Order(6)
    void drainingTheHolderMovesTheSingletonAwayGracefully() throws Exception {
        toDelete.add("drain");
        ObjectNode doc = service("drain", "singleton");
        List<String> all = List.of(cluster.node(1), cluster.node(2), cluster.node(3));
        all.forEach(placement(doc).putArray("nodes")::add);
        put(doc);
        Holder old = awaitSingleton("drain", node -> true);
        try (Sampler sampler = Sampler.start("drain", prefix)) {
            otherNodes(Set.of(old.node())).forEach(placement(doc).putArray("nodes")::add);
            long t = sampler.now();
            put(doc);
            Holder moved = awaitSingleton("drain", node -> !node.equals(old.node()));
            long took = sampler.firstChange(t, s -> s.containers().containsValue(moved.node())) - t;
            long gone = sampler.firstChange(t, s -> !s.containers().containsValue(old.node())) - t;
            figures.put("drain -> old stopped", gone + " ms");
            figures.put("drain -> running elsewhere", took + " ms");
            awaitStatus("drain", s -> s.path("nodes").path(old.node()).isMissingNode());
            assertThat(sampler.max()).as("never two at once\n%s", sampler.report()).isEqualTo(1);
            assertThat(took).as("a graceful move releases the lock: no lock-delay\n%s", sampler.report())
                    .isLessThan(LOCK_DELAY.toMillis());
        }
    }

    @Test
    @Order(7)
    void restartingTheRaftLeaderMovesNothingAndStopsNothing() throws Exception {
        toDelete.add("steady");
        put(service("steady", "singleton"));
        Holder holder = awaitSingleton("steady", node -> true);
        String leaderSession = cluster.kvSession(prefix + "/locks/leader").orElseThrow();
        int raftLeader = cluster.raftLeader().orElseThrow();
        try (Sampler sampler = Sampler.start("steady", prefix)) {
            long t0 = System.nanoTime();
            cluster.signalServer(raftLeader, "INT");
            await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(50))
                    .until(() -> cluster.raftLeader().filter(i -> i != raftLeader).isPresent());
            figures.put("raft leader SIGINT -> new leader", (System.nanoTime() - t0) / 1_000_000 + " ms");
            cluster.up();
            await().atMost(EVENTUALLY).ignoreExceptions()
                    .until(() -> "passing".equals(cluster.serfHealth(cluster.server(raftLeader))));
            await().during(LOCK_DELAY).atMost(LOCK_DELAY.plusSeconds(5)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> unchanged("steady", holder));
            assertThat(sampler.allIds()).as("the same container all along\n%s", sampler.report())
                    .containsExactly(holder.containerId());
            assertThat(sampler.min()).as("never stopped\n%s", sampler.report()).isEqualTo(1);
            assertThat(sampler.max()).as("never two\n%s", sampler.report()).isEqualTo(1);
            assertThat(cluster.kvSession(prefix + "/locks/leader")).as("the converge leader is kept")
                    .contains(leaderSession);
        }
    }

    @Test
    @Order(8)
    void whenTheLeaderIsKilledAnotherNodeLeadsWithinLockDelayAndDetection() throws Exception {
        String leaderKey = prefix + "/locks/leader";
        await("a converge leader holds " + leaderKey).atMost(EVENTUALLY).ignoreExceptions()
                .until(() -> cluster.kvSession(leaderKey).isPresent());
        String old = cluster.kvJson(leaderKey).orElseThrow().path("node").asText();
        assertHeldBy(leaderKey, old);
        int i = cluster.index(old);
        long t0 = System.nanoTime();
        cluster.killConverge(i);
        cluster.signalAgent(i, "INT");
        Duration bound = LOCK_DELAY.plus(DETECTION).plus(SLACK);
        try {
            await().atMost(bound).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> cluster.kvSession(leaderKey).isPresent()
                            && !old.equals(cluster.kvJson(leaderKey).orElseThrow().path("node").asText()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no other node holds " + leaderKey + " " + bound.toMillis() + " ms after "
                    + old + " was killed; the key: " + cluster.kvEntry(leaderKey).orElse(null), e);
        }
        long took = (System.nanoTime() - t0) / 1_000_000;
        figures.put("leader killed -> new leader", took + " ms (bound " + bound.toMillis() + " ms)");
        System.out.println("[figure] leader killed -> new leader: " + took + " ms");
        String now = cluster.kvJson(leaderKey).orElseThrow().path("node").asText();
        assertHeldBy(leaderKey, now);
        assertThat(took).as("not before the lock-delay").isGreaterThanOrEqualTo(LOCK_DELAY.toMillis());
    }

    // ---------------------------------------------------------------------------------------------------------
    // documents

    private ObjectNode service(String name, String mode) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("apiVersion", "converge/v1").put("kind", "Service");
        doc.putObject("metadata").put("name", name);
        ObjectNode spec = doc.putObject("spec");
        spec.put("image", Docker.TEST_IMAGE).put("imagePull", "IfNotPresent");
        spec.putArray("ports").addObject().put("name", "http").put("containerPort", 8080);
        spec.putObject("check").put("http", "/healthz").put("interval", "1s").put("timeout", "1s");
        spec.putObject("placement").put("mode", mode).put("lockDelay", seconds(LOCK_DELAY));
        return doc;
    }

    private static ObjectNode placement(ObjectNode doc) {
        return (ObjectNode) doc.path("spec").path("placement");
    }

    private void put(ObjectNode doc) throws Exception {
        cluster.kvPut(prefix + "/specs/services/" + doc.path("metadata").path("name").asText(),
                JSON.writeValueAsString(doc));
    }

    /** Deletes a service and waits until its containers and its status are gone. */
    private void delete(String name) throws Exception {
        cluster.kvDelete(prefix + "/specs/services/" + name);
        await().atMost(EVENTUALLY).ignoreExceptions().until(() -> status(name).isEmpty()
                && Docker.namesWithLabel("io.converge.service=" + name).stream()
                        .noneMatch(n -> n.startsWith("converge-" + name + "-" + cluster.name + "-")));
    }

    private String lockKey(String name) {
        return prefix + "/locks/services/" + name;
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }

    // ---------------------------------------------------------------------------------------------------------
    // status and placement

    private Optional<JsonNode> status(String name) throws Exception {
        return cluster.kvJson(prefix + "/status/services/" + name);
    }

    private JsonNode awaitStatus(String name, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        try {
            await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                Optional<JsonNode> s = status(name);
                last[0] = s.orElse(null);
                return s.isPresent() && condition.test(s.get());
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("status of " + name + " never matched; last: " + last[0], e);
        }
        return last[0];
    }

    private static String role(JsonNode status, String node) {
        return status.path("nodes").path(node).path("role").asText("");
    }

    private static List<String> holders(JsonNode status) {
        List<String> holders = new ArrayList<>();
        status.path("holders").forEach(h -> holders.add(h.asText()));
        return holders;
    }

    /** The Placed condition's message, from the node's own entry when it has conditions, else the document's. */
    private static String placedMessage(JsonNode status, String node) {
        JsonNode own = status.path("nodes").path(node).path("conditions");
        for (JsonNode conditions : List.of(own, status.path("conditions"))) {
            for (JsonNode c : conditions) {
                if ("Placed".equals(c.path("type").asText())) {
                    return c.path("message").asText();
                }
            }
        }
        return "";
    }

    /**
     * Waits until the singleton runs in exactly one container, on a node that {@code where} accepts, and status
     * says so: holders = [that node], its role active, phase Running.
     */
    private Holder awaitSingleton(String name, Predicate<String> where) {
        Holder[] found = new Holder[1];
        String[] seen = new String[1];
        try {
            await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                Map<String, String> running = Sampler.running(name, prefix);
                Optional<JsonNode> status = status(name);
                seen[0] = "running " + running + ", status " + status.orElse(null);
                if (running.size() != 1 || status.isEmpty()) {
                    return false;
                }
                var c = running.entrySet().iterator().next();
                JsonNode s = status.get();
                if (where.test(c.getValue()) && holders(s).equals(List.of(c.getValue()))
                        && "active".equals(role(s, c.getValue())) && "Running".equals(s.path("phase").asText())) {
                    found[0] = new Holder(c.getValue(), c.getKey());
                    return true;
                }
                return false;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(name + ": never one running container with matching status; last seen: "
                    + seen[0], e);
        }
        return found[0];
    }

    /**
     * Waits until {@code count} replicas run on distinct nodes outside {@code excluded}, holders list those nodes
     * and each of them is active; returns container id → node.
     */
    private Map<String, String> awaitReplicas(String name, int count, Set<String> excluded) {
        Map<String, String> found = new LinkedHashMap<>();
        String[] seen = new String[1];
        try {
            await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                Map<String, String> running = Sampler.running(name, prefix);
                Optional<JsonNode> status = status(name);
                seen[0] = "running " + running + ", status " + status.orElse(null);
                Set<String> nodes = new TreeSet<>(running.values());
                if (running.size() != count || nodes.size() != count || status.isEmpty()
                        || nodes.stream().anyMatch(excluded::contains)) {
                    return false;
                }
                JsonNode s = status.get();
                if (new TreeSet<>(holders(s)).equals(nodes) && holders(s).size() == count
                        && nodes.stream().allMatch(n -> "active".equals(role(s, n)))) {
                    found.putAll(running);
                    return true;
                }
                return false;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(name + ": never " + count + " replicas with matching status; last seen: "
                    + seen[0], e);
        }
        return found;
    }

    /** The singleton still runs in the same one container and status still names the same holder. */
    private boolean unchanged(String name, Holder holder) throws Exception {
        Map<String, String> running = Sampler.running(name, prefix);
        Optional<JsonNode> status = status(name);
        return running.equals(Map.of(holder.containerId(), holder.node())) && status.isPresent()
                && holders(status.get()).equals(List.of(holder.node()));
    }

    /** The key is held by the node's own node session, and its value names that node and session. */
    private void assertHeldBy(String key, String node) throws Exception {
        String session = cluster.kvSession(key).orElseThrow(() -> new AssertionError(key + " is not held"));
        JsonNode info = cluster.session(session).orElseThrow(() -> new AssertionError("no session " + session));
        assertThat(info.path("Node").asText()).as("node of the session holding %s", key).isEqualTo(node);
        assertThat(info.path("Name").asText()).as("the node session").isEqualTo("converge:" + prefix + ":" + node);
        JsonNode value = cluster.kvJson(key).orElseThrow();
        assertThat(value.path("node").asText()).as("%s names its holder", key).isEqualTo(node);
        assertThat(value.path("session").asText()).as("%s names its holder's session", key).isEqualTo(session);
    }

    private void awaitNodeSessions() {
        await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            for (int i = 1; i <= 3; i++) {
                if (cluster.nodeSession(i).isEmpty()) {
                    return false;
                }
            }
            return true;
        });
    }

    private List<String> otherNodes(Set<String> nodes) {
        List<String> others = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            if (!nodes.contains(cluster.node(i))) {
                others.add(cluster.node(i));
            }
        }
        return others;
    }

    private static String idOn(Map<String, String> running, String node) {
        return running.entrySet().stream().filter(e -> e.getValue().equals(node)).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
    }
}
