package io.zoomqos.collector.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.support.CollectorIntegrationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed OpenAPI document (docs/openapi.json) is what the code generates. After changing
 * the API, regenerate it with
 * {@code ./mvnw -o -pl src/collector -am verify -Dit.test=OpenApiDocumentIT -Dtest=NoneTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dopenapi.write=true} and commit the file.
 */
class OpenApiDocumentIT extends CollectorIntegrationTest {

    static final Path COMMITTED = Path.of("..", "..", "docs", "openapi.json");

    private static final ObjectMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Autowired
    WebTestClient web;

    @Test
    void theCommittedDocumentIsWhatTheCodeGenerates() throws IOException {
        // The first build scans the class path: seconds on a loaded machine.
        String served = web.mutate().responseTimeout(Duration.ofSeconds(60)).build().get().uri("/v3/api-docs").accept(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        JsonNode generated = PRETTY.readTree(served);
        String text = PRETTY.writeValueAsString(generated) + "\n";
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(COMMITTED, text, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(COMMITTED)).as("%s exists; write it with -Dopenapi.write=true", COMMITTED).isTrue();
        assertThat(Files.readString(COMMITTED, StandardCharsets.UTF_8))
                .as("docs/openapi.json is stale: regenerate it with -Dopenapi.write=true (see this class)")
                .isEqualTo(text);
        for (String path : new String[] {"/api/v1/meetings", "/api/v1/meetings/{uuid}", "/api/v1/meetings/{uuid}/qos",
                "/api/v1/qos/stream", "/api/v1/budget", "/api/v1/polling"}) {
            assertThat(generated.path("paths").has(path)).as("documents %s", path).isTrue();
        }
    }
}
