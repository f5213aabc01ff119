package io.zoomqos.demo.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Where the mixin and the Prometheus binaries are, and whether a missing binary may skip a test. */
final class MonitoringTools {

    private MonitoringTools() {
    }

    /** The repository's monitoring/ folder, found upward from the module's directory. */
    static Path mixin() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("monitoring/config.yaml"))) {
                return dir.resolve("monitoring");
            }
        }
        throw new IllegalStateException("no monitoring/config.yaml above " + Path.of("").toAbsolutePath());
    }

    /**
     * A binary of Debian's {@code prometheus} package. Outside CI a missing binary skips the test
     * with the command that installs it; in CI ({@code CI} set, as .ci/run does) it fails, so
     * the rules are never silently untested there.
     */
    static Path binary(String name) {
        Path path = Path.of("/usr/bin", name);
        if (!Files.isExecutable(path)) {
            String message = path + " is missing: apt-get install prometheus";
            if (System.getenv("CI") != null) {
                assertThat(path).as(message + " (required in CI)").isExecutable();
            }
            Assumptions.abort(message);
        }
        return path;
    }
}
