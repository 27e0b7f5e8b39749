package io.converge.consul;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.time.Duration;

/**
 * Plain KV reads, check-and-set writes and deletes over the agent's HTTP API, with every key segment
 * percent-encoded (resource names that fail validation may hold spaces, semicolons or unicode, and their status
 * must still land under exactly their key).
 */
public final class KvClient {
    private final ConsulConnection consul;

    /**
     * One key: its value as stored (bytes, undecoded: a spec document is decoded strictly by its validator),
     * indexes, and the session holding it ({@code null} when none does).
     */
    public record Entry(String key, byte[] bytes, long modifyIndex, long createIndex, String session) {
        public Entry(String key, String value, long modifyIndex, long createIndex, String session) {
            this(key, value.getBytes(StandardCharsets.UTF_8), modifyIndex, createIndex, session);
        }

        /** The value as text, for converge's own documents (locks, status); invalid UTF-8 becomes U+FFFD. */
        public String value() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    public KvClient(ConsulConnection consul) {
        this.consul = consul;
    }

    public Optional<Entry> get(String key) {
        List<Entry> found = read("read", key, ConsulConnection.kvPath(key));
        return found.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    /** Every key under the prefix (recursively). */
    public List<Entry> list(String prefix) {
        return read("list", prefix, ConsulConnection.kvPath(prefix) + "?recurse=true");
    }

    /** The keys under a prefix and the index to block on next. */
    public record Listing(List<Entry> entries, long index) {
    }

    /**
     * A blocking query on a prefix: answers when something under it changed after {@code index}, or after
     * {@code wait}. Unlike the Vert.x client, keeps Consul's index on a 404 (an empty prefix), so that an empty
     * prefix blocks instead of being re-asked in a loop.
     */
    public Listing listBlocking(String prefix, long index, Duration wait) {
        String path = ConsulConnection.kvPath(prefix) + "?recurse=true&index=" + index + "&wait=" + wait.toSeconds()
                + "s";
        HttpResponse<Buffer> r;
        try {
            r = consul.requestBytes("GET", path, null, wait.plus(wait.dividedBy(16)).plusSeconds(15));
        } catch (RuntimeException e) {
            throw new ConsulFailure("watch", prefix, e);
        }
        String header = r.getHeader("X-Consul-Index");
        if (header == null) {
            throw new ConsulFailure("watch", prefix, "HTTP " + r.statusCode() + " without X-Consul-Index");
        }
        return new Listing(entries("watch", prefix, r), Long.parseLong(header.trim()));
    }

    private List<Entry> read(String operation, String key, String path) {
        HttpResponse<Buffer> r;
        try {
            r = consul.requestBytes("GET", path, null);
        } catch (RuntimeException e) {
            throw new ConsulFailure(operation, key, e);
        }
        return entries(operation, key, r);
    }

    private static List<Entry> entries(String operation, String key, HttpResponse<Buffer> r) {
        if (r.statusCode() == 404) {
            return List.of();
        }
        if (r.statusCode() != 200) {
            throw new ConsulFailure(operation, key, "HTTP " + r.statusCode() + " " + r.bodyAsString());
        }
        List<Entry> out = new ArrayList<>();
        JsonArray array = r.bodyAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            JsonObject o = array.getJsonObject(i);
            String b64 = o.getString("Value");
            byte[] value = b64 == null ? new byte[0] : Base64.getDecoder().decode(b64);
            out.add(new Entry(o.getString("Key"), value, o.getLong("ModifyIndex", 0L), o.getLong("CreateIndex", 0L),
                    o.getString("Session")));
        }
        return out;
    }

    /** Writes only if the key's ModifyIndex is still {@code cas} (0: only if the key does not exist). */
    public boolean putCas(String key, String value, long cas) {
        HttpResponse<Buffer> r;
        try {
            r = consul.requestBytes("PUT", ConsulConnection.kvPath(key) + "?cas=" + cas,
                    value.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new ConsulFailure("write", key, e);
        }
        if (r.statusCode() != 200) {
            throw new ConsulFailure("write", key, "HTTP " + r.statusCode() + " " + r.bodyAsString());
        }
        return r.bodyAsString().trim().equals("true");
    }

    /**
     * Acquires the key for a session, writing the value: true when the session holds it now (also when it held
     * it already), false when another session holds it or the key is still in a lock-delay.
     */
    public boolean acquire(String key, String value, String session) {
        return lockOp("acquire", key, value, "?acquire=" + session);
    }

    /** Releases the key if the session holds it (no lock-delay follows a release); true when released. */
    public boolean release(String key, String value, String session) {
        return lockOp("release", key, value, "?release=" + session);
    }

    /** Deletes the key only if its ModifyIndex is still {@code cas}; true when deleted. */
    public boolean deleteCas(String key, long cas) {
        HttpResponse<Buffer> r;
        try {
            r = consul.requestBytes("DELETE", ConsulConnection.kvPath(key) + "?cas=" + cas, null);
        } catch (RuntimeException e) {
            throw new ConsulFailure("delete", key, e);
        }
        if (r.statusCode() != 200) {
            throw new ConsulFailure("delete", key, "HTTP " + r.statusCode() + " " + r.bodyAsString());
        }
        return r.bodyAsString().trim().equals("true");
    }

    private boolean lockOp(String operation, String key, String value, String query) {
        HttpResponse<Buffer> r;
        try {
            r = consul.requestBytes("PUT", ConsulConnection.kvPath(key) + query,
                    value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new ConsulFailure(operation, key, e);
        }
        if (r.statusCode() != 200) {
            throw new ConsulFailure(operation, key, "HTTP " + r.statusCode() + " " + r.bodyAsString());
        }
        return r.bodyAsString().trim().equals("true");
    }

    public void delete(String key) {
        HttpResponse<Buffer> r;
        try {
            r = consul.requestBytes("DELETE", ConsulConnection.kvPath(key), null);
        } catch (RuntimeException e) {
            throw new ConsulFailure("delete", key, e);
        }
        if (r.statusCode() != 200) {
            throw new ConsulFailure("delete", key, "HTTP " + r.statusCode() + " " + r.bodyAsString());
        }
    }
}
