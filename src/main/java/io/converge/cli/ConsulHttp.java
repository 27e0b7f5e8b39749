package io.converge.cli;

import io.converge.consul.ConsulFailure;
import io.converge.consul.ConsulSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The CLI's connection to the Consul agent: the JDK's HTTP client (no Vert.x, no event loop to start), with
 * the address, ACL token and TLS of {@link ConsulSettings}, as the operator's connection resolves them.
 * Failures are {@link ConsulFailure}s with the same wording as the operator's.
 */
final class ConsulHttp {
    private final ConsulSettings settings;
    private final HttpClient http;
    private final String base;

    /** An answer: status, body, and Consul's {@code X-Consul-Index} when it sent one. */
    record Answer(int status, byte[] body, OptionalLong index) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    ConsulHttp(ConsulSettings settings) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.requestTimeout());
        if (settings.ssl()) {
            builder.sslContext(PemTls.context(settings.caCert(), settings.clientCert(), settings.clientKey()));
        }
        this.http = builder.build();
        this.base = (settings.ssl() ? "https://" : "http://") + hostPart(settings.host()) + ":" + settings.port();
    }

    private static String hostPart(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    ConsulSettings settings() {
        return settings;
    }

    /** A request with the ordinary time limit; {@code body} may be null. */
    Answer send(String method, String pathAndQuery, byte[] body) {
        return send(method, pathAndQuery, body, settings.requestTimeout());
    }

    /** A request with an explicit time limit (a blocking query waits for minutes). */
    Answer send(String method, String pathAndQuery, byte[] body, Duration limit) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(limit)
                .header("User-Agent", "converge")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        settings.token().ifPresent(t -> request.header("X-Consul-Token", t));
        try {
            HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            OptionalLong index = r.headers().firstValue("X-Consul-Index").map(String::trim)
                    .map(v -> OptionalLong.of(Long.parseLong(v))).orElse(OptionalLong.empty());
            return new Answer(r.statusCode(), r.body(), index);
        } catch (IOException e) {
            throw new ConsulFailure(method, pathAndQuery, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsulFailure(method, pathAndQuery, e);
        }
    }

    /** Like {@link #send} but fails on any status outside 2xx, naming the path and the answer. */
    Answer sendOk(String method, String pathAndQuery, byte[] body) {
        Answer a = send(method, pathAndQuery, body);
        if (a.status() / 100 != 2) {
            throw new ConsulFailure(method, pathAndQuery, a.status(), a.text());
        }
        return a;
    }

    /**
     * The HTTP path of a KV key, each segment percent-encoded (as the operator's {@code ConsulConnection.kvPath},
     * which this does not call so as not to load the Vert.x client).
     */
    static String kvPath(String key) {
        StringBuilder sb = new StringBuilder("/v1/kv");
        for (String segment : key.split("/", -1)) {
            sb.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }
}
