package io.zoomqos.collector.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints the missing settings as Spring Boot's "APPLICATION FAILED TO START" report, not a stack trace. */
public final class MissingSettingsFailureAnalyzer extends AbstractFailureAnalyzer<RequiredSettings.MissingSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RequiredSettings.MissingSettingsException cause) {
        return new FailureAnalysis("The collector needs these settings and has none:\n  - "
                + String.join("\n  - ", cause.missing()),
                "Set them in the environment (see docs/operations.md#configuration). To try the service without Zoom or a"
                        + " database, run the demo: ./mvnw spring-boot:run", cause);
    }
}
