package io.converge.cli;

import io.converge.consul.ConsulSettings;
import io.converge.model.DocumentValidator;
import io.converge.store.consul.KvPaths;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The client side of converge's configuration, read without the Quarkus runtime from the sources the operator
 * reads, in the same order: system properties ({@code -Dconverge.kv.prefix=...}), environment variables
 * ({@code CONVERGE_KV_PREFIX}: upper case, every other character an underscore), then
 * {@code config/application.properties} in the working directory (a {@code %prod.} key wins there), then the
 * defaults in code. The bundled {@code application.properties} sets no {@code converge.*} property
 * ({@code CliSettingsTest} holds that), so the client does not read it: looking a resource up in a jar costs a
 * fresh JVM its URL and reflection machinery. Consul's own variables ({@code CONSUL_HTTP_ADDR}...) come after
 * converge's properties, as for the operator.
 */
final class CliSettings {
    private final Map<String, String> system;
    private final Map<String, String> env;
    private final Properties files;

    CliSettings(Map<String, String> system, Map<String, String> env, Properties files) {
        this.system = system;
        this.env = env;
        this.files = files;
    }

    /** This process's settings. */
    static CliSettings current() {
        Properties files = new Properties();
        Path local = Path.of("config", "application.properties");
        try {
            if (Files.isRegularFile(local)) {
                try (Reader r = Files.newBufferedReader(local)) {
                    files.load(r);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + local + ": " + e.getMessage(), e);
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, String> system = (Map) System.getProperties();
        return new CliSettings(system, System.getenv(), files);
    }

    /** A property by its name ({@code converge.kv.prefix}); blank counts as unset. */
    Optional<String> get(String name) {
        String value = system.get(name);
        if (value == null) {
            value = env.get(envName(name));
        }
        if (value == null) {
            value = files.getProperty("%prod." + name, files.getProperty(name));
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** {@code converge.kv.max-value-bytes} → {@code CONVERGE_KV_MAX_VALUE_BYTES} */
    static String envName(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** {@code converge.kv.prefix} as configured (containers carry it in their owner label). */
    String prefix() {
        return get("converge.kv.prefix").orElse("converge");
    }

    KvPaths paths() {
        return new KvPaths(prefix());
    }

    int maxValueBytes() {
        return get("converge.kv.max-value-bytes").map(Integer::parseInt).orElse(DocumentValidator.DEFAULT_MAX_BYTES);
    }

    ConsulSettings consul() {
        return ConsulSettings.resolve(get("converge.consul.address"), get("converge.consul.token"),
                get("converge.consul.ssl").map(Boolean::parseBoolean), get("converge.consul.ca-cert"),
                get("converge.consul.client-cert"), get("converge.consul.client-key"),
                get("converge.consul.request-timeout").map(CliSettings::duration).orElse(Duration.ofSeconds(10)), env);
    }

    Optional<String> nodeName() {
        return get("converge.node.name");
    }

    Optional<String> dockerHost() {
        return get("converge.docker.host");
    }

    /** As Quarkus reads a duration: {@code 10s}, {@code 500ms}, {@code PT10S}, or a number of seconds. */
    static Duration duration(String text) {
        String t = text.trim();
        if (t.startsWith("P") || t.startsWith("p")) {
            return Duration.parse(t);
        }
        if (t.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        return Duration.parse((t.endsWith("d") ? "P" : "PT") + t.toUpperCase(Locale.ROOT));
    }
}
