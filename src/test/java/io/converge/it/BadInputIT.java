package io.converge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §4: bad input never costs running state. Each case replaces a running service's document with a bad one:
 * status says Valid=False naming the key, the JSON path and the problem; the container is untouched; a
 * bystander is unaffected; converge keeps running; the corrected document recovers.
 */
class BadInputIT extends ItBase {
    private String bystander;

    @BeforeAll
    void startBystander() throws Exception {
        bystander = putAndAwaitRunning(service("bystander"));
    }

    private static byte[] fixture(String file) throws Exception {
        return Files.readAllBytes(Path.of("src/test/resources/bad-input", file));
    }

    /** Runs {@code name}, puts {@code bad} at its key, checks everything SPEC §4 promises, then recovers. */
    private void rejectsAndKeepsRunning(String name, byte[] bad, String expectedPath, String expectedWords)
            throws Exception {
        String id = putAndAwaitRunning(service(name));
        long goodGeneration = consul.kvModifyIndex(specKey(name));
        consul.kvPut(specKey(name), bad);
        long badGeneration = consul.kvModifyIndex(specKey(name));
        JsonNode status = awaitStatus(name, s -> s.path("observedGeneration").asLong() == badGeneration);

        assertThat(condition(status, "Valid")).isEqualTo("False");
        String message = conditionMessage(status, "Valid");
        assertThat(message).contains(specKey(name)).contains(expectedPath).containsIgnoringCase(expectedWords)
                .hasSizeLessThan(7_000).doesNotContain("\ufffd");
        assertThat(status.path("appliedGeneration").asLong()).isEqualTo(goodGeneration);
        assertThat(status.path("appliedSpec").path("image").asText()).isEqualTo(Docker.TEST_IMAGE);
        assertThat(Docker.id(container(name))).contains(id);
        assertThat(Docker.running(container(name))).isTrue();
        assertThat(consul.health("converge-" + name)).contains("passing");
        assertThat(Docker.id(container("bystander"))).contains(bystander);
        assertThat(converge.alive()).isTrue();

        put(service(name));
        awaitStatus(name, s -> "True".equals(condition(s, "Valid")) && "Running".equals(s.path("phase").asText()));
        assertThat(Docker.id(container(name))).contains(id);
    }

    @Test
    void notJson() throws Exception {
        rejectsAndKeepsRunning("notjson", fixture("not-json.txt"), "/:", "not JSON");
    }

    @Test
    void schemaViolation() throws Exception {
        rejectsAndKeepsRunning("schema", renamed("schema-violation.json", "schema"), "/spec/ports/0/containerPort",
                "65535");
    }

    @Test
    void wrongKind() throws Exception {
        rejectsAndKeepsRunning("kind", renamed("wrong-kind.json", "kind"), "/kind", "Route");
    }

    @Test
    void nameDifferentFromTheKey() throws Exception {
        rejectsAndKeepsRunning("mismatch", fixture("name-mismatch.json"), "/metadata/name", "must equal");
    }

    @Test
    void unknownField() throws Exception {
        rejectsAndKeepsRunning("unknown", renamed("unknown-field.json", "unknown"), "/spec/imagePolicy",
                "unknown field");
    }

    @Test
    void valueOver512KiB() throws Exception {
        ObjectNode doc = service("huge");
        spec(doc).putObject("env").put("PAD", "x".repeat(600 * 1024));
        rejectsAndKeepsRunning("huge", JSON.writeValueAsBytes(doc), "/:", "more than the limit");
    }

    @Test
    void nameWithShellMetacharacters() throws Exception {
        rejectsAndKeepsRunning("shell", fixture("shell-metachar-name.json"), "/metadata/name", "hello;rm");
    }

    @Test
    void unicodeName() throws Exception {
        rejectsAndKeepsRunning("unicode", fixture("unicode-name.json"), "/metadata/name", "héllo");
    }

    @Test
    void keysWithShellMetacharactersOrUnicodeNeverBecomeContainers() throws Exception {
        for (String name : new String[] {"héllo", "x;rm -rf"}) {
            ObjectNode doc = service("placeholder");
            ((ObjectNode) doc.get("metadata")).put("name", name);
            consul.kvPut(specKey(name), JSON.writeValueAsString(doc).getBytes(StandardCharsets.UTF_8));
            JsonNode status = awaitStatus(name, s -> "False".equals(condition(s, "Valid")));
            assertThat(conditionMessage(status, "Valid")).contains("/metadata/name").contains("DNS-1123 label");
            assertThat(status.path("phase").asText()).isEqualTo("Failed");
        }
        assertThat(Docker.namesWithLabel("io.converge.node=" + node))
                .allMatch(n -> n.matches("converge-[a-z0-9-]+-" + node));
        assertThat(converge.alive()).isTrue();
    }

    @Test
    void invalidUtf8InAnEnvValueIsRejectedWithItsByteOffset() throws Exception {
        ObjectNode doc = service("utf8");
        spec(doc).putObject("env").put("GREETING", "@@@");
        byte[] bytes = JSON.writeValueAsBytes(doc);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("@@@");
        bytes[at] = (byte) 0xc0; // an overlong '/'
        bytes[at + 1] = (byte) 0xaf;
        bytes[at + 2] = (byte) 0xff; // a byte never in UTF-8
        rejectsAndKeepsRunning("utf8", bytes, "/:", "invalid UTF-8 at byte " + at);
    }

    @Test
    void aHalfMegabyteNameIsRejectedAndItsStatusIsWritten() throws Exception {
        ObjectNode doc = service("hugename");
        int room = 512 * 1024 - JSON.writeValueAsBytes(doc).length + "hugename".length();
        ((ObjectNode) doc.get("metadata")).put("name", "n".repeat(room));
        byte[] bytes = JSON.writeValueAsBytes(doc);
        assertThat(bytes).hasSize(512 * 1024);
        rejectsAndKeepsRunning("hugename", bytes, "/metadata/name", "more characters)");
    }

    @Test
    void aCheckIntervalConsulCannotParseIsRejected() throws Exception {
        ObjectNode doc = service("interval");
        ((ObjectNode) spec(doc).get("check")).put("interval", "99999999999999999999h");
        rejectsAndKeepsRunning("interval", JSON.writeValueAsBytes(doc), "/spec/check/interval", "a duration");
    }

    /** A fixture document with its metadata.name set to the key's name, so only its own flaw remains. */
    private static byte[] renamed(String file, String name) throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(fixture(file));
        ((ObjectNode) doc.get("metadata")).put("name", name);
        return JSON.writeValueAsBytes(doc);
    }
}
