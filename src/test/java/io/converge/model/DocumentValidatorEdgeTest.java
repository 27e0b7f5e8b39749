package io.converge.model;

import static io.converge.model.DocumentValidatorTest.KEY;
import static io.converge.model.DocumentValidatorTest.validate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Size limit, strict parsing, and the shipped examples. */
class DocumentValidatorEdgeTest {
    private static final String MINIMAL = "{\"apiVersion\":\"converge/v1\",\"kind\":\"Service\","
            + "\"metadata\":{\"name\":\"hello\"},\"spec\":{\"image\":\"busybox\"}}";

    private static byte[] padded(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) ' ');
        byte[] doc = MINIMAL.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(doc, 0, bytes, 0, doc.length);
        return bytes;
    }

    @Test
    void aValueOfExactly512KiBIsAccepted() {
        assertThat(validate("hello", padded(512 * 1024)).isValid()).isTrue();
    }

    @Test
    void aValueOver512KiBIsRejectedNamingItsSize() {
        Validation v = validate("hello", padded(512 * 1024 + 1));
        assertThat(v.isValid()).isFalse();
        assertThat(v.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEmpty();
            assertThat(p.message()).contains("524289 bytes", "524288");
        });
        assertThat(v.message()).startsWith(KEY + ": ");
    }

    @Test
    void aSmallerConfiguredLimitApplies() {
        Validation v = new DocumentValidator(64).validate(KEY, Kind.SERVICE, "hello",
                MINIMAL.getBytes(StandardCharsets.UTF_8), 1);
        assertThat(v.message()).contains("more than the limit of 64 bytes");
    }

    @Test
    void duplicateKeysAreRejected() {
        String doc = MINIMAL.replace("\"kind\":\"Service\",", "\"kind\":\"Service\",\"kind\":\"Service\",");
        Validation v = validate("hello", doc.getBytes(StandardCharsets.UTF_8));
        assertThat(v.isValid()).isFalse();
        assertThat(v.message()).startsWith(KEY + ": ").contains("not JSON").containsIgnoringCase("duplicate")
                .contains("kind");
    }

    @ParameterizedTest
    @ValueSource(strings = {" xyz", " {}", "}", " \"more\"", " 1"})
    void trailingGarbageAfterTheObjectIsRejected(String garbage) {
        Validation v = validate("hello", (MINIMAL + garbage).getBytes(StandardCharsets.UTF_8));
        assertThat(v.isValid()).as("document followed by '%s'", garbage).isFalse();
        assertThat(v.message()).startsWith(KEY + ": ").contains("not JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"hello\"", "42", "null", ""})
    void aValueThatIsNotAnObjectIsRejected(String value) {
        Validation v = validate("hello", value.getBytes(StandardCharsets.UTF_8));
        assertThat(v.isValid()).isFalse();
        assertThat(v.message()).startsWith(KEY + ": ");
    }

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("crds-as-json", "examples"))) {
            List<Path> list = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertThat(list).as("examples in crds-as-json/examples").isNotEmpty();
            return list.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyShippedExampleIsValidForItsKind(Path file) throws IOException {
        byte[] value = Files.readAllBytes(file);
        JsonNode doc = DocumentValidator.parseLenient(value);
        Kind kind = Kind.ofKindName(doc.path("kind").asText()).orElseThrow();
        String name = doc.path("metadata").path("name").asText();
        Validation v = new DocumentValidator().validate("converge/specs/" + kind.plural() + "/" + name, kind, name,
                value, 1);
        assertThat(v.isValid()).as(v.problems().toString()).isTrue();
    }

    @Test
    void everyKindHasAnExampleAndASchema() throws IOException {
        List<String> kinds = examples().map(f -> {
            try {
                return DocumentValidator.parseLenient(Files.readAllBytes(f)).path("kind").asText();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
        for (Kind kind : Kind.values()) {
            assertThat(kinds).contains(kind.kindName());
            assertThat(DocumentValidator.readSchema(kind).path("title").asText()).isEqualTo(kind.kindName());
        }
    }
}
