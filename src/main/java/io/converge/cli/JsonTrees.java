package io.converge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * JSON text (RFC 8259) to Jackson's tree: the same {@link JsonNode}s as {@code ObjectMapper.readTree}, read by a
 * small parser of its own. {@code get}, {@code describe}, {@code delete} and {@code locks} only read trees, and in a
 * fresh JVM an {@code ObjectMapper} costs about 40 ms to build and Jackson's streaming parser about 20 ms more (its
 * class initialisation computes {@code BigDecimal} constants): most of what those commands do. Numbers become int,
 * long, big-integer or double nodes as with the ObjectMapper's defaults. {@code JsonTreesTest} holds the two
 * readings equal. Not a general-purpose parser: whole documents in memory, nothing streamed.
 */
final class JsonTrees {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A document that is not JSON: the message names the line and column. */
    static final class Malformed extends IOException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    private final String text;
    private int at;

    private JsonTrees(String text) {
        this.text = text;
    }

    /** One JSON document (surrounding whitespace allowed, nothing else). */
    static JsonNode read(String json) throws Malformed {
        JsonTrees p = new JsonTrees(json);
        p.space();
        JsonNode node = p.value();
        p.space();
        if (p.at < json.length()) {
            throw p.malformed("more than one JSON value in the document");
        }
        return node;
    }

    static JsonNode read(byte[] json) throws Malformed {
        return read(new String(json, StandardCharsets.UTF_8));
    }

    /** An empty object, for a tree built by hand. */
    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** The tree as indented JSON text (two spaces, {@code "name": value}), as {@code describe} prints documents. */
    static String pretty(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        pretty(node, "", sb);
        return sb.toString();
    }

    private static void pretty(JsonNode node, String indent, StringBuilder sb) {
        if (node.isObject() && node.size() > 0) {
            sb.append("{\n");
            var fields = node.fields();
            while (fields.hasNext()) {
                var f = fields.next();
                sb.append(indent).append("  ");
                quote(f.getKey(), sb);
                sb.append(": ");
                pretty(f.getValue(), indent + "  ", sb);
                sb.append(fields.hasNext() ? ",\n" : "\n");
            }
            sb.append(indent).append('}');
        } else if (node.isArray() && node.size() > 0) {
            sb.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                sb.append(indent).append("  ");
                pretty(node.get(i), indent + "  ", sb);
                sb.append(i + 1 < node.size() ? ",\n" : "\n");
            }
            sb.append(indent).append(']');
        } else if (node.isTextual()) {
            quote(node.asText(), sb);
        } else {
            sb.append(node.isObject() ? "{}" : node.isArray() ? "[]" : node.asText());
        }
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private JsonNode value() throws Malformed {
        if (at >= text.length()) {
            throw malformed("a value expected, the document ends");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> members();
            case '[' -> elements();
            case '"' -> NODES.textNode(string());
            case 't' -> word("true", NODES.booleanNode(true));
            case 'f' -> word("false", NODES.booleanNode(false));
            case 'n' -> word("null", NODES.nullNode());
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw malformed("unexpected character '" + c + "'");
            }
        };
    }

    private ObjectNode members() throws Malformed {
        ObjectNode o = NODES.objectNode();
        at++;
        space();
        if (peek() == '}') {
            at++;
            return o;
        }
        while (true) {
            if (peek() != '"') {
                throw malformed("a field name in double quotes expected");
            }
            String name = string();
            space();
            expect(':');
            space();
            o.set(name, value());
            space();
            char c = next("',' or '}' expected");
            if (c == '}') {
                return o;
            }
            if (c != ',') {
                throw malformed("',' or '}' expected");
            }
            space();
        }
    }

    private ArrayNode elements() throws Malformed {
        ArrayNode a = NODES.arrayNode();
        at++;
        space();
        if (peek() == ']') {
            at++;
            return a;
        }
        while (true) {
            a.add(value());
            space();
            char c = next("',' or ']' expected");
            if (c == ']') {
                return a;
            }
            if (c != ',') {
                throw malformed("',' or ']' expected");
            }
            space();
        }
    }

    private String string() throws Malformed {
        at++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next("the string does not end");
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw malformed("a control character in a string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next("the escape does not end");
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append(unicode());
                default -> throw malformed("unknown escape \\" + e);
            }
        }
    }

    private char unicode() throws Malformed {
        if (at + 4 > text.length()) {
            throw malformed("\\u needs four hex digits");
        }
        try {
            char c = (char) Integer.parseInt(text, at, at + 4, 16);
            at += 4;
            return c;
        } catch (NumberFormatException e) {
            throw malformed("\\u needs four hex digits");
        }
    }

    private JsonNode number() throws Malformed {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else if (!digits()) {
            throw malformed("a digit expected");
        }
        boolean integral = true;
        if (peek() == '.') {
            at++;
            integral = false;
            if (!digits()) {
                throw malformed("a digit expected after '.'");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            at++;
            integral = false;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            if (!digits()) {
                throw malformed("a digit expected in the exponent");
            }
        }
        String n = text.substring(start, at);
        if (!integral) {
            return NODES.numberNode(Double.parseDouble(n));
        }
        int length = n.length() - (n.startsWith("-") ? 1 : 0);
        if (length <= 9) {
            return NODES.numberNode(Integer.parseInt(n));
        }
        if (length <= 18) {
            long v = Long.parseLong(n);
            return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
        }
        BigInteger big = new BigInteger(n);
        return big.bitLength() < 64 ? NODES.numberNode(big.longValue()) : NODES.numberNode(big);
    }

    private boolean digits() {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        return at > start;
    }

    private JsonNode word(String word, JsonNode node) throws Malformed {
        if (!text.startsWith(word, at)) {
            throw malformed("unexpected word (true, false or null expected)");
        }
        at += word.length();
        return node;
    }

    private void space() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private char next(String whatIfEnd) throws Malformed {
        if (at >= text.length()) {
            throw malformed(whatIfEnd + ", the document ends");
        }
        return text.charAt(at++);
    }

    private void expect(char c) throws Malformed {
        if (peek() != c) {
            throw malformed("'" + c + "' expected");
        }
        at++;
    }

    private Malformed malformed(String what) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(at, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Malformed("not JSON at line " + line + ", column " + column + ": " + what);
    }
}
