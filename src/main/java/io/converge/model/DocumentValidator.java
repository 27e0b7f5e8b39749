package io.converge.model;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
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
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Validates resource documents against the JSON Schemas in {@code crds-as-json/} (bundled on the class path
 * from that directory, so the operator, {@code converge validate} and {@code converge apply} use the same files),
 * and against their KV key: the kind and name must match the key, and the value must fit the size limit.
 * Pure and thread-safe.
 */
public final class DocumentValidator {
    /** Consul's own default limit for a KV value. */
    public static final int DEFAULT_MAX_BYTES = 512 * 1024;

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Map<Kind, JsonSchema> schemas = new EnumMap<>(Kind.class);
    private final int maxBytes;

    public DocumentValidator(int maxBytes) {
        this.maxBytes = maxBytes;
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (Kind kind : Kind.values()) {
            schemas.put(kind, factory.getSchema(readSchema(kind), config));
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
     *
     * @param generation the key's ModifyIndex, carried into the resource
     */
    public Validation validate(String key, Kind kind, String name, byte[] value, long generation) {
        if (value.length > maxBytes) {
            return Validation.invalid(key, List.of(new Problem("",
                    "document is " + value.length + " bytes, more than the limit of " + maxBytes + " bytes")));
        }
        JsonNode tree;
        try {
            tree = STRICT.readTree(value);
        } catch (JsonParseException e) {
            return Validation.invalid(key, List.of(new Problem("", "not JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr())));
        } catch (IOException e) {
            return Validation.invalid(key, List.of(new Problem("", "not JSON: " + e.getMessage())));
        }
        if (tree == null || !tree.isObject()) {
            return Validation.invalid(key, List.of(new Problem("", "not a JSON object")));
        }
        List<Problem> problems = new ArrayList<>(identityProblems(tree, kind, name));
        if (problems.isEmpty()) {
            problems.addAll(schemaProblems(kind, tree));
        }
        return problems.isEmpty()
                ? Validation.valid(key, new Resource(kind, name, generation, (ObjectNode) tree))
                : Validation.invalid(key, problems);
    }

    private static List<Problem> identityProblems(JsonNode tree, Kind kind, String name) {
        List<Problem> problems = new ArrayList<>();
        JsonNode kindField = tree.path("kind");
        if (!kindField.isTextual() || !kindField.asText().equals(kind.kindName())) {
            problems.add(new Problem("/kind", "is " + kindField + " but this key holds " + kind.kindName()
                    + " documents"));
        }
        JsonNode nameField = tree.path("metadata").path("name");
        if (!nameField.isTextual() || !nameField.asText().equals(name)) {
            problems.add(new Problem("/metadata/name", "is " + nameField + " but must equal the key's name \""
                    + name + "\""));
        }
        return problems;
    }

    private List<Problem> schemaProblems(Kind kind, JsonNode tree) {
        return schemas.get(kind).validate(tree).stream()
                .map(DocumentValidator::toProblem)
                .sorted(Comparator.comparing(Problem::path).thenComparing(Problem::message))
                .toList();
    }

    private static Problem toProblem(ValidationMessage m) {
        String path = m.getInstanceLocation().toString();
        if ("additionalProperties".equals(m.getType()) && m.getProperty() != null) {
            return new Problem(path + "/" + m.getProperty(), "unknown field \"" + m.getProperty() + "\"");
        }
        return new Problem(path, m.getError());
    }

    /** Parses a document without validating it (for the CLI, to learn kind and name before validation). */
    public static JsonNode parseLenient(byte[] value) throws IOException {
        try (JsonParser p = STRICT.createParser(new String(value, StandardCharsets.UTF_8))) {
            return STRICT.readTree(p);
        }
    }
}
