package io.converge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The bench's own plain HTTP client to one Consul agent (not converge's: the bench must not count in converge's
 * figures). KV keys are passed as they are (the benches' keys need no escaping).
 */
final class BenchConsul {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One answer: HTTP status, body, and the {@code X-Consul-Index} (0 without one). */
    record Answer(int status, String body, long index) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final String address;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param address host:port of the agent's HTTP API */
    BenchConsul(String address) {
        this.address = address;
    }

    String address() {
        return address;
    }

    Answer send(String method, String path, String body, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + address + path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        String token = System.getenv("CONSUL_HTTP_TOKEN");
        if (token != null && !token.isBlank()) {
            b.header("X-Consul-Token", token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(),
                    r.headers().firstValueAsLong("X-Consul-Index").orElse(0));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + address + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + path, e);
        }
    }

    Answer get(String path) {
        return send("GET", path, null, Duration.ofSeconds(10));
    }

    /** A 2xx answer's body as JSON; anything else fails naming the request. */
    JsonNode json(String method, String path, String body) {
        Answer a = send(method, path, body, Duration.ofSeconds(10));
        if (a.status() / 100 != 2) {
            throw new Bench.Failed("consul " + method + " " + path + ": HTTP " + a.status() + " " + abbreviate(a.body()));
        }
        return a.body().isEmpty() ? JSON.nullNode() : a.json();
    }

    void kvPut(String key, String value) {
        json("PUT", "/v1/kv/" + key, value);
    }

    void kvDelete(String key, boolean recurse) {
        send("DELETE", "/v1/kv/" + key + (recurse ? "?recurse=true" : ""), null, Duration.ofSeconds(10));
    }

    /** The KV entry of a key (Session, Value in base64...), if it exists. */
    Optional<JsonNode> kvEntry(String key) {
        Answer a = get("/v1/kv/" + key);
        if (a.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(a.json().get(0));
    }

    /** The value of a key parsed as JSON; empty when the key or its value is missing or not JSON. */
    Optional<JsonNode> kvJson(String key) {
        return kvEntry(key).flatMap(BenchConsul::value);
    }

    static Optional<JsonNode> value(JsonNode entry) {
        String b64 = entry.path("Value").asText("");
        if (b64.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(Base64.getDecoder().decode(b64)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The node a session belongs to, if the session exists. */
    Optional<String> sessionNode(String session) {
        Answer a = get("/v1/session/info/" + session);
        if (a.status() != 200 || a.json().size() == 0) {
            return Optional.empty();
        }
        return Optional.of(a.json().get(0).path("Node").asText());
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
