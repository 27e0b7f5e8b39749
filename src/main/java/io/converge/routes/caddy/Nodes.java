package io.converge.routes.caddy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;

/** Small JSON builders for Caddy's configuration; fields keep the order they are put in, so output is stable. */
final class Nodes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Nodes() {
    }

    static ObjectNode obj() {
        return F.objectNode();
    }

    static ObjectNode obj(String field, String value) {
        return obj().put(field, value);
    }

    static ObjectNode obj(String field, JsonNode value) {
        return obj().set(field, value);
    }

    static ArrayNode arr(JsonNode... items) {
        ArrayNode a = F.arrayNode();
        for (JsonNode n : items) {
            a.add(n);
        }
        return a;
    }

    static ArrayNode strings(Collection<String> values) {
        ArrayNode a = F.arrayNode();
        values.forEach(a::add);
        return a;
    }

    static ArrayNode strings(String... values) {
        return strings(java.util.List.of(values));
    }

    /** The handler object {@code {"handler": name}}, to which the caller adds fields. */
    static ObjectNode handler(String name) {
        return obj("handler", name);
    }

    static byte[] bytes(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
