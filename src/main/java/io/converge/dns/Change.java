package io.converge.dns;

/**
 * One change of one record set: from what converge read ({@code before}, {@code null} when the name held no set
 * of that type) to what it wants ({@code after}, {@code null} to delete). Both have the same name and type.
 */
public record Change(RecordSet before, RecordSet after) {

    public Change {
        if (before == null && after == null) {
            throw new IllegalArgumentException("a change needs a before or an after");
        }
        RecordSet any = before != null ? before : after;
        if (before != null && after != null && (!before.name().equals(after.name())
                || !before.type().equals(after.type()))) {
            throw new IllegalArgumentException("a change keeps its name and type: " + before + " -> " + after);
        }
        if (any.name().isEmpty()) {
            throw new IllegalArgumentException("no name");
        }
    }

    public String name() {
        return (after != null ? after : before).name();
    }

    public String type() {
        return (after != null ? after : before).type();
    }

    public boolean deletes() {
        return after == null;
    }
}
