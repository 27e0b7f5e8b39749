package io.converge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.converge.model.DocumentValidator;
import io.converge.model.Kind;
import io.converge.model.Problem;
import io.converge.model.Validation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads resource documents from a file or a directory (its {@code *.json} files, recursively, sorted). */
final class DocumentFiles {
    private DocumentFiles() {
    }

    /** One file, validated for the key its own kind and name point at. */
    record Checked(Path file, byte[] bytes, Optional<Kind> kind, String name, Validation validation) {
        String key(String specsDir) {
            return specsDir + name;
        }

        /** {@code service/hello} */
        String ref() {
            return kind.map(k -> k.kindName().toLowerCase(java.util.Locale.ROOT)).orElse("?") + "/" + name;
        }
    }

    static List<Path> find(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.walk(path)) {
                return files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json")).sorted()
                        .toList();
            }
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + ": no such file or directory");
        }
        return List.of(path);
    }

    /**
     * Validates a file as the document its kind and name say it is; {@code keyFor} gives the key it would be
     * written to.
     */
    static Checked check(Path file, DocumentValidator validator, java.util.function.BiFunction<Kind, String, String> keyFor)
            throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Optional<Kind> kind = Optional.empty();
        String name = "";
        boolean parsed = false;
        try {
            JsonNode tree = DocumentValidator.parseLenient(bytes);
            parsed = tree != null && tree.isObject();
            if (parsed) {
                kind = Kind.ofKindName(tree.path("kind").asText(""));
                name = tree.path("metadata").path("name").asText("");
            }
        } catch (IOException e) {
            // reported by the validator below, with line and column
        }
        if (kind.isEmpty()) {
            Validation v = parsed
                    ? Validation.rejected(file.toString(), List.of(new Problem("/kind",
                            "must be one of Service, PortForward, Route, DnsRecord")))
                    : validator.validate(file.toString(), Kind.SERVICE, name, bytes, 0);
            return new Checked(file, bytes, kind, name, v);
        }
        String key = keyFor.apply(kind.get(), name);
        return new Checked(file, bytes, kind, name, validator.validate(key, kind.get(), name, bytes, 0));
    }
}
