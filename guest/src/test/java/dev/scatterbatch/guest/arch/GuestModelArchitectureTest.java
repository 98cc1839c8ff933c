package dev.scatterbatch.guest.arch;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The guest model (memory, workloads, the benchmark app) is plain Java: only the verticle touches Vert.x. */
@AnalyzeClasses(packages = "dev.scatterbatch.guest", importOptions = ImportOption.DoNotIncludeTests.class)
class GuestModelArchitectureTest {

    @ArchTest
    static final ArchRule onlyTheVerticleUsesVertx = noClasses()
            .that().resideOutsideOfPackage("dev.scatterbatch.guest.verticle..")
            .should().dependOnClassesThat().resideInAPackage("io.vertx..");
}
