package io.converge.placement.consul;

import io.converge.consul.ConsulConnection;
import io.converge.consul.ConsulFailure;
import io.converge.consul.KvClient;
import io.converge.placement.LockStore;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@link LockStore} on Consul's KV store and sessions, one HTTP request per call. */
public final class ConsulLockStore implements LockStore {
    private final ConsulConnection consul;
    private final KvClient kv;

    public ConsulLockStore(ConsulConnection consul) {
        this.consul = consul;
        this.kv = new KvClient(consul);
    }

    /** The port's view of a KV entry. */
    static Entry entry(KvClient.Entry e) {
        return new Entry(e.key(), e.value(), e.modifyIndex(), e.session());
    }

    @Override
    public Optional<Entry> get(String key) {
        return kv.get(key).map(ConsulLockStore::entry);
    }

    @Override
    public List<Entry> list(String prefix) {
        return kv.list(prefix).stream().map(ConsulLockStore::entry).toList();
    }

    @Override
    public boolean acquire(String key, String value, String session) {
        return kv.acquire(key, value, session);
    }

    @Override
    public boolean release(String key, String value, String session) {
        return kv.release(key, value, session);
    }

    @Override
    public boolean putCas(String key, String value, long cas) {
        return kv.putCas(key, value, cas);
    }

    @Override
    public boolean deleteCas(String key, long cas) {
        return kv.deleteCas(key, cas);
    }

    @Override
    public void delete(String key) {
        kv.delete(key);
    }

    /** {@code GET /v1/session/info/<id>?consistent}: answered by the Raft leader after it confirmed its leadership. */
    @Override
    public boolean sessionValid(String session, Duration timeout) {
        String path = "/v1/session/info/" + session + "?consistent";
        HttpResponse<Buffer> r = consul.requestBytes("GET", path, null, timeout);
        if (r.statusCode() != 200) {
            throw new ConsulFailure("session info", path, "HTTP " + r.statusCode() + " " + r.bodyAsString());
        }
        JsonArray info = r.bodyAsJsonArray();
        return info != null && !info.isEmpty();
    }
}
