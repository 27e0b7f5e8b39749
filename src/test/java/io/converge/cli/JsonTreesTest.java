package io.converge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
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
        "{\"dup\":1,\"dup\":2}", "{\"unicode\":\"caf\\u00e9 \\\"quoted\\\" \\n\"}", "  [1, 2 ,3 ]  "})
    void readsWhatTheObjectMapperReads(String json) throws IOException {
        assertThat(JsonTrees.read(json)).isEqualTo(Json.MAPPER.readTree(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[1,", "{\"a\" 1}", "{\"a\":1} {\"b\":2}", "[1] x", "{'a':1}", "nul"})
    void rejectsWhatIsNotOneJsonDocument(String json) {
        assertThatThrownBy(() -> JsonTrees.read(json)).isInstanceOf(JsonProcessingException.class);
    }
}
