package io.converge.kernel;

import io.converge.model.Kind;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A {@link Room} whose unit of apply is one whole fed by many resources (the node's nft tables, the proxy's
 * configuration), declared in one constructor call: its kind, where it acts, its aggregate reconciler, its own event
 * sources, the tag whose services stand for implicit resources, and how to ask its engine whether it answers. Each
 * resource's document names its service in {@code spec.service}. Nothing is swept by name: the whole is replaced
 * on every apply, so a part without a resource cannot outlive the next one.
 */
public abstract class AggregateRoom implements Room {
    private final Kind kind;
    private final Scope scope;
    private final AggregateReconciler<?> reconciler;
    private final List<EventSource> sources;
    private final String implicitTag;
    private final Supplier<Optional<String>> engineProblem;

    /**
     * @param implicitTag   services carrying it stand for implicit resources ({@code export}, {@code web})
     * @param engineProblem why the engine cannot be used now (already prefixed with the engine's name), or empty
     */
    protected AggregateRoom(Kind kind, Scope scope, AggregateReconciler<?> reconciler, List<EventSource> sources,
                            String implicitTag, Supplier<Optional<String>> engineProblem) {
        this.kind = kind;
        this.scope = scope;
        this.reconciler = reconciler;
        this.sources = List.copyOf(sources);
        this.implicitTag = implicitTag;
        this.engineProblem = engineProblem;
    }

    @Override
    public final Kind kind() {
        return kind;
    }

    @Override
    public final Scope scope() {
        return scope;
    }

    /** Never called: an aggregate room applies one whole ({@link #aggregate()}). */
    @Override
    public final Reconciler reconciler() {
        throw new UnsupportedOperationException(kind.plural() + ": an aggregate room has no per-resource reconciler");
    }

    @Override
    public final Optional<AggregateReconciler<?>> aggregate() {
        return Optional.of(reconciler);
    }

    @Override
    public final Collection<String> owned() {
        return List.of();
    }

    @Override
    public final List<EventSource> sources() {
        return sources;
    }

    @Override
    public final Set<String> references(RawDocument document) {
        return Room.specService(document);
    }

    @Override
    public final Set<String> implicitTags() {
        return Set.of(implicitTag);
    }

    @Override
    public final Optional<String> engineProblem() {
        return engineProblem.get();
    }
}
