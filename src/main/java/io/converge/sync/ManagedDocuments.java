package io.converge.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.converge.model.DocumentValidator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The documents sync writes: the managed-by annotation that marks them, and the canonical form in which a stored
 * document and a file are compared (JSON equality: formatting and the order of fields do not matter).
 */
public final class ManagedDocuments {
    /** The annotation sync puts on every document it writes; only documents carrying it are pruned. */
    public static final String ANNOTATION = "converge.io/managed-by";
    /** Its value. */
    public static final String MANAGER = "sync";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ManagedDocuments() {
    }

    /**
     * The document with {@code metadata.annotations["converge.io/managed-by"] = "sync"} set, pretty-printed.
     *
     * @throws IOException when the document is not a JSON object (a validated document always is)
     */
    public static byte[] annotate(byte[] document) throws IOException {
        JsonNode tree = DocumentValidator.parseLenient(document);
        if (tree == null || !tree.isObject()) {
            throw new IOException("not a JSON object");
        }
        ObjectNode doc = (ObjectNode) tree.deepCopy();
        ObjectNode metadata = doc.get("metadata") instanceof ObjectNode m ? m : doc.putObject("metadata");
        ObjectNode annotations = metadata.get("annotations") instanceof ObjectNode a ? a
                : metadata.putObject("annotations");
        annotations.put(ANNOTATION, MANAGER);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
    }

    /** Whether a stored value is a document sync wrote (false for anything that is not a JSON document). */
    public static boolean isManaged(byte[] value) {
        JsonNode tree = parse(value);
        return tree != null
                && MANAGER.equals(tree.path("metadata").path("annotations").path(ANNOTATION).asText(null));
    }

    /**
     * A text equal for two values exactly when they hold the same JSON (fields sorted, no whitespace), or
     * {@code null} when the value is not JSON (never equal to anything).
     */
    public static String canonical(byte[] value) {
        JsonNode tree = parse(value);
        if (tree == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(sorted(tree));
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode parse(byte[] value) {
        try {
            return DocumentValidator.parseLenient(value);
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            names.forEach(n -> out.set(n, sorted(node.get(n))));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> out.add(sorted(e)));
            return out;
        }
        return node;
    }
}
