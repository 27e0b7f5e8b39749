package io.converge.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The rooms and their allowed dependencies (STYLE.md: rooms meet in kernel and model only). */
@AnalyzeClasses(packages = "io.converge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

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

    @ArchTest
    static final ArchRule thePlannerNeverImportsAnAdapter = noClasses()
            .that().haveFullyQualifiedName("io.converge.services.ServicePlanner")
            .should().transitivelyDependOnClassesThat().resideInAnyPackage(
                    "io.converge.services.docker..", "io.converge.services.consul..")
            .because("a planner is a pure function of desired and observed state");
}
