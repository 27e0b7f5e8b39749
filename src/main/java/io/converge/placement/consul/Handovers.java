package io.converge.placement.consul;

import io.converge.consul.ConsulConnection;
import io.converge.consul.KvClient;
import io.converge.placement.HandoverGuard;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Consul side of a handover: the marker {@code <prefix>/handover/<node>} a stopping converge writes (its pid,
 * the node's sessions, the grace), read and claimed (check-and-set delete) by the next start and by the handover
 * guard, and the node's sessions ended by the guard and by {@code converge fence}.
 */
public final class Handovers implements HandoverGuard.Agent {
    private final ConsulConnection consul;
    private final KvClient kv;
    private final String prefix;
    private final String node;

    public Handovers(ConsulConnection consul, String prefix, String node) {
        this.consul = consul;
        this.kv = new KvClient(consul);
        this.prefix = prefix;
        this.node = node;
    }

    public String node() {
        return node;
    }

    /** {@code <prefix>/handover/<node>} */
    public String key() {
        return prefix + "/handover/" + node;
    }

    /** Writes the marker (replacing any older one). */
    public void write(long pid, List<String> sessions, String checkId, Duration grace, Duration fenceAfter,
                      Duration interval, Duration provedAgo) {
        JsonObject doc = new JsonObject().put("node", node).put("pid", pid).put("sessions", new JsonArray(sessions))
                .put("checkId", checkId).put("graceMs", grace.toMillis()).put("fenceAfterMs", fenceAfter.toMillis())
                .put("intervalMs", interval.toMillis()).put("since", java.time.Instant.now().toString())
                .put("provedAtMs", System.currentTimeMillis() - provedAgo.toMillis());
        for (int attempt = 0; attempt < 5; attempt++) {
            long index = kv.get(key()).map(KvClient.Entry::modifyIndex).orElse(0L);
            if (kv.putCas(key(), doc.encode(), index)) {
                return;
            }
        }
        throw new IllegalStateException("could not write " + key() + " (changed by someone else meanwhile)");
    }

    @Override
    public Optional<HandoverGuard.Marker> marker() {
        return kv.get(key()).map(e -> {
            JsonObject o = new JsonObject(e.value());
            List<String> sessions = new ArrayList<>();
            o.getJsonArray("sessions", new JsonArray()).forEach(s -> sessions.add(String.valueOf(s)));
            return new HandoverGuard.Marker(o.getString("node", node), o.getLong("pid", -1L), sessions,
                    o.getString("checkId", AliveCheck.checkId(prefix)), Duration.ofMillis(o.getLong("graceMs", 0L)),
                    Duration.ofMillis(o.getLong("fenceAfterMs", 8000L)),
                    Duration.ofMillis(o.getLong("intervalMs", 2000L)), o.getLong("provedAtMs", 0L), e.modifyIndex());
        });
    }

    @Override
    public boolean claim(long index) {
        return kv.deleteCas(key(), index);
    }

    @Override
    public boolean valid(String session, Duration timeout) {
        return new ConsulLockStore(consul).sessionValid(session, timeout);
    }

    @Override
    public void pass(String checkId) {
        var r = consul.request("PUT", "/v1/agent/check/pass/" + checkId, null);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode() + " " + r.bodyAsString());
        }
    }

    @Override
    public void destroy(String session) {
        consul.requestOk("PUT", "/v1/session/destroy/" + session, null);
    }

    @Override
    public void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    }

    /** The ids of this node's sessions of this prefix ({@code converge:<prefix>:<node>} and its lock-delay ones). */
    public List<String> nodeSessions() {
        JsonArray all = consul.requestOk("GET", "/v1/session/node/" + node, null).bodyAsJsonArray();
        String name = "converge:" + prefix + ":" + node;
        List<String> ids = new ArrayList<>();
        for (int i = 0; all != null && i < all.size(); i++) {
            JsonObject s = all.getJsonObject(i);
            String n = s.getString("Name", "");
            if (n.equals(name) || n.startsWith(name + ":")) {
                ids.add(s.getString("ID"));
            }
        }
        return ids;
    }
}
