package io.converge.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The planner as a table: (desired, observed, image present) → the actions, written as short strings. */
class ServicePlannerTest {
    private static final String IMAGE = "registry.example.jp/web:2";
    private static final String NEW = "hash-new";
    private static final String OLD = "hash-old";

    private static Optional<ServicePlanner.Desired> want(String imagePull) {
        ContainerSpec spec = new ContainerSpec("converge-web", IMAGE, List.of(), List.of(), Map.of(), List.of(),
                List.of(), false, null, null, Map.of(Labels.MANAGED, "true", Labels.SERVICE, "web",
                Labels.SPEC_HASH, NEW));
        return Optional.of(new ServicePlanner.Desired(spec, imagePull));
    }

    private static final Optional<ServicePlanner.Desired> NONE = Optional.empty();

    private static Instance inst(String id, String state, String hash) {
        return new Instance(id, "converge-web", IMAGE, Map.of(Labels.MANAGED, "true", Labels.SERVICE, "web",
                Labels.SPEC_HASH, hash), state, "exited".equals(state) ? 1 : 0, null, null);
    }

    /** One row: a name, the inputs, and the plan expected ({@code blocked} for a blocked plan). */
    private static Arguments row(String name, Optional<ServicePlanner.Desired> desired, List<Instance> observed,
                                 boolean imagePresent, String... expected) {
        return Arguments.of(name, desired, observed, imagePresent, List.of(expected));
    }

    static Stream<Arguments> table() {
        return Stream.of(
                row("nothing desired, nothing there", NONE, List.of(), true),
                row("nothing desired removes all", NONE,
                        List.of(inst("a", "running", NEW), inst("b", "exited", OLD)), true, "remove a", "remove b"),
                row("nothing desired leaves one being removed alone", NONE,
                        List.of(inst("a", "removing", NEW), inst("b", "running", NEW)), true, "remove b"),
                row("none observed, image absent: pull then create", want("IfNotPresent"), List.of(), false,
                        "pull " + IMAGE, "create converge-web"),
                row("none observed, image present: create", want("IfNotPresent"), List.of(), true,
                        "create converge-web"),
                row("matching running: nothing to do", want("IfNotPresent"), List.of(inst("a", "running", NEW)),
                        false),
                row("matching exited: start it", want("IfNotPresent"), List.of(inst("a", "exited", NEW)), true,
                        "start a"),
                row("matching created: start it", want("IfNotPresent"), List.of(inst("a", "created", NEW)), true,
                        "start a"),
                row("changed spec: remove old, then create", want("IfNotPresent"),
                        List.of(inst("a", "running", OLD)), true, "remove a", "create converge-web"),
                row("changed spec, image absent: pull, remove old, create", want("IfNotPresent"),
                        List.of(inst("a", "running", OLD)), false, "pull " + IMAGE, "remove a",
                        "create converge-web"),
                row("duplicates: the running one is kept", want("IfNotPresent"),
                        List.of(inst("a", "exited", NEW), inst("b", "running", NEW), inst("c", "created", NEW)),
                        true, "remove a", "remove c"),
                row("two running duplicates: one kept, one removed", want("IfNotPresent"),
                        List.of(inst("b", "running", NEW), inst("a", "running", NEW)), true, "remove b"),
                row("stopped duplicates: one kept and started", want("IfNotPresent"),
                        List.of(inst("b", "exited", NEW), inst("a", "exited", NEW)), true, "remove b", "start a"),
                row("Never, image absent: blocked, the old instance stays", want("Never"),
                        List.of(inst("a", "running", OLD)), false, "blocked"),
                row("Never, image absent, nothing there: blocked", want("Never"), List.of(), false, "blocked"),
                row("Never, image present: create", want("Never"), List.of(inst("a", "running", OLD)), true,
                        "remove a", "create converge-web"),
                row("Never with a matching instance: kept", want("Never"), List.of(inst("a", "running", NEW)),
                        false),
                row("Always: pull before removes", want("Always"), List.of(inst("a", "running", OLD)), true,
                        "pull " + IMAGE, "remove a", "create converge-web"),
                row("Always with a matching running instance: nothing", want("Always"),
                        List.of(inst("a", "running", NEW)), true),
                row("an instance being removed is ignored", want("IfNotPresent"),
                        List.of(inst("a", "removing", NEW)), true, "create converge-web"),
                row("a dead instance is not kept", want("IfNotPresent"), List.of(inst("a", "dead", NEW)), true,
                        "remove a", "create converge-web"),
                row("a dead instance beside a good one", want("IfNotPresent"),
                        List.of(inst("a", "dead", NEW), inst("b", "exited", NEW)), true, "remove a", "start b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void plans(String name, Optional<ServicePlanner.Desired> desired, List<Instance> observed, boolean imagePresent,
               List<String> expected) {
        Plan plan = ServicePlanner.plan(desired, observed, imagePresent);
        assertThat(describe(plan)).isEqualTo(expected);
        if (plan.blocked().isPresent()) {
            assertThat(plan.actions()).as("a blocked plan removes nothing").isEmpty();
            assertThat(plan.blocked().get()).contains(IMAGE, "Never");
        }
        assertThat(plan.converged()).isEqualTo(expected.isEmpty());
    }

    private static List<String> describe(Plan plan) {
        List<String> out = new ArrayList<>();
        plan.blocked().ifPresent(b -> out.add("blocked"));
        for (Action a : plan.actions()) {
            assertThat(a.reason()).as("every action says why").isNotBlank();
            if (a instanceof Action.Pull p) {
                out.add("pull " + p.image());
            } else if (a instanceof Action.Remove r) {
                out.add("remove " + r.instance().id());
            } else if (a instanceof Action.Create c) {
                out.add("create " + c.spec().name());
            } else if (a instanceof Action.Start st) {
                out.add("start " + st.instance().id());
            }
        }
        return out;
    }
}
