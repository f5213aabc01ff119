package io.zoomqos.collector.simulator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The simulator is beside the flow: nothing of the collector may depend on it. */
class SimulatorIsolationTest {

    @Test
    void noCollectorPackageDependsOnTheSimulator() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.zoomqos.collector");
        noClasses().that().resideOutsideOfPackage("io.zoomqos.collector.simulator..")
                .should().dependOnClassesThat().resideInAPackage("io.zoomqos.collector.simulator..")
                .because("the simulator may be swapped for real Zoom by configuration (URLs) only")
                .check(classes);
    }
}
