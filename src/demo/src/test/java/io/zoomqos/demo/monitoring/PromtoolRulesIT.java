package io.zoomqos.demo.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The mixin's rule files are valid ({@code promtool check rules}) and its unit tests pass
 * ({@code promtool test rules}: every alert fires on a synthetic incident and stays silent on a
 * healthy collector).
 */
class PromtoolRulesIT {

    @Test
    void ruleFilesAreValid() throws Exception {
        Path mixin = MonitoringTools.mixin();
        List<String> command = new ArrayList<>(List.of(MonitoringTools.binary("promtool").toString(), "check", "rules"));
        command.addAll(ruleFiles(mixin));
        assertSucceeds(command, mixin);
    }

    @Test
    void everyAlertFiresOnItsIncidentAndStaysSilentWhenHealthy() throws Exception {
        Path mixin = MonitoringTools.mixin();
        assertSucceeds(List.of(MonitoringTools.binary("promtool").toString(), "test", "rules", "tests/alerts.test.yaml"), mixin);
    }

    static List<String> ruleFiles(Path mixin) throws IOException {
        try (Stream<Path> files = Stream.concat(Files.list(mixin.resolve("alerts")), Files.list(mixin.resolve("rules")))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).map(Path::toString).sorted().toList();
        }
    }

    private static void assertSucceeds(List<String> command, Path dir) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished within 60 s", command).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s:%n%s", String.join(" ", command), output).isZero();
    }
}
