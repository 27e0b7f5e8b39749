package io.converge.services;

import static io.converge.services.ServiceFixture.KEY;
import static io.converge.services.ServiceFixture.example;
import static org.assertj.core.api.Assertions.assertThat;

import io.converge.kernel.Result;
import io.converge.model.Condition;
import io.converge.model.Json;
import io.converge.model.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** SPEC §4: bad input never costs running state. */
class ServiceReconcilerBadInputTest {
    private final ServiceFixture room = new ServiceFixture();

    private static byte[] fixture(String file) throws IOException {
        try (InputStream in = ServiceReconcilerBadInputTest.class.getResourceAsStream("/bad-input/" + file)) {
            return in.readAllBytes();
        }
    }

    private static void assertInvalid(Status s, String path) {
        Condition valid = s.condition("Valid").orElseThrow();
        assertThat(valid.status()).isEqualTo(Condition.FALSE);
        assertThat(valid.reason()).isEqualTo("Invalid");
        assertThat(valid.message()).startsWith(KEY + ": ").contains(path + ": ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "not-json.txt, /",
            "schema-violation.json, /spec/ports/0/containerPort",
            "wrong-kind.json, /kind",
            "name-mismatch.json, /metadata/name",
            "unknown-field.json, /spec/imagePolicy",
            "shell-metachar-name.json, /metadata/name",
            "unicode-name.json, /metadata/name",
    })
    void anInvalidDocumentAfterAValidOneLeavesTheRunningServiceAlone(String file, String path) throws IOException {
        Status before = room.running(10);
        List<String> docker = room.runtime.mutations();
        List<String> consul = room.registry.mutations();
        room.put(fixture(file), 11);

        Result result = room.pass();
        assertThat(result.kind()).isEqualTo(Result.Kind.TERMINAL);
        assertThat(result.reason()).startsWith(KEY);
        assertThat(room.runtime.mutations()).as("no stop, remove, create or start").isEqualTo(docker);
        assertThat(room.registry.mutations()).isEqualTo(consul);
        assertThat(room.runtime.inspect("c1").orElseThrow().running()).isTrue();
        Status s = room.status();
        assertInvalid(s, path);
        assertThat(s.observedGeneration()).isEqualTo(11);
        assertThat(s.appliedGeneration()).as("the last valid generation stays in force").isEqualTo(10);
        assertThat(s.appliedSpec()).isEqualTo(before.appliedSpec());
        assertThat(s.phase()).isEqualTo("Running");
        assertThat(s.message()).contains("generation 11 rejected", "generation 10 stays in force");
    }

    @Test
    void theLastValidSpecSurvivesARestartOfConverge() throws IOException {
        room.running(10);
        List<String> docker = room.runtime.mutations();
        room.put(fixture("schema-violation.json"), 11);
        room.reconciler = room.newReconciler();
        assertThat(room.pass().kind()).isEqualTo(Result.Kind.TERMINAL);
        assertThat(room.runtime.mutations()).isEqualTo(docker);
        assertThat(room.status().appliedGeneration()).isEqualTo(10);
    }

    @Test
    void fixingTheDocumentRecovers() throws IOException {
        room.running(10);
        List<String> docker = room.runtime.mutations();
        room.put(fixture("unknown-field.json"), 11);
        room.pass();
        room.put(example(d -> d.withObject("/metadata").putObject("labels").put("team", "ops")), 12);

        assertThat(room.pass().kind()).isEqualTo(Result.Kind.DONE);
        Status s = room.status();
        assertThat(s.condition("Valid").orElseThrow().isTrue()).isTrue();
        assertThat(s.appliedGeneration()).isEqualTo(12);
        assertThat(s.observedGeneration()).isEqualTo(12);
        assertThat(s.message()).doesNotContain("rejected");
        assertThat(room.runtime.mutations()).as("same container spec: nothing replaced").isEqualTo(docker);
    }

    @Test
    void anInvalidFirstDocumentFailsTerminallyAndCreatesNothing() throws IOException {
        room.put(fixture("schema-violation.json"), 5);
        Result result = room.pass();
        assertThat(result.kind()).isEqualTo(Result.Kind.TERMINAL);
        assertThat(room.runtime.mutations()).isEmpty();
        assertThat(room.registry.mutations()).isEmpty();
        Status s = room.status();
        assertThat(s.phase()).isEqualTo("Failed");
        assertThat(s.message()).contains("invalid document", KEY);
        assertThat(s.observedGeneration()).isEqualTo(5);
        assertThat(s.appliedSpec()).isNull();
        assertInvalid(s, "/spec/ports/0/containerPort");
    }

    /** Documents the fixtures cannot hold: bytes that are not UTF-8, a huge name, values converge cannot use. */
    static List<Arguments> generated() throws IOException {
        byte[] env = Json.MAPPER.writeValueAsBytes(example(d -> d.withObject("/spec").putObject("env").put("A", "@@@")));
        String text = new String(env, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("@@@");
        byte[] badUtf8 = env.clone();
        badUtf8[at] = (byte) 0xc0;
        badUtf8[at + 1] = (byte) 0xaf;
        return List.of(
                Arguments.of("invalid UTF-8 in env", badUtf8, "/", "invalid UTF-8 at byte " + at),
                Arguments.of("523,000-character name", Json.MAPPER.writeValueAsBytes(example(
                        d -> d.withObject("/metadata").put("name", "n".repeat(523_000)))), "/metadata/name",
                        "(522936 more characters)"),
                Arguments.of("memoryMB 1e23", example(d -> d.withObject("/spec").putObject("resources")
                        .put("memoryMB", new java.math.BigDecimal("1e23"))).toString().getBytes(StandardCharsets.UTF_8),
                        "/spec/resources/memoryMB", "at most 1048576"),
                Arguments.of("interval of 20 digits", Json.MAPPER.writeValueAsBytes(example(d -> d.withObject(
                        "/spec/check").put("interval", "99999999999999999999h"))), "/spec/check/interval",
                        "a duration"),
                Arguments.of("interval of 999999999h", Json.MAPPER.writeValueAsBytes(example(d -> d.withObject(
                        "/spec/check").put("interval", "999999999h"))), "/spec/check/interval", "between 1ms and 24h"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("generated")
    void generatedBadInputIsTerminalAndLeavesTheRunningServiceAlone(String what, byte[] bad, String path,
                                                                    String words) {
        Status before = room.running(10);
        List<String> docker = room.runtime.mutations();
        room.put(bad, 11);

        Result result = room.pass();
        assertThat(result.kind()).isEqualTo(Result.Kind.TERMINAL);
        assertThat(room.runtime.mutations()).as("no stop, remove, create or start").isEqualTo(docker);
        Status s = room.status();
        assertInvalid(s, path);
        assertThat(s.condition("Valid").orElseThrow().message()).contains(words).hasSizeLessThan(7_000)
                .doesNotContain("\ufffd");
        assertThat(s.appliedSpec()).isEqualTo(before.appliedSpec());
    }
}
