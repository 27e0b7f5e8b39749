package io.converge.sync;

import java.util.List;

/**
 * A plan: one action per document in the directory (in the order of their refs), then the prunes; or, when the
 * directory cannot be synced as a whole, the problems and no actions.
 *
 * @param actions  what to do, in order
 * @param problems why nothing may be done ({@code file: problem}); empty when the plan may be carried out
 */
public record SyncPlan(List<SyncAction> actions, List<String> problems) {

    public SyncPlan {
        actions = List.copyOf(actions);
        problems = List.copyOf(problems);
    }

    public boolean rejected() {
        return !problems.isEmpty();
    }

    /** The actions that write (everything but {@code unchanged}). */
    public List<SyncAction> writes() {
        return actions.stream().filter(SyncAction::writes).toList();
    }
}
