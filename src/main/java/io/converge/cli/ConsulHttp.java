package io.converge.cli;

import io.converge.consul.ConsulFailure;
import io.converge.consul.ConsulSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * The CLI's connection to the Consul agent: the JDK's {@link HttpURLConnection} (no Vert.x, no event loop, no
 * selector thread to start; connections kept alive between a command's requests), with
 * the address, ACL token and TLS of {@link ConsulSettings}, as the operator's connection resolves them.
 * Failures are {@link ConsulFailure}s with the same wording as the operator's.
 */
final class ConsulHttp {
    private final ConsulSettings settings;
    private final SSLSocketFactory tls;
    private final String base;

    /** An answer: status, body, and Consul's {@code X-Consul-Index} when it sent one. */
    record Answer(int status, byte[] body, OptionalLong index) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    ConsulHttp(ConsulSettings settings) {
        this.settings = settings;
        this.tls = settings.ssl() ? PemTls.context(settings.caCert(), settings.clientCert(), settings.clientKey())
                .getSocketFactory() : null;
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

    /**
     * A request with an explicit time limit (a blocking query waits for minutes), over {@link HttpURLConnection}:
     * a command makes a handful of requests, and this client starts in a fraction of what the
     * {@code java.net.http} client costs (its selector thread and the default TLS context it always loads).
     */
    Answer send(String method, String pathAndQuery, byte[] body, Duration limit) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(base + pathAndQuery).toURL().openConnection();
            if (c instanceof HttpsURLConnection https && tls != null) {
                https.setSSLSocketFactory(tls);
            }
            int millis = (int) Math.min(Integer.MAX_VALUE, limit.toMillis());
            c.setConnectTimeout(millis);
            c.setReadTimeout(millis);
            c.setRequestMethod(method);
            c.setRequestProperty("User-Agent", "converge");
            settings.token().ifPresent(t -> c.setRequestProperty("X-Consul-Token", t));
            if (body != null) {
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            byte[] answer;
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                answer = in == null ? new byte[0] : in.readAllBytes();
            }
            String index = c.getHeaderField("X-Consul-Index");
            return new Answer(status, answer, index == null ? OptionalLong.empty()
                    : OptionalLong.of(Long.parseLong(index.trim())));
        } catch (IOException | RuntimeException e) {
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
