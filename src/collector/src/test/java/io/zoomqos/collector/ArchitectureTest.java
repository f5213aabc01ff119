package io.zoomqos.collector;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Holds the design's one-direction flow (docs/architecture.md#packages): webhook -> events -> polling ->
 * ratelimit/zoom -> store -> live, with qos (value types) and config at the bottom and cluster
 * beside the flow. A package may depend only on packages below it; there are no cycles.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.zoomqos.collector");

    @Test
    void everyPackageDependsOnlyOnPackagesBelowItInTheFlow() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("webhook").definedBy("..collector.webhook..")
                .layer("events").definedBy("..collector.events..")
                .layer("polling").definedBy("..collector.polling..")
                .layer("zoom").definedBy("..collector.zoom..")
                .layer("ratelimit").definedBy("..collector.ratelimit..")
                .layer("cluster").definedBy("..collector.cluster..")
                .layer("store").definedBy("..collector.store..")
                .layer("live").definedBy("..collector.live..")
                .layer("qos").definedBy("..collector.qos..")
                .layer("config").definedBy("..collector.config..")
                .whereLayer("webhook").mayNotBeAccessedByAnyLayer()
                .whereLayer("events").mayOnlyBeAccessedByLayers("webhook")
                .whereLayer("polling").mayOnlyBeAccessedByLayers("webhook", "events")
                .whereLayer("zoom").mayOnlyBeAccessedByLayers("polling", "events")
                .whereLayer("ratelimit").mayOnlyBeAccessedByLayers("polling", "zoom", "events")
                .whereLayer("cluster").mayOnlyBeAccessedByLayers("polling", "ratelimit", "events")
                .whereLayer("store").mayOnlyBeAccessedByLayers("webhook", "events", "polling", "zoom", "cluster")
                .whereLayer("live").mayOnlyBeAccessedByLayers("webhook", "events", "polling", "ratelimit", "cluster", "store")
                .check(MAIN);
    }

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("io.zoomqos.collector.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
