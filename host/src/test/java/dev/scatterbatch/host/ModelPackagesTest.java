package dev.scatterbatch.host;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The host model packages (mm, KFD, replay) are plain Java that a unit test drives without Vert.x. */
class ModelPackagesTest {

    @Test
    void theHostModelDoesNotUseVertx() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.scatterbatch.host.mm", "dev.scatterbatch.host.kfd", "dev.scatterbatch.host.replay");
        noClasses().should().dependOnClassesThat().resideInAPackage("io.vertx..").check(classes);
    }
}
