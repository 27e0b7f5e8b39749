package io.converge.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import io.converge.model.DocumentValidator;
import io.converge.model.Kind;
import io.converge.model.Problem;
import io.converge.model.Validation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The documents of one kind as an aggregate room uses them: validated once per generation (the schema, then the
 * room's own checks of what a schema cannot say) into the room's typed spec, and the last valid spec of each, which
 * stays in force while a newer document is invalid (SPEC §4; read from the status's {@code appliedSpec} after a
 * restart). Thread-safe.
 *
 * @param <S> the room's typed spec
 */
public final class SpecCache<S> {
    /** One generation of a document, checked: its typed spec when valid, else the problem. */
    public record Checked<S>(long generation, JsonNode json, S spec, String problem) {
        public boolean valid() {
            return spec != null;
        }
    }

    private final Kind kind;
    private final DesiredState desired;
    private final StatusStore statuses;
    private final DocumentValidator validator;
    private final Function<JsonNode, S> typed;
    private final Function<S, List<Problem>> checks;
    private final Map<String, Checked<S>> checked = new ConcurrentHashMap<>();
    private final Map<String, Checked<S>> lastValid = new ConcurrentHashMap<>();

    /**
     * @param typed  the spec object of a schema-valid document → the typed spec (may throw
     *               {@link IllegalArgumentException})
     * @param checks what the schema cannot check; problems carry JSON paths under {@code /spec}
     */
    public SpecCache(Kind kind, DesiredState desired, StatusStore statuses, DocumentValidator validator,
                     Function<JsonNode, S> typed, Function<S, List<Problem>> checks) {
        this.kind = kind;
        this.desired = desired;
        this.statuses = statuses;
        this.validator = validator;
        this.typed = typed;
        this.checks = checks;
    }

    /** The document's current generation, checked; empty when there is no document. */
    public Optional<Checked<S>> current(String name) {
        Optional<RawDocument> raw = desired.get(kind, name);
        if (raw.isEmpty()) {
            checked.remove(name);
            lastValid.remove(name);
            return Optional.empty();
        }
        Checked<S> c = checked.get(name);
        if (c == null || c.generation() != raw.get().modifyIndex()) {
            c = check(raw.get(), name);
            checked.put(name, c);
            if (c.valid()) {
                lastValid.put(name, c);
            }
        }
        return Optional.of(c);
    }

    /** The last valid generation of an invalid document: remembered, else the status's {@code appliedSpec}. */
    public Optional<Checked<S>> lastValid(String name) {
        Checked<S> known = lastValid.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        return statuses.read(kind, name).filter(s -> s.appliedSpec() != null).flatMap(s -> {
            try {
                Checked<S> c = new Checked<>(s.appliedGeneration() == null ? 0 : s.appliedGeneration(),
                        s.appliedSpec(), typed.apply(s.appliedSpec()), "");
                lastValid.put(name, c);
                return Optional.of(c);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /** The names of every document of the kind. */
    public Set<String> names() {
        return desired.names(kind);
    }

    private Checked<S> check(RawDocument raw, String name) {
        Validation v = validator.validate(raw.key(), kind, name, raw.value(), raw.modifyIndex());
        if (v.isValid()) {
            try {
                JsonNode json = v.resource().spec();
                S spec = typed.apply(json);
                List<Problem> problems = checks.apply(spec);
                if (problems.isEmpty()) {
                    return new Checked<>(raw.modifyIndex(), json, spec, "");
                }
                v = Validation.rejected(raw.key(), problems);
            } catch (IllegalArgumentException e) {
                v = Validation.rejected(raw.key(), List.of(new Problem("/spec", "is out of the range converge can use")));
            }
        }
        return new Checked<>(raw.modifyIndex(), null, null, v.message());
    }
}
