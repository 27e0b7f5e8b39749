package io.converge.services;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides what to do about one service on this node: a pure function of the desired container (absent when the
 * service must not run here) and the observed managed containers of that service.
 * <ul>
 *   <li>Not desired: remove every instance.</li>
 *   <li>Instances Docker is already removing are left out; dead ones are never kept.</li>
 *   <li>Desired: keep one instance whose spec-hash matches (a running one first), start it if it is stopped,
 *       remove every other instance; with none to keep, create one. Old instances are removed before the new
 *       one is created (they may hold its host ports and name).</li>
 *   <li>The image comes first: pulled when creating under {@code Always}, or under {@code IfNotPresent} when
 *       absent; under {@code Never} an absent image blocks the plan and nothing is removed, so a running
 *       instance is not lost to a spec that cannot be run.</li>
 * </ul>
 */
public final class ServicePlanner {
    private ServicePlanner() {
    }

    /** The desired container and how to get its image. */
    public record Desired(ContainerSpec container, String imagePull) {
    }

    /** Removes every instance, for the reason given (the spec was deleted, an orphan, ...). */
    public static Plan removeAll(List<Instance> observed, String reason) {
        List<Action> removes = observed.stream().filter(i -> !"removing".equals(i.state()))
                .<Action>map(i -> new Action.Remove(i, reason)).toList();
        return new Plan(removes, Optional.empty(), Optional.empty());
    }

    public static Plan plan(Optional<Desired> desired, List<Instance> all, boolean imagePresent) {
        // an instance Docker is already removing is gone for planning: neither kept nor removed again
        List<Instance> observed = all.stream().filter(i -> !"removing".equals(i.state())).toList();
        if (desired.isEmpty()) {
            return removeAll(observed, "service is not to run on this node");
        }
        ContainerSpec spec = desired.get().container();
        String hash = spec.labels().get(Labels.SPEC_HASH);
        Optional<Instance> keep = observed.stream()
                .filter(i -> hash.equals(i.specHash()) && !"dead".equals(i.state()))
                .min(Comparator.comparing((Instance i) -> !i.running()).thenComparing(Instance::id));
        List<Action> actions = new ArrayList<>();
        if (keep.isEmpty()) {
            String pull = desired.get().imagePull();
            if ("Never".equals(pull) && !imagePresent) {
                return new Plan(List.of(), Optional.empty(), Optional.of(
                        "image " + spec.image() + " is not present and imagePull is Never"));
            }
            if ("Always".equals(pull) || !imagePresent) {
                actions.add(new Action.Pull(spec.image(), "Always".equals(pull) ? "imagePull is Always"
                        : "image is not present"));
            }
        }
        for (Instance i : observed) {
            if (keep.isEmpty() || !keep.get().id().equals(i.id())) {
                actions.add(new Action.Remove(i, hash.equals(i.specHash()) ? "duplicate instance"
                        : "spec changed (hash " + i.specHash() + " -> " + hash + ")"));
            }
        }
        if (keep.isEmpty()) {
            actions.add(new Action.Create(spec, observed.isEmpty() ? "no instance" : "replacing instance"));
        } else if (!keep.get().running()) {
            actions.add(new Action.Start(keep.get(), "instance is " + keep.get().state()
                    + ("exited".equals(keep.get().state()) ? " (code " + keep.get().exitCode() + ")" : "")));
        }
        return new Plan(actions, keep, Optional.empty());
    }
}
