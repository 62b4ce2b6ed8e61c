package dev.eventscheduler.standalone;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Who may use whom, across every product module (this module is the one that sees them all): the
 * scheduler and the executor never import each other; a service's {@code internal} package is used
 * only by itself and by its service's facade package, and does not reach back into the facade
 * class; the wire contract (event-model) and the client know no service. The benchmarks' quartz-only
 * baseline reads the scheduler's Quartz settings from {@code TriggerEngine}, on purpose, and is not
 * on this module's classpath.
 */
@AnalyzeClasses(packages = "dev.eventscheduler", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

    private static final String SCHEDULER = "dev.eventscheduler.scheduler..";
    private static final String EXECUTOR = "dev.eventscheduler.executor..";

    @ArchTest
    static final ArchRule theSchedulerNeverImportsTheExecutor = noClasses().that().resideInAPackage(SCHEDULER)
            .should().dependOnClassesThat().resideInAPackage(EXECUTOR);

    @ArchTest
    static final ArchRule theExecutorNeverImportsTheScheduler = noClasses().that().resideInAPackage(EXECUTOR)
            .should().dependOnClassesThat().resideInAPackage(SCHEDULER);

    @ArchTest
    static final ArchRule theSchedulersInternalsAreUsedOnlyByItsFacade = noClasses()
            .that().resideOutsideOfPackages("dev.eventscheduler.scheduler", "dev.eventscheduler.scheduler.internal..")
            .should().dependOnClassesThat().resideInAPackage("dev.eventscheduler.scheduler.internal..");

    @ArchTest
    static final ArchRule theExecutorsInternalsAreUsedOnlyByItsFacade = noClasses()
            .that().resideOutsideOfPackages("dev.eventscheduler.executor", "dev.eventscheduler.executor.internal..")
            .should().dependOnClassesThat().resideInAPackage("dev.eventscheduler.executor.internal..");

    @ArchTest
    static final ArchRule internalsDoNotReachBackIntoTheirFacade = noClasses()
            .that().resideInAnyPackage("dev.eventscheduler.scheduler.internal..", "dev.eventscheduler.executor.internal..")
            .should().dependOnClassesThat().haveFullyQualifiedName("dev.eventscheduler.scheduler.SchedulerService")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.eventscheduler.executor.Executor");

    @ArchTest
    static final ArchRule theWireContractKnowsNoService = noClasses().that().resideInAPackage("dev.eventscheduler.model..")
            .should().dependOnClassesThat().resideInAnyPackage(SCHEDULER, EXECUTOR, "dev.eventscheduler.client..",
                    "dev.eventscheduler.standalone..", "dev.eventscheduler.localkafka..");

    @ArchTest
    static final ArchRule theClientKnowsNoService = noClasses().that().resideInAPackage("dev.eventscheduler.client..")
            .should().dependOnClassesThat().resideInAnyPackage(SCHEDULER, EXECUTOR);
}
