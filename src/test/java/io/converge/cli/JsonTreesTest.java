package io.converge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.converge.model.Json;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link JsonTrees} reads the same trees as the ObjectMapper, and rejects what it rejects. */
class JsonTreesTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{}", "[]", "\"text\"", "0", "-7", "2147483648", "92233720368547758070", "1.5", "-2.5e3", "true", "false",
        "null", "{\"a\":{\"b\":[1,{\"c\":null},\"x\"]},\"d\":false}",
        "[{\"Key\":\"converge/specs/services/hello\",\"Value\":\"eyJhIjoxfQ==\",\"ModifyIndex\":42,\"Flags\":0,"
            + "\"Session\":\"6e2f0d1c-0000-4000-8000-000000000000\"}]",
        "{\"dup\":1,\"dup\":2}", "{\"unicode\":\"caf\\u00e9 \\\"quoted\\\" \\n\\t\\/\\\\ \\ud83d\\ude00\"}",
        "  [1, 2 ,3 ]  ", "\n{ \"a\" :\r\n [ ] }\t", "[0, -0, 2147483647, -2147483648, -2147483649, 9223372036854775807]",
        "[9223372036854775808, -9223372036854775808, -9223372036854775809, 123456789012345678901234567890]",
        "[0.5, 1e3, 1E-3, -1.25e+2, 10.0]", "{\"\":\"\"}", "[[[[]]]]", "\"\u00e9\u4e2d\""})
    void readsWhatTheObjectMapperReads(String json) throws IOException {
        assertThat(JsonTrees.read(json)).isEqualTo(Json.MAPPER.readTree(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "{", "[1,", "{\"a\" 1}", "{\"a\":1} {\"b\":2}", "[1] x", "{'a':1}", "nul",
        "01", "1.", "-", "1e", ".5", "[1,]", "{\"a\":1,}", "\"tab\there\"", "\"\\x\"", "\"\\u12\"", "\"open", "{1:2}"})
    void rejectsWhatIsNotOneJsonDocument(String json) {
        assertThatThrownBy(() -> JsonTrees.read(json)).isInstanceOf(JsonTrees.Malformed.class)
                .hasMessageStartingWith("not JSON at line ");
    }

    @org.junit.jupiter.api.Test
    void readsUtf8BytesAndNamesWhereTheDocumentBreaks() throws IOException {
        byte[] bytes = "{\"name\":\"caf\u00e9 \u4e2d\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(JsonTrees.read(bytes).path("name").asText()).isEqualTo("caf\u00e9 \u4e2d");
        assertThatThrownBy(() -> JsonTrees.read("{\n  \"a\": tru\n}")).hasMessage(
                "not JSON at line 2, column 8: unexpected word (true, false or null expected)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":{\"b\":[1,{\"c\":null},\"x\\\"y\\\\z\\n\"]},\"d\":false,\"e\":{},\"f\":[],\"g\":1.5}",
        "[\"\\u0001 control\", -3, 12345678901234567890, true]", "\"plain\"", "{}"})
    void prettyTextReadsBackAsTheSameTree(String json) throws IOException {
        JsonNode tree = JsonTrees.read(json);
        String pretty = JsonTrees.pretty(tree);
        assertThat(Json.MAPPER.readTree(pretty)).as(pretty).isEqualTo(tree);
    }

    @org.junit.jupiter.api.Test
    void prettyTextIndentsTwoSpacesPerLevel() throws IOException {
        assertThat(JsonTrees.pretty(JsonTrees.read("{\"spec\":{\"image\":\"x\",\"ports\":[80]}}"))).isEqualTo(
                "{\n  \"spec\": {\n    \"image\": \"x\",\n    \"ports\": [\n      80\n    ]\n  }\n}");
    }
}
