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

    /** The marker, if a stopping converge left one (ordinary request timeout). */
    public Optional<HandoverGuard.Marker> marker() {
        return marker(consul.timeout());
    }

    @Override
    public Optional<HandoverGuard.Marker> marker(Duration timeout) {
        var r = consul.requestBytes("GET", ConsulConnection.kvPath(key()), null, timeout);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("read " + key() + ": HTTP " + r.statusCode() + " " + r.bodyAsString());
        }
        JsonObject entry = r.bodyAsJsonArray().getJsonObject(0);
        String value = new String(java.util.Base64.getDecoder().decode(entry.getString("Value", "")),
                java.nio.charset.StandardCharsets.UTF_8);
        return Optional.of(new KvClient.Entry(key(), value, entry.getLong("ModifyIndex"), 0L, null)).map(e -> {
            JsonObject o = new JsonObject(e.value());
            List<String> sessions = new ArrayList<>();
            o.getJsonArray("sessions", new JsonArray()).forEach(s -> sessions.add(String.valueOf(s)));
            return new HandoverGuard.Marker(o.getString("node", node), o.getLong("pid", -1L), sessions,
                    o.getString("checkId", AliveCheck.checkId(prefix)), Duration.ofMillis(o.getLong("graceMs", 0L)),
                    Duration.ofMillis(o.getLong("fenceAfterMs", 8000L)),
                    Duration.ofMillis(o.getLong("intervalMs", 2000L)), o.getLong("provedAtMs", 0L), e.modifyIndex());
        });
    }

    /** Deletes the marker if it is still at {@code index} (ordinary request timeout). */
    public boolean claim(long index) {
        return claim(index, consul.timeout());
    }

    @Override
    public boolean claim(long index, Duration timeout) {
        var r = consul.requestBytes("DELETE", ConsulConnection.kvPath(key()) + "?cas=" + index, null, timeout);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("delete " + key() + ": HTTP " + r.statusCode() + " " + r.bodyAsString());
        }
        return r.bodyAsString().trim().equals("true");
    }

    @Override
    public boolean valid(String session, Duration timeout) {
        return new ConsulLockStore(consul).sessionValid(session, timeout);
    }

    @Override
    public void pass(String checkId, Duration timeout) {
        var r = consul.requestBytes("PUT", "/v1/agent/check/pass/" + checkId, null, timeout);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode() + " " + r.bodyAsString());
        }
    }

    /** {@code <prefix>/handover/<node>.guard}: the index of the marker a running guard stands in for. */
    String guardKey() {
        return key() + ".guard";
    }

    @Override
    public void guarding(long index, Duration timeout) {
        var r = consul.requestBytes("PUT", ConsulConnection.kvPath(guardKey()), Long.toString(index)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), timeout);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("write " + guardKey() + ": HTTP " + r.statusCode());
        }
    }

    @Override
    public void done(Duration timeout) {
        consul.requestBytes("DELETE", ConsulConnection.kvPath(guardKey()), null, timeout);
    }

    /** True when a guard announced that it stands in for the marker at {@code index}. */
    public boolean guarded(long index) {
        return kv.get(guardKey()).map(e -> e.value().trim().equals(Long.toString(index))).orElse(false);
    }

    /** Ends a session (ordinary request timeout). */
    public void destroy(String session) {
        destroy(session, consul.timeout());
    }

    @Override
    public void destroy(String session, Duration timeout) {
        var r = consul.requestBytes("PUT", "/v1/session/destroy/" + session, null, timeout);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("destroy " + session + ": HTTP " + r.statusCode() + " " + r.bodyAsString());
        }
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
