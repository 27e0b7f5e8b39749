package io.converge.routes.caddy;

import io.converge.routes.ProxyException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Caddy's admin API over the JDK HTTP client: one method per request, every request counted. A connection failure
 * or an answer other than 2xx is a {@link ProxyException} naming the request, the status and Caddy's own words.
 */
final class CaddyAdmin {
    /** An answer with a 2xx status. */
    record Answer(int status, byte[] body) {
    }

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;
    private final AtomicLong requests = new AtomicLong();

    CaddyAdmin(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    Answer get(String path) throws ProxyException {
        return send("GET", path, null, null);
    }

    /** The configuration at {@code path}; Caddy's {@code null} also when a parent of the path is absent. */
    byte[] read(String path) throws ProxyException {
        try {
            return get(path).body();
        } catch (ProxyException e) {
            if (e.status() == 400 && e.getMessage().contains("invalid traversal path")) {
                return "null\n".getBytes(StandardCharsets.UTF_8);
            }
            throw e;
        }
    }

    /** {@code method} with a JSON {@code body}; {@code ifMatch} (Caddy's ETag, or null) guards a read-modify-write. */
    Answer send(String method, String path, byte[] body, String ifMatch) throws ProxyException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        requests.incrementAndGet();
        String operation = method + " " + base.resolve(path);
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ProxyException(operation, 0, "Caddy's admin API cannot be reached: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProxyException(operation, 0, "interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            throw new ProxyException(operation, response.statusCode(), error(response.body()));
        }
        return new Answer(response.statusCode(), response.body());
    }

    /** How many requests this client has sent (answered or not). */
    long requests() {
        return requests.get();
    }

    /** Caddy's ETag for {@code body} read at {@code path}: {@code "<path> <FNV-1a 32 hex>"}, as 2.6 computes it. */
    static String etag(String path, byte[] body) {
        int hash = 0x811c9dc5;
        for (byte b : body) {
            hash = (hash ^ (b & 0xff)) * 0x01000193;
        }
        return "\"" + path + " " + String.format("%08x", hash) + "\"";
    }

    /** Caddy's {@code {"error": "..."}} message, or the body as text. */
    private static String error(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).trim();
        try {
            String message = Nodes.parse(body).path("error").asText("");
            return message.isEmpty() ? text : message;
        } catch (RuntimeException notJson) {
            return text;
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }
}
