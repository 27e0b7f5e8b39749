package io.converge.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each bad-input fixture (SPEC §4) is rejected with a problem naming its JSON path; see bad-input/README.md. */
class DocumentValidatorTest {
    static final String KEY = "converge/specs/services/hello";
    static final DocumentValidator VALIDATOR = new DocumentValidator();

    static byte[] fixture(String file) {
        try (InputStream in = DocumentValidatorTest.class.getResourceAsStream("/bad-input/" + file)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing test resource bad-input/" + file, e);
        }
    }

    static Validation validate(String name, byte[] value) {
        return VALIDATOR.validate("converge/specs/services/" + name, Kind.SERVICE, name, value, 7);
    }

    private static void assertRejected(Validation v, String key, String path, String... messageParts) {
        assertThat(v.isValid()).as("valid?").isFalse();
        assertThat(v.problems()).as(v.message()).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo(path);
            assertThat(p.message()).contains(messageParts);
        });
        assertThat(v.message()).startsWith(key + ": ").contains(path.isEmpty() ? "/: " : path + ": ");
    }

    @Test
    void notJsonNamesTheParserPosition() {
        Validation v = validate("hello", fixture("not-json.txt"));
        assertRejected(v, KEY, "", "not JSON", "line ", "column ");
    }

    @Test
    void schemaViolationNamesThePathAndTheLimit() {
        Validation v = validate("hello", fixture("schema-violation.json"));
        assertRejected(v, KEY, "/spec/ports/0/containerPort", "65535");
        assertThat(v.problems()).hasSize(1);
    }

    @Test
    void wrongKindNamesTheKindField() {
        Validation v = validate("hello", fixture("wrong-kind.json"));
        assertRejected(v, KEY, "/kind", "\"Route\"", "Service");
    }

    @Test
    void nameMismatchNamesTheKeysName() {
        Validation v = validate("hello", fixture("name-mismatch.json"));
        assertRejected(v, KEY, "/metadata/name", "\"other\"", "\"hello\"");
    }

    @Test
    void unknownFieldIsReportedAtItsOwnPath() {
        Validation v = validate("hello", fixture("unknown-field.json"));
        assertRejected(v, KEY, "/spec/imagePolicy", "unknown field", "imagePolicy");
    }

    @Test
    void shellMetacharactersInTheNameFailTheSchemaPattern() {
        String name = "hello;rm -rf /";
        Validation v = validate(name, fixture("shell-metachar-name.json"));
        assertRejected(v, "converge/specs/services/" + name, "/metadata/name", "must be a DNS-1123 label",
                "\"hello;rm -rf /\"");
    }

    @Test
    void aNonAsciiNameFailsTheSchemaPattern() {
        String name = "héllo";
        Validation v = validate(name, fixture("unicode-name.json"));
        assertRejected(v, "converge/specs/services/" + name, "/metadata/name", "must be a DNS-1123 label",
                "\"héllo\"");
    }

    @Test
    void hostileNamesAreAlsoRejectedUnderTheKeyHello() {
        assertRejected(validate("hello", fixture("shell-metachar-name.json")), KEY, "/metadata/name", "\"hello\"");
        assertRejected(validate("hello", fixture("unicode-name.json")), KEY, "/metadata/name", "\"hello\"");
    }

    @Test
    void theValidDocumentBehindTheFixturesIsAccepted() {
        byte[] valid = new String(fixture("unknown-field.json"), StandardCharsets.UTF_8)
                .replace(",\n    \"imagePolicy\": \"x\"", "").getBytes(StandardCharsets.UTF_8);
        Validation v = validate("hello", valid);
        assertThat(v.isValid()).as(v.problems().toString()).isTrue();
        assertThat(v.resource().generation()).isEqualTo(7);
        assertThat(v.resource().name()).isEqualTo("hello");
        assertThat(v.resource().spec().path("image").asText()).isEqualTo("converge-test/busybox:latest");
        assertThat(v.problems()).isEmpty();
    }

    @Test
    void validationMessageJoinsEveryProblemAfterTheKey() {
        Validation v = Validation.rejected("k", List.of(new Problem("/a", "x"), new Problem("", "y")));
        assertThat(v.message()).isEqualTo("k: /a: x; /: y");
    }
}
