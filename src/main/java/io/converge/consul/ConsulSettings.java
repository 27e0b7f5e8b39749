package io.converge.consul;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how to reach the Consul agent, after applying converge's properties over Consul's standard
 * environment variables ({@code CONSUL_HTTP_ADDR}, {@code CONSUL_HTTP_TOKEN}, {@code CONSUL_HTTP_SSL},
 * {@code CONSUL_CACERT}, {@code CONSUL_CLIENT_CERT}, {@code CONSUL_CLIENT_KEY}).
 */
public record ConsulSettings(String host, int port, boolean ssl, Optional<String> token, Optional<String> caCert,
                             Optional<String> clientCert, Optional<String> clientKey, Duration requestTimeout) {

    /**
     * @param address properties win over the environment; each may be empty
     */
    public static ConsulSettings resolve(Optional<String> address, Optional<String> token, Optional<Boolean> ssl,
                                         Optional<String> caCert, Optional<String> clientCert,
                                         Optional<String> clientKey, Duration requestTimeout, Map<String, String> env) {
        String addr = address.or(() -> nonEmpty(env.get("CONSUL_HTTP_ADDR"))).orElse("127.0.0.1:8500");
        boolean useSsl = ssl.orElseGet(() -> addr.startsWith("https://")
                || "true".equalsIgnoreCase(env.getOrDefault("CONSUL_HTTP_SSL", "")));
        URI uri = URI.create(addr.contains("://") ? addr : (useSsl ? "https://" : "http://") + addr);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("Consul address " + addr + " has no host");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : useSsl ? 8501 : 8500;
        return new ConsulSettings(uri.getHost(), port, useSsl,
                token.or(() -> nonEmpty(env.get("CONSUL_HTTP_TOKEN"))),
                caCert.or(() -> nonEmpty(env.get("CONSUL_CACERT"))),
                clientCert.or(() -> nonEmpty(env.get("CONSUL_CLIENT_CERT"))),
                clientKey.or(() -> nonEmpty(env.get("CONSUL_CLIENT_KEY"))), requestTimeout);
    }

    private static Optional<String> nonEmpty(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }

    @Override
    public String toString() {
        return (ssl ? "https://" : "http://") + host + ":" + port + (token.isPresent() ? " (with token)" : "");
    }
}
