package io.converge.kernel;

import io.converge.model.Kind;

/** The key of one resource: its kind and name. */
public record ResourceKey(Kind kind, String name) {

    @Override
    public String toString() {
        return kind.plural() + "/" + name;
    }
}
