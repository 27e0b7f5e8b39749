package io.converge.services;

/** One step of a plan, applied in order by {@link PlanExecutor}. Each carries the reason it is logged with. */
public sealed interface Action {

    String reason();

    record Pull(String image, String reason) implements Action {
    }

    record Remove(Instance instance, String reason) implements Action {
    }

    /** Create and start. */
    record Create(ContainerSpec spec, String reason) implements Action {
    }

    record Start(Instance instance, String reason) implements Action {
    }
}
