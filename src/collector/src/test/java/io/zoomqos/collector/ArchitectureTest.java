package io.zoomqos.collector;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Holds the design's one-direction flow (docs/architecture.md#packages): webhook -> events -> polling ->
 * ratelimit/zoom -> store -> live, with qos (value types) and config at the bottom and cluster
 * beside the flow. A package may depend only on packages below it; there are no cycles. The web
 * layer sits on top of them all and is the only one with HTTP server types (besides Zoom's own
 * inbound endpoint in webhook).
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.zoomqos.collector");

    @Test
    void everyPackageDependsOnlyOnPackagesBelowItInTheFlow() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("web").definedBy("..collector.web..")
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
                .whereLayer("web").mayNotBeAccessedByAnyLayer()
                .whereLayer("webhook").mayNotBeAccessedByAnyLayer()
                .whereLayer("events").mayOnlyBeAccessedByLayers("web", "webhook")
                .whereLayer("polling").mayOnlyBeAccessedByLayers("web", "webhook", "events")
                .whereLayer("zoom").mayOnlyBeAccessedByLayers("web", "polling", "events")
                .whereLayer("ratelimit").mayOnlyBeAccessedByLayers("web", "polling", "zoom", "events")
                .whereLayer("cluster").mayOnlyBeAccessedByLayers("web", "polling", "ratelimit", "events")
                .whereLayer("store").mayOnlyBeAccessedByLayers("web", "webhook", "events", "polling", "zoom", "cluster")
                .whereLayer("live").mayOnlyBeAccessedByLayers("web", "webhook", "events", "polling", "ratelimit", "cluster", "store")
                .check(MAIN);
    }

    /**
     * Server-side web types: routing, controllers, exchanges, filters and response bodies. The
     * Zoom client's WebClient and shared HTTP values (HttpStatus, HttpHeaders, MediaType) are not
     * server types and stay allowed everywhere.
     */
    @Test
    void onlyTheWebLayerAndTheWebhookEndpointUseHttpServerTypes() {
        noClasses().that().resideOutsideOfPackages("..collector.web..", "..collector.webhook..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework.web.bind..",
                        "org.springframework.web.reactive.function.server..",
                        "org.springframework.web.reactive.result..",
                        "org.springframework.web.server..",
                        "org.springframework.http.server..",
                        "org.springframework.security.web..",
                        "org.springframework.security.config.web..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.springframework.http.ResponseEntity")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.springframework.http.ProblemDetail")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.springframework.web.ErrorResponseException")
                .check(MAIN);
    }

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("io.zoomqos.collector.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
