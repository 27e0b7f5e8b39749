package io.converge.model;

import com.fasterxml.jackson.databind.JsonNode;

/** Names a value found in a document, briefly: a quoted (capped) string, a number, or its kind of value. */
final class Found {
    private Found() {
    }

    static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isTextual()) {
            return Quote.of(value.asText());
        }
        if (value.isNumber() || value.isBoolean() || value.isNull()) {
            return Quote.cut(value.asText(), 40);
        }
        return value.isObject() ? "an object" : value.isArray() ? "an array" : "a value";
    }

    /** "an object", "a string", "true or false" for a JSON schema type name. */
    static String article(String type) {
        return switch (type) {
            case "object" -> "an object";
            case "array" -> "an array";
            case "integer" -> "an integer";
            case "boolean" -> "true or false";
            case "null" -> "null";
            default -> "a " + type;
        };
    }
}
