package dev.scatterbatch.host;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The host model (hypervisor scheduling and VMM, KFD, mm, GPU, memory pressure, replay, the host kernel) is plain
 * Java that a unit test drives without Vert.x; only its event-bus adapters (the verticles) touch Vert.x; the HTTP control plane lives in control-plane/.
 */
class ModelPackagesTest {

    @Test
    void onlyTheAdaptersUseVertx() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.scatterbatch.host");
        noClasses().that().resideOutsideOfPackages("dev.scatterbatch.host.verticle..")
                .should().dependOnClassesThat().resideInAPackage("io.vertx..").check(classes);
    }
}
