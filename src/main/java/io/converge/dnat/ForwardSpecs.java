package io.converge.dnat;

import com.fasterxml.jackson.databind.JsonNode;
import io.converge.kernel.DesiredState;
import io.converge.kernel.RawDocument;
import io.converge.kernel.StatusStore;
import io.converge.model.DocumentValidator;
import io.converge.model.Kind;
import io.converge.model.Problem;
import io.converge.model.Validation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PortForward documents as the room uses them: validated once per generation (the schema, then what it cannot
 * say), and the last valid spec of each, which stays in force while a newer document is invalid (SPEC §4; read
 * from the status's {@code appliedSpec} after a restart). Thread-safe.
 */
final class ForwardSpecs {
    /** One generation of a document, validated. */
    record Checked(long generation, JsonNode json, PortForwardSpec spec, String problem) {
        boolean valid() {
            return spec != null;
        }
    }

    private final DesiredState desired;
    private final StatusStore statuses;
    private final DocumentValidator validator;
    private final Map<String, Checked> checked = new ConcurrentHashMap<>();
    private final Map<String, Checked> lastValid = new ConcurrentHashMap<>();

    ForwardSpecs(DesiredState desired, StatusStore statuses, DocumentValidator validator) {
        this.desired = desired;
        this.statuses = statuses;
        this.validator = validator;
    }

    /** The document's current generation, checked; empty when there is no document. */
    Optional<Checked> current(String name) {
        Optional<RawDocument> raw = desired.get(Kind.PORT_FORWARD, name);
        if (raw.isEmpty()) {
            checked.remove(name);
            lastValid.remove(name);
            return Optional.empty();
        }
        Checked c = checked.get(name);
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
    Optional<Checked> lastValid(String name) {
        Checked known = lastValid.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        return statuses.read(Kind.PORT_FORWARD, name).filter(s -> s.appliedSpec() != null).flatMap(s -> {
            try {
                PortForwardSpec spec = PortForwardSpec.from(s.appliedSpec());
                Checked c = new Checked(s.appliedGeneration() == null ? 0 : s.appliedGeneration(), s.appliedSpec(),
                        spec, "");
                lastValid.put(name, c);
                return Optional.of(c);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /** The names of every PortForward document. */
    java.util.Set<String> names() {
        return desired.names(Kind.PORT_FORWARD);
    }

    private Checked check(RawDocument raw, String name) {
        Validation v = validator.validate(raw.key(), Kind.PORT_FORWARD, name, raw.value(), raw.modifyIndex());
        if (v.isValid()) {
            try {
                JsonNode json = v.resource().spec();
                PortForwardSpec spec = PortForwardSpec.from(json);
                List<Problem> problems = spec.problems();
                if (problems.isEmpty()) {
                    return new Checked(raw.modifyIndex(), json, spec, "");
                }
                v = Validation.rejected(raw.key(), problems);
            } catch (IllegalArgumentException e) {
                v = Validation.rejected(raw.key(), List.of(new Problem("/spec", "cannot be read: " + e.getMessage())));
            }
        }
        return new Checked(raw.modifyIndex(), null, null, v.message());
    }
}
