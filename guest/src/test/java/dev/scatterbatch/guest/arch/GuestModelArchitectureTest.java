package dev.scatterbatch.guest.arch;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The guest's memory and workload models are plain Java: a unit test drives them without Vert.x. */
@AnalyzeClasses(packages = "dev.scatterbatch.guest", importOptions = ImportOption.DoNotIncludeTests.class)
class GuestModelArchitectureTest {

    @ArchTest
    static final ArchRule memoryAndWorkloadModelsDoNotUseVertx = noClasses()
            .that().resideInAnyPackage("dev.scatterbatch.guest.memory..", "dev.scatterbatch.guest.workload..")
            .should().dependOnClassesThat().resideInAPackage("io.vertx..");
}
