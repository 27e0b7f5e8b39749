package io.converge.services;

import java.util.List;
import java.util.Optional;

/**
 * What to do about one service on this node.
 *
 * @param actions the steps, in order
 * @param keep    the instance that stays as it is (converged, or to be started), if any
 * @param blocked why the desired container cannot be made (nothing is removed then), if so
 */
public record Plan(List<Action> actions, Optional<Instance> keep, Optional<String> blocked) {

    public Plan {
        actions = List.copyOf(actions);
    }

    public boolean converged() {
        return actions.isEmpty() && blocked.isEmpty();
    }
}
