package io.converge.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates resource documents against the JSON Schemas in {@code crds-as-json/} (bundled on the class path
 * from that directory, so the operator, {@code converge validate} and {@code converge apply} use the same files),
 * and against their KV key: the kind and name must match the key, and the value must fit the size limit.
 * Pure and thread-safe.
 */
public final class DocumentValidator {
    /** Consul's own default limit for a KV value. */
    public static final int DEFAULT_MAX_BYTES = 512 * 1024;

    /** How deep a document may nest; converge's own documents need fewer than ten levels. */
    static final int MAX_DEPTH = 64;

    /** Room left in a status for everything beside the last valid spec (conditions, nodes, holders). */
    static final int STATUS_RESERVE = 16 * 1024;

    private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Map<Kind, JsonSchema> schemas = new EnumMap<>(Kind.class);
    private final Map<Kind, SchemaProblems> messages = new EnumMap<>(Kind.class);
    private final int maxBytes;

    public DocumentValidator(int maxBytes) {
        this.maxBytes = maxBytes;
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (Kind kind : Kind.values()) {
            JsonNode schema = readSchema(kind);
            schemas.put(kind, factory.getSchema(schema, config));
            messages.put(kind, new SchemaProblems(schema));
        }
    }

    public DocumentValidator() {
        this(DEFAULT_MAX_BYTES);
    }

    /** The schema document of a kind, as bundled from {@code crds-as-json/}. */
    public static JsonNode readSchema(Kind kind) {
        String resource = "crds-as-json/" + kind.schemaFile();
        try (InputStream in = DocumentValidator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema " + resource + " is not on the class path");
            }
            return STRICT.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + resource, e);
        }
    }

    /**
     * Validates the raw value stored at {@code key}, which must hold a document of {@code kind} named {@code name}.
     * Never throws for any value: whatever is wrong with it becomes a {@link Problem} with capped quotes.
     *
     * @param generation the key's ModifyIndex, carried into the resource
     */
    public Validation validate(String key, Kind kind, String name, byte[] value, long generation) {
        if (value.length > maxBytes) {
            return Validation.invalid(key, List.of(new Problem("",
                    "document is " + value.length + " bytes, more than the limit of " + maxBytes + " bytes")));
        }
        Utf8.Decoded text = Utf8.decode(value);
        if (!text.ok()) {
            return Validation.invalid(key, List.of(new Problem("", text.problem())));
        }
        if (text.text().startsWith("\uFEFF")) {
            return Validation.invalid(key, List.of(new Problem("", "starts with a byte order mark (bytes EF BB BF);"
                    + " save the document as UTF-8 without one")));
        }
        JsonNode tree;
        try {
            tree = STRICT.readTree(text.text());
        } catch (JsonProcessingException e) {
            return Validation.invalid(key, List.of(new Problem("", JsonSyntax.describe(e))));
        } catch (RuntimeException e) {
            return Validation.invalid(key, List.of(new Problem("", "not JSON: cannot be parsed")));
        }
        if (tree == null || !tree.isObject()) {
            return Validation.invalid(key, List.of(new Problem("", "must be a JSON object; found "
                    + (tree == null || tree.isMissingNode() ? "nothing" : Found.describe(tree)))));
        }
        List<Problem> problems = new ArrayList<>(identityProblems(tree, kind, name));
        if (problems.isEmpty()) {
            problems.addAll(schemaProblems(kind, tree));
        }
        if (problems.isEmpty()) {
            problems.addAll(DocumentRules.text(tree));
            problems.addAll(DocumentRules.check(kind, tree));
            specSize(tree).ifPresent(problems::add);
        }
        return problems.isEmpty()
                ? Validation.valid(key, new Resource(kind, name, generation, (ObjectNode) tree))
                : Validation.invalid(key, problems);
    }

    /**
     * The spec is kept in status as the last valid one ({@code appliedSpec}); it must leave room there for the
     * rest of the status, or a status write would fail because of the document it describes.
     */
    private Optional<Problem> specSize(JsonNode tree) {
        int limit = Math.min(maxBytes, DEFAULT_MAX_BYTES - STATUS_RESERVE);
        try {
            int size = Json.MAPPER.writeValueAsBytes(tree.path("spec")).length;
            return size <= limit ? Optional.empty() : Optional.of(new Problem("/spec", "is " + size
                    + " bytes without white space, more than the " + limit + " bytes that fit in its status"));
        } catch (JsonProcessingException e) {
            return Optional.of(new Problem("/spec", "cannot be written back as JSON"));
        }
    }

    private static List<Problem> identityProblems(JsonNode tree, Kind kind, String name) {
        List<Problem> problems = new ArrayList<>();
        JsonNode kindField = tree.path("kind");
        if (!kindField.isTextual() || !kindField.asText().equals(kind.kindName())) {
            problems.add(new Problem("/kind", "must be \"" + kind.kindName() + "\" (this key holds "
                    + kind.kindName() + " documents); found " + Found.describe(kindField)));
        }
        JsonNode metadata = tree.path("metadata");
        if (!metadata.isObject()) {
            problems.add(new Problem("/metadata", "must be an object holding the name; found "
                    + Found.describe(metadata)));
            return problems;
        }
        JsonNode nameField = metadata.path("name");
        if (!nameField.isTextual() || !nameField.asText().equals(name)) {
            problems.add(new Problem("/metadata/name", "must equal the key's name " + Quote.of(name) + "; found "
                    + Found.describe(nameField)));
        }
        return problems;
    }

    private List<Problem> schemaProblems(Kind kind, JsonNode tree) {
        return messages.get(kind).of(schemas.get(kind).validate(tree)).stream()
                .sorted(Comparator.comparing(Problem::path).thenComparing(Problem::message))
                .toList();
    }

    /**
     * Parses a document without validating it (for the CLI, to learn kind and name before validation); invalid
     * UTF-8 is an error here too, never a U+FFFD.
     */
    public static JsonNode parseLenient(byte[] value) throws IOException {
        Utf8.Decoded text = Utf8.decode(value);
        if (!text.ok()) {
            throw new IOException(text.problem());
        }
        try (JsonParser p = STRICT.createParser(text.text())) {
            return STRICT.readTree(p);
        }
    }
}
