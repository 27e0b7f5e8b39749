package io.converge.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/** The rooms and their allowed dependencies (STYLE.md: rooms meet in kernel and model only). */
@AnalyzeClasses(packages = "io.converge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** What every room may use: the engine, the documents, and the shared Consul connection. */
    private static final String[] SHARED = {"io.converge.kernel..", "io.converge.model..", "io.converge.consul.."};

    @ArchTest
    static final ArchRule roomsNeverDependOnEachOther = slices().matching("io.converge.(*)..").namingSlices("$1")
            .should().notDependOnEachOther()
            .ignoreDependency(resideInAnyPackage("io.converge.app..", "io.converge.cli.."),
                    DescribedPredicate.alwaysTrue())
            .ignoreDependency(DescribedPredicate.alwaysTrue(), resideInAnyPackage(SHARED))
            .because("rooms meet in kernel and model; app (the operator) and cli (the client) wire them together");

    @ArchTest
    static final ArchRule theClientNeverLoadsTheOperatorsRuntime = noClasses()
            .that().resideInAPackage("io.converge.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("io.converge.app..", "io.quarkus..", "io.vertx..",
                    "io.smallrye..", "jakarta.inject..", "jakarta.enterprise..", "io.micrometer..")
            .because("client commands start without Quarkus, CDI or Vert.x, in a quarter of a second (SPEC 8)");

    @ArchTest
    static final ArchRule plannersArePure = classes().that().haveSimpleNameEndingWith("Planner")
            .and().resideInAPackage("io.converge..")
            .should(dependOnlyOnJavaKernelModelAndTheirOwnPackage())
            .because("a planner is a pure function of desired and observed state (STYLE 2)");

    @ArchTest
    static final ArchRule servicesNeverReachIntoStorePlacementOrApp = noClasses()
            .that().resideInAPackage("io.converge.services..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.converge.store..", "io.converge.placement..", "io.converge.app..")
            .because("the Service room meets the rest of converge only through kernel and model");

    @ArchTest
    static final ArchRule kernelHasNoDomainKnowledge = noClasses()
            .that().resideInAPackage("io.converge.kernel..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.converge.services..", "io.converge.store..", "io.converge.placement..",
                    "io.converge.app..", "io.converge.consul..")
            .because("the engine knows no room and no adapter");

    @ArchTest
    static final ArchRule modelDependsOnNothingElseInConverge = classes()
            .that().resideInAPackage("io.converge.model..")
            .should().onlyDependOnClassesThat(
                    resideInAPackage("io.converge.model..").or(not(resideInAPackage("io.converge.."))))
            .because("model is pure and shared by every room");

    private static ArchCondition<JavaClass> dependOnlyOnJavaKernelModelAndTheirOwnPackage() {
        return new ArchCondition<>("depend only on java.., kernel, model and their own room's package") {
            @Override
            public void check(JavaClass planner, ConditionEvents events) {
                for (Dependency d : planner.getDirectDependenciesFromSelf()) {
                    String target = d.getTargetClass().getPackageName();
                    boolean allowed = target.startsWith("java.") || target.equals("java")
                            || target.startsWith("io.converge.kernel") || target.startsWith("io.converge.model")
                            || target.equals(planner.getPackageName());
                    if (!allowed) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        };
    }

    @ArchTest
    static final ArchRule thePlannerNeverImportsAnAdapter = noClasses()
            .that().haveFullyQualifiedName("io.converge.services.ServicePlanner")
            .should().transitivelyDependOnClassesThat().resideInAnyPackage(
                    "io.converge.services.docker..", "io.converge.services.consul..")
            .because("a planner is a pure function of desired and observed state");
}
