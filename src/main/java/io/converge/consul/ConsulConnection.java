package io.converge.consul;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One connection to the local Consul agent: one HTTP client (address, ACL token and TLS resolved from
 * configuration and Consul's environment) for every request converge makes, each counted per endpoint
 * ({@link ConsulRequestMeter}); failures are {@link ConsulFailure}s. Blocking methods are for worker threads only.
 */
public final class ConsulConnection implements AutoCloseable {
    private final ConsulSettings settings;
    private final WebClient http;
    private final ConsulRequestMeter meter;

    /** @param meters where the request counters go (a CLI command may pass a throwaway registry) */
    public ConsulConnection(Vertx vertx, ConsulSettings settings, MeterRegistry meters) {
        this.settings = settings;
        this.meter = new ConsulRequestMeter(meters);
        WebClientOptions options = new WebClientOptions().setDefaultHost(settings.host())
                .setDefaultPort(settings.port()).setUserAgent("converge")
                // blocking queries (specs, catalog, locks, sessions) each hold a connection for minutes
                .setMaxPoolSize(32);
        if (settings.ssl()) {
            options.setSsl(true);
            settings.caCert().ifPresent(ca -> options.setPemTrustOptions(new PemTrustOptions().addCertPath(ca)));
            if (settings.clientCert().isPresent() && settings.clientKey().isPresent()) {
                options.setPemKeyCertOptions(new PemKeyCertOptions().setCertPath(settings.clientCert().get())
                        .setKeyPath(settings.clientKey().get()));
            }
        }
        this.http = WebClient.create(vertx, options);
    }

    public ConsulSettings settings() {
        return settings;
    }

    public Duration timeout() {
        return settings.requestTimeout();
    }

    /** A plain request to the agent; {@code body} may be null. Throws {@link ConsulFailure} on I/O failure. */
    public HttpResponse<Buffer> request(String method, String path, JsonObject body) {
        return requestBytes(method, path, body == null ? null : body.encode().getBytes(StandardCharsets.UTF_8));
    }

    /** Like {@link #request} but fails on any status outside 2xx, naming the path and the answer. */
    public HttpResponse<Buffer> requestOk(String method, String path, JsonObject body) {
        HttpResponse<Buffer> response = request(method, path, body);
        if (response.statusCode() / 100 != 2) {
            throw new ConsulFailure(method, path, response.statusCode(), response.bodyAsString());
        }
        return response;
    }

    /**
     * The HTTP path of a KV key, each segment percent-encoded. The Vert.x client form-encodes whole keys (a
     * space becomes {@code +}, which Consul keeps literally), so keys are written through this path instead.
     */
    public static String kvPath(String key) {
        StringBuilder sb = new StringBuilder("/v1/kv");
        for (String segment : key.split("/", -1)) {
            sb.append('/').append(java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8)
                    .replace("+", "%20"));
        }
        return sb.toString();
    }

    /** Raw bytes: a KV put is not JSON. */
    public HttpResponse<Buffer> requestBytes(String method, String pathAndQuery, byte[] body) {
        return requestBytes(method, pathAndQuery, body, timeout());
    }

    /** Raw bytes with an explicit time limit (a blocking query waits for minutes). */
    public HttpResponse<Buffer> requestBytes(String method, String pathAndQuery, byte[] body, Duration limit) {
        var request = http.request(io.vertx.core.http.HttpMethod.valueOf(method), pathAndQuery);
        settings.token().ifPresent(t -> request.putHeader("X-Consul-Token", t));
        // also on the request itself: a frozen agent must not keep the connection (and a pool slot) forever
        request.timeout(limit.toMillis());
        HttpResponse<Buffer> response;
        try {
            response = (body == null ? request.send() : request.sendBuffer(Buffer.buffer(body))).await().atMost(limit);
        } catch (RuntimeException e) {
            meter.record(method, pathAndQuery, -1, 0);
            throw new ConsulFailure(method, pathAndQuery, e);
        }
        Buffer received = response.body();
        meter.record(method, pathAndQuery, response.statusCode(), received == null ? 0 : received.length());
        return response;
    }

    /** The agent's own description ({@code /v1/agent/self}). */
    public JsonObject agentSelf() {
        return requestOk("GET", "/v1/agent/self", null).bodyAsJsonObject();
    }

    @Override
    public void close() {
        http.close();
    }
}
