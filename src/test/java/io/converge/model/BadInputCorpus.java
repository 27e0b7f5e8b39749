package io.converge.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Generates malformed documents from the valid examples in {@code crds-as-json/examples/}, with a fixed seed:
 * each case is invalid by construction and says where its flaw is and a word its message must hold.
 */
final class BadInputCorpus {
    /** One malformed document, for the key of the example it was made from. */
    record Case(String what, Kind kind, String name, byte[] bytes, String path, String words) {
        @Override
        public String toString() {
            return kind.kindName() + "/" + name + ": " + what;
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final byte[][] NOT_UTF8 = {
            {(byte) 0xff}, {(byte) 0xfe}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xe0, (byte) 0x80, (byte) 0xaf},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xed, (byte) 0xbf, (byte) 0xbf}, {(byte) 0x80},
            {(byte) 0xbf}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xf0, (byte) 0x9f, (byte) 0x98}, {(byte) 0xf8}};
    private static final String[] GARBAGE = {" x", "}", " {}", " 1", "]", " \"more\"", "\u0001", ","};

    private static final Map<Kind, JsonNode> SCHEMAS = new java.util.concurrent.ConcurrentHashMap<>();

    private final Random random = new Random(20260705);
    private final List<Case> cases = new ArrayList<>();

    static List<Case> generate() {
        BadInputCorpus corpus = new BadInputCorpus();
        examples().forEach(corpus::mutate);
        return corpus.cases;
    }

    static List<ObjectNode> examples() {
        try (Stream<Path> files = Files.list(Path.of("crds-as-json", "examples"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().map(BadInputCorpus::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode read(Path file) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void mutate(ObjectNode doc) {
        Kind kind = Kind.ofKindName(doc.path("kind").asText()).orElseThrow();
        String name = doc.path("metadata").path("name").asText();
        byte[] bytes = doc.toString().getBytes(StandardCharsets.UTF_8);
        List<String> leaves = new ArrayList<>();
        List<String> all = new ArrayList<>();
        paths(doc, "", leaves, all);
        for (int i = 0; i < 8; i++) {
            int cut = 1 + random.nextInt(bytes.length - 2);
            add("truncated at " + cut, kind, name, java.util.Arrays.copyOf(bytes, cut), "/", "not JSON");
        }
        for (byte[] bad : NOT_UTF8) {
            for (int i = 0; i < 2; i++) {
                int at = random.nextInt(bytes.length + 1);
                add(String.format("byte 0x%02x... at %d", bad[0], at), kind, name, insert(bytes, at, bad), "/",
                        "invalid UTF-8 at byte " + at);
            }
        }
        for (int i = 0; i < 6; i++) {
            String leaf = leaves.get(random.nextInt(leaves.size()));
            JsonNode old = doc.at(leaf);
            add("wrong type at " + leaf, kind, name, with(doc, leaf, otherType(old)), leaf, "must");
        }
        for (int i = 0; i < 6; i++) {
            String p = all.get(random.nextInt(all.size()));
            add("null at " + p, kind, name, with(doc, p, NODES.nullNode()), p, "null");
        }
        numbers(doc, kind, name, leaves);
        huge(doc, kind, name, leaves);
        syntax(doc, kind, name, bytes);
    }

    private void numbers(ObjectNode doc, Kind kind, String name, List<String> leaves) {
        for (String leaf : leaves) {
            if (doc.at(leaf).isNumber()) {
                add("1e23 at " + leaf, kind, name, with(doc, leaf, NODES.numberNode(new java.math.BigDecimal("1e23"))),
                        leaf, "at most");
                add("-1 at " + leaf, kind, name, with(doc, leaf, NODES.numberNode(-1)), leaf, "at least");
                add("NaN at " + leaf, kind, name, replaceValue(doc, leaf, "NaN"), "/", "NaN");
                add("Infinity at " + leaf, kind, name, replaceValue(doc, leaf, "-Infinity"), "/", "Infinity");
            }
        }
        if (kind == Kind.SERVICE) {
            Map<String, JsonNode> unusable = Map.of(
                    "/spec/resources/memoryMB", NODES.numberNode(new java.math.BigDecimal("1e23")),
                    "/spec/resources/cpus", NODES.numberNode(1e-300),
                    "/spec/check/interval", NODES.textNode("99999999999999999999h"),
                    "/spec/check/timeout", NODES.textNode("2562048h"),
                    "/spec/placement/lockDelay", NODES.textNode("9999999999ms"));
            unusable.forEach((p, v) -> add(v + " at " + p, kind, name, with(doc, p, v), p, "must be"));
            add("interval 25h", kind, name, with(doc, "/spec/check/interval", NODES.textNode("25h")),
                    "/spec/check/interval", "24h");
        }
    }

    private void huge(ObjectNode doc, Kind kind, String name, List<String> leaves) {
        String big = "x".repeat(200_000);
        add("huge name", kind, name, with(doc, "/metadata/name", NODES.textNode(big)), "/metadata/name",
                "more characters");
        add("long unknown field", kind, name, with(doc, "/spec/" + "x".repeat(20_000), NODES.textNode(big)),
                "/spec/" + "x".repeat(20_000), "unknown field");
        add("huge key", kind, name, with(doc, "/spec/" + big, NODES.textNode(big)), "/", "key of more than");
        add("huge KV key", kind, big, doc.toString().getBytes(StandardCharsets.UTF_8), "/metadata/name",
                "more characters");
        add("over 512 KiB", kind, name, with(doc, "/metadata/annotations/pad", NODES.textNode("y".repeat(530_000))),
                "/", "bytes");
        ObjectNode deep = NODES.objectNode();
        ArrayNode inner = deep.putArray("a");
        for (int i = 0; i < 100; i++) {
            inner = inner.addArray();
        }
        add("nested 100 deep", kind, name, with(doc, "/spec/deep", deep), "/", "levels deep");
        for (String leaf : leaves) {
            if (doc.at(leaf).isTextual()) {
                add("NUL in " + leaf, kind, name, with(doc, leaf, NODES.textNode(doc.at(leaf).asText() + "\u0000")),
                        leaf, "");
                add("lone surrogate in " + leaf, kind, name, replaceValue(doc, leaf, "\"a\\ud800\""), leaf, "");
                if (constrained(kind, leaf)) {
                    add("not the form expected at " + leaf, kind, name, with(doc, leaf, NODES.textNode("&?\n")),
                            leaf, "found \"&?\\n\"");
                }
            }
        }
    }

    private void syntax(ObjectNode doc, Kind kind, String name, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        add("BOM", kind, name, insert(bytes, 0, new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}), "/",
                "byte order mark");
        for (String g : GARBAGE) {
            add("trailing " + g.strip(), kind, name, (text + g).getBytes(StandardCharsets.UTF_8), "/", "not JSON");
        }
        java.util.regex.Matcher keys = java.util.regex.Pattern.compile("\"[A-Za-z]+\":").matcher(text);
        List<Integer> at = new ArrayList<>();
        while (keys.find()) {
            at.add(keys.start());
        }
        for (int i = 0; i < 4; i++) {
            int k = at.get(random.nextInt(at.size()));
            String key = text.substring(k, text.indexOf(':', k) + 1);
            add("duplicate " + key, kind, name, (text.substring(0, k) + key + "null," + text.substring(k))
                    .getBytes(StandardCharsets.UTF_8), "/", "duplicate key");
        }
        add("comment", kind, name, ("/* hi */" + text).getBytes(StandardCharsets.UTF_8), "/", "comments");
        add("control character", kind, name, text.replaceFirst("\":\"", "\":\"\u0007").getBytes(StandardCharsets.UTF_8),
                "/", "control character");
        add("single quotes", kind, name, text.replaceFirst("\"", "'").getBytes(StandardCharsets.UTF_8), "/", "not JSON");
        add("unquoted word", kind, name, text.replaceFirst("\":\"[^\"]*\"", "\":" + "w".repeat(5000))
                .getBytes(StandardCharsets.UTF_8), "/", "unexpected word");
        add("an array", kind, name, ("[" + text + "]").getBytes(StandardCharsets.UTF_8), "/", "JSON object");
        add("empty", kind, name, new byte[0], "/", "");
    }

    /** True when the schema gives the string at {@code pointer} a form (pattern, alternatives, enum, const). */
    private static boolean constrained(Kind kind, String pointer) {
        JsonNode node = SCHEMAS.computeIfAbsent(kind, DocumentValidator::readSchema);
        for (String segment : pointer.substring(1).split("/")) {
            if (node.path("properties").has(segment)) {
                node = node.path("properties").path(segment);
            } else if (node.has("items")) {
                node = node.path("items");
            } else if (node.path("additionalProperties").isObject()) {
                node = node.path("additionalProperties");
            } else {
                return false;
            }
        }
        return node.has("pattern") || node.has("anyOf") || node.has("enum") || node.has("const");
    }

    private void add(String what, Kind kind, String name, byte[] bytes, String path, String words) {
        cases.add(new Case(what, kind, name, bytes, path, words));
    }

    private static void paths(JsonNode node, String path, List<String> leaves, List<String> all) {
        if (!path.isEmpty()) {
            all.add(path);
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> paths(f.getValue(), path + "/" + f.getKey(), leaves, all));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                paths(node.get(i), path + "/" + i, leaves, all);
            }
        } else {
            leaves.add(path);
        }
    }

    private static JsonNode otherType(JsonNode old) {
        if (old.isTextual()) {
            return NODES.numberNode(42);
        }
        return old.isBoolean() ? NODES.textNode("true") : old.isNumber() ? NODES.textNode(old.asText())
                : NODES.booleanNode(true);
    }

    /** The document with the value at {@code pointer} set (parents created), serialized. */
    private static byte[] with(ObjectNode doc, String pointer, JsonNode value) {
        ObjectNode copy = doc.deepCopy();
        int slash = pointer.lastIndexOf('/');
        String parentPointer = pointer.substring(0, slash);
        JsonNode parent = slash == 0 ? copy
                : copy.at(parentPointer).isContainerNode() ? copy.at(parentPointer) : copy.withObject(parentPointer);
        String last = pointer.substring(slash + 1);
        if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
        return copy.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The document with a bare token (NaN, Infinity) where the number at {@code pointer} was. */
    private static byte[] replaceValue(ObjectNode doc, String pointer, String token) {
        String marker = "\"@@marker@@\"";
        String text = new String(with(doc, pointer, NODES.textNode("@@marker@@")), StandardCharsets.UTF_8);
        return text.replace(marker, token).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] insert(byte[] bytes, int at, byte[] extra) {
        byte[] out = new byte[bytes.length + extra.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(extra, 0, out, at, extra.length);
        System.arraycopy(bytes, at, out, at + extra.length, bytes.length - at);
        return out;
    }
}
