package io.converge.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A few hundred malformed documents generated from the shipped examples (see {@link BadInputCorpus}): each is
 * rejected without an exception, with a message that names the KV key and the JSON path of the flaw, fits in a
 * status, quotes nothing whole, and reads as words for people (no parser internals, Java names or regexes).
 */
class BadInputCorpusTest {
    /** The longest message a rejection may make: it goes into status twice, beside the last valid spec. */
    static final int MAX_MESSAGE = 6_500;

    private static final List<String> INTERNALS = List.of("`", "Feature", "Constraints", "com.fasterxml", "java.",
            "Exception", "networknt", "JsonNode", "START_", "END_", "must not be valid to the schema", "regex",
            "(?!", "[\\s\\S]", "#/properties", "$ref", "CTRL-CHAR", "\ufffd", "constant value", "enumeration");

    private static final DocumentValidator VALIDATOR = new DocumentValidator();

    private static List<BadInputCorpus.Case> corpus;

    static synchronized List<BadInputCorpus.Case> corpus() {
        if (corpus == null) {
            corpus = BadInputCorpus.generate();
        }
        return corpus;
    }

    @Test
    void theCorpusIsAFewHundredDocumentsAndTheSameOnEveryRun() {
        List<BadInputCorpus.Case> again = BadInputCorpus.generate();
        assertThat(corpus()).hasSizeGreaterThan(300).hasSameSizeAs(again);
        for (int i = 0; i < again.size(); i++) {
            assertThat(again.get(i).what()).isEqualTo(corpus().get(i).what());
            assertThat(again.get(i).bytes()).isEqualTo(corpus().get(i).bytes());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyMalformedDocumentIsRejectedWithAMessageForPeople(BadInputCorpus.Case c) {
        String key = "converge/specs/" + c.kind().plural() + "/" + c.name();
        Validation v;
        try {
            v = VALIDATOR.validate(key, c.kind(), c.name(), c.bytes(), 3);
        } catch (RuntimeException e) {
            throw new AssertionError("validation threw for " + c, e);
        }
        assertThat(v.isValid()).as("%s was accepted", c).isFalse();
        String m = v.message();
        assertThat(m).as(c.toString()).startsWith(key.length() <= Validation.MAX_KEY ? key + ": " : key.substring(0, 100))
                .hasSizeLessThanOrEqualTo(MAX_MESSAGE);
        Optional<String> named = namedPath(m, c.path());
        assertThat(named).as("%s: the message %s names %s or a parent", c, m, c.path()).isPresent();
        if (named.get().equals(c.path())) {
            assertThat(m).as(c.toString()).contains(c.words());
        }
        for (String internal : INTERNALS) {
            assertThat(m).as(c.toString()).doesNotContain(internal);
        }
    }

    /** The path itself or its nearest named parent, as it appears in the message ({@code /spec/tls: ...}). */
    private static Optional<String> namedPath(String message, String path) {
        List<String> candidates = new ArrayList<>();
        for (String p = path; !p.isEmpty(); p = p.substring(0, p.lastIndexOf('/'))) {
            candidates.add(p);
        }
        candidates.add("/");
        return candidates.stream().filter(p -> message.contains(p.length() > 120 ? p.substring(0, 120) : p + ": "))
                .findFirst().filter(p -> !p.equals("/") || path.equals("/"));
    }

    @Test
    void aSchemaPatternIsNeverShownAsARegex() {
        for (Kind kind : Kind.values()) {
            List<String> patterns = new ArrayList<>();
            DocumentValidator.readSchema(kind).findValues("pattern").forEach(n -> patterns.add(n.asText()));
            for (String p : patterns) {
                if (!p.contains("\\.\\.")) {
                    assertThat(Expected.pattern(p)).as("words for %s pattern %s", kind, p).isPresent();
                }
            }
        }
    }

}
