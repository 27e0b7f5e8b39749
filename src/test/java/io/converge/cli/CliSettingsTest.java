package io.converge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CliSettingsTest {

    /** The client reads no bundled file: a converge default there would reach the operator and not the client. */
    @Test
    void theBundledApplicationPropertiesSetsNoConvergeProperty() throws java.io.IOException {
        Properties bundled = new Properties();
        try (var in = java.nio.file.Files.newBufferedReader(
                java.nio.file.Path.of("src", "main", "resources", "application.properties"))) {
            bundled.load(in);
        }
        assertThat(bundled.stringPropertyNames()).isNotEmpty()
                .noneMatch(k -> k.startsWith("converge.") || k.matches("%[a-z]+\\.converge\\..*"));
    }

    private static CliSettings settings(Map<String, String> system, Map<String, String> env, String... file) {
        Properties p = new Properties();
        for (int i = 0; i < file.length; i += 2) {
            p.setProperty(file[i], file[i + 1]);
        }
        return new CliSettings(system, env, p);
    }

    @Test
    void systemPropertiesWinOverTheEnvironmentWhichWinsOverTheFiles() {
        assertThat(settings(Map.of("converge.kv.prefix", "sys"), Map.of("CONVERGE_KV_PREFIX", "env"),
                "converge.kv.prefix", "file").paths().prefix()).isEqualTo("sys");
        assertThat(settings(Map.of(), Map.of("CONVERGE_KV_PREFIX", "env"), "converge.kv.prefix", "file")
                .paths().prefix()).isEqualTo("env");
        assertThat(settings(Map.of(), Map.of(), "converge.kv.prefix", "file", "%prod.converge.kv.prefix", "prod")
                .paths().prefix()).isEqualTo("prod");
        assertThat(settings(Map.of(), Map.of()).paths().prefix()).isEqualTo("converge");
    }

    @Test
    void environmentNamesAreUpperCaseWithUnderscores() {
        assertThat(CliSettings.envName("converge.kv.max-value-bytes")).isEqualTo("CONVERGE_KV_MAX_VALUE_BYTES");
        assertThat(settings(Map.of(), Map.of("CONVERGE_KV_MAX_VALUE_BYTES", "1000")).maxValueBytes()).isEqualTo(1000);
    }

    @Test
    void consulsOwnVariablesComeAfterConvergesProperties() {
        var env = Map.of("CONSUL_HTTP_ADDR", "https://10.0.0.1:8501", "CONSUL_HTTP_TOKEN", "t");
        var fromEnv = settings(Map.of(), env).consul();
        assertThat(fromEnv.host()).isEqualTo("10.0.0.1");
        assertThat(fromEnv.ssl()).isTrue();
        assertThat(fromEnv.token()).contains("t");
        var fromProperty = settings(Map.of("converge.consul.address", "127.0.0.1:9500"), env).consul();
        assertThat(fromProperty.port()).isEqualTo(9500);
        assertThat(fromProperty.ssl()).isFalse();
    }

    @Test
    void durationsReadAsQuarkusReadsThem() {
        assertThat(CliSettings.duration("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(CliSettings.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(CliSettings.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(CliSettings.duration("PT3S")).isEqualTo(Duration.ofSeconds(3));
        assertThat(CliSettings.duration("7")).isEqualTo(Duration.ofSeconds(7));
    }
}
