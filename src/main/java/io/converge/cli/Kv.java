package io.converge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.converge.consul.ConsulFailure;
import io.converge.consul.KvClient;
import io.converge.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * KV reads, check-and-set writes and deletes for the CLI, over {@link ConsulHttp}: the operations of the
 * operator's {@link KvClient}, with its entries and its failure messages, without the Vert.x client.
 */
final class Kv {
    private final ConsulHttp consul;

    Kv(ConsulHttp consul) {
        this.consul = consul;
    }

    Optional<KvClient.Entry> get(String key) {
        return read("read", key, ConsulHttp.kvPath(key)).stream().filter(e -> e.key().equals(key)).findFirst();
    }

    /** Every key under the prefix (recursively). */
    List<KvClient.Entry> list(String prefix) {
        return read("list", prefix, ConsulHttp.kvPath(prefix) + "?recurse=true");
    }

    /**
     * A blocking query on a prefix: answers when something under it changed after {@code index}, or after
     * {@code wait}; an empty prefix (404) keeps Consul's index, so that it blocks too.
     */
    KvClient.Listing listBlocking(String prefix, long index, Duration wait) {
        String path = ConsulHttp.kvPath(prefix) + "?recurse=true&index=" + index + "&wait=" + wait.toSeconds() + "s";
        ConsulHttp.Answer a;
        try {
            a = consul.send("GET", path, null, wait.plus(wait.dividedBy(16)).plusSeconds(15));
        } catch (RuntimeException e) {
            throw new ConsulFailure("watch", prefix, e);
        }
        if (a.index().isEmpty()) {
            throw new ConsulFailure("watch", prefix, "HTTP " + a.status() + " without X-Consul-Index");
        }
        return new KvClient.Listing(entries("watch", prefix, a), a.index().getAsLong());
    }

    /** Writes only if the key's ModifyIndex is still {@code cas} (0: only if the key does not exist). */
    boolean putCas(String key, String value, long cas) {
        return acknowledged("write", key, "PUT", ConsulHttp.kvPath(key) + "?cas=" + cas,
                value.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes these bytes only if the key's ModifyIndex is still {@code cas} (0: only if it does not exist). */
    boolean putCas(String key, byte[] value, long cas) {
        return acknowledged("write", key, "PUT", ConsulHttp.kvPath(key) + "?cas=" + cas, value);
    }

    /** Deletes only if the key's ModifyIndex is still {@code cas}. */
    boolean deleteCas(String key, long cas) {
        return acknowledged("delete", key, "DELETE", ConsulHttp.kvPath(key) + "?cas=" + cas, null);
    }

    void delete(String key) {
        acknowledged("delete", key, "DELETE", ConsulHttp.kvPath(key), null);
    }

    private boolean acknowledged(String operation, String key, String method, String path, byte[] body) {
        ConsulHttp.Answer a;
        try {
            a = consul.send(method, path, body);
        } catch (RuntimeException e) {
            throw new ConsulFailure(operation, key, e);
        }
        if (a.status() != 200) {
            throw new ConsulFailure(operation, key, "HTTP " + a.status() + " " + a.text());
        }
        return a.text().trim().equals("true");
    }

    private List<KvClient.Entry> read(String operation, String key, String path) {
        ConsulHttp.Answer a;
        try {
            a = consul.send("GET", path, null);
        } catch (RuntimeException e) {
            throw new ConsulFailure(operation, key, e);
        }
        return entries(operation, key, a);
    }

    private static List<KvClient.Entry> entries(String operation, String key, ConsulHttp.Answer a) {
        if (a.status() == 404) {
            return List.of();
        }
        if (a.status() != 200) {
            throw new ConsulFailure(operation, key, "HTTP " + a.status() + " " + a.text());
        }
        List<KvClient.Entry> out = new ArrayList<>();
        try {
            for (JsonNode o : Json.MAPPER.readTree(a.body())) {
                String b64 = o.path("Value").textValue();
                byte[] value = b64 == null ? new byte[0] : Base64.getDecoder().decode(b64);
                out.add(new KvClient.Entry(o.path("Key").asText(), value, o.path("ModifyIndex").asLong(0),
                        o.path("CreateIndex").asLong(0), o.path("Session").textValue()));
            }
        } catch (IOException e) {
            throw new ConsulFailure(operation, key, "unreadable answer: " + e.getMessage());
        }
        return out;
    }
}
