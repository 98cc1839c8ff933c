package dev.scatterbatch.model.arch;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The shared model is plain Java: nothing in it may depend on Vert.x. */
@AnalyzeClasses(packages = "dev.scatterbatch.model", importOptions = ImportOption.DoNotIncludeTests.class)
class ModelArchitectureTest {

    @ArchTest
    static final ArchRule sharedModelDoesNotUseVertx = noClasses().that().resideInAPackage("dev.scatterbatch.model..")
            .should().dependOnClassesThat().resideInAPackage("io.vertx..");
}
