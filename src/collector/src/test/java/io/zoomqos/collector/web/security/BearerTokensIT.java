package io.zoomqos.collector.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.support.CollectorIntegrationTest;
import io.zoomqos.collector.support.TestIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Bearer tokens against a real OIDC issuer (Spring Authorization Server in this JVM, on its own
 * port): the issuer's own client-credentials tokens are accepted with their scopes; expired, foreign,
 * mis-addressed, unsigned-by-the-issuer and revoked tokens get 401, a missing scope 403, each with a
 * problem body; and no token reaches the log, even with Spring Security logging at DEBUG. A
 * browser without a session is sent to the issuer's sign-in with PKCE.
 */
@ExtendWith(OutputCaptureExtension.class)
class BearerTokensIT extends CollectorIntegrationTest {

    private static TestIssuer issuer;

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        if (issuer == null) {
            issuer = TestIssuer.start("http://127.0.0.1/login/oauth2/code/qos");
        }
        registry.add("qos.auth.issuer-uri", issuer::issuerUri);
        registry.add("qos.auth.audience", () -> TestIssuer.SCRIPT_CLIENT);
        registry.add("qos.auth.client-id", () -> TestIssuer.PAGE_CLIENT);
        registry.add("logging.level.org.springframework.security", () -> "DEBUG");
    }

    @AfterAll
    static void stopIssuer() {
        if (issuer != null) {
            issuer.close();
            issuer = null;
        }
    }

    @LocalServerPort
    int port;

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30)).build();
    }

    /** A real access token of the issuer, by the client-credentials grant. */
    private static String clientCredentials(String client, String secret, String scopes) {
        Map<String, Object> body = WebClient.create(issuer.issuerUri()).post().uri("/oauth2/token")
                .headers(h -> h.setBasicAuth(client, secret))
                .body(BodyInserters.fromFormData("grant_type", "client_credentials").with("scope", scopes))
                .retrieve().bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() { })
                .block(Duration.ofSeconds(30));
        return (String) body.get("access_token");
    }

    private WebTestClient.ResponseSpec get(String path, String token) {
        return client().get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .accept(MediaType.APPLICATION_JSON).exchange();
    }

    private void refused(String path, String token, int status) {
        get(path, token).expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(status).jsonPath("$.detail").exists();
    }

    @Test
    void theIssuersTokensAreAcceptedWithTheirScopes(CapturedOutput output) {
        String token = clientCredentials(TestIssuer.SCRIPT_CLIENT, TestIssuer.SCRIPT_SECRET, "qos.read qos.admin");
        get("/api/v1/meetings", token).expectStatus().isOk();
        get("/api/v1/budget", token).expectStatus().isOk();
        get("/v3/api-docs", token).expectStatus().isOk();

        String readOnly = clientCredentials(TestIssuer.SCRIPT_CLIENT, TestIssuer.SCRIPT_SECRET, "qos.read");
        get("/api/v1/meetings", readOnly).expectStatus().isOk();
        refused("/api/v1/budget", readOnly, 403);
        refused("/api/v1/polling", readOnly, 403);

        assertThat(output.getAll()).doesNotContain(token).doesNotContain(readOnly);
    }

    @Test
    void badTokensAreRefusedWithAProblemAndNeverLogged(CapturedOutput output) {
        Instant now = Instant.now();
        List<String> aud = List.of(TestIssuer.SCRIPT_CLIENT);
        List<String> read = List.of("qos.read");
        String expired = issuer.mint(issuer.issuerUri(), aud, read, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));
        String wrongIssuer = issuer.mint("http://127.0.0.1:1/elsewhere", aud, read, now, now.plusSeconds(300));
        String wrongAudience = clientCredentials(TestIssuer.OTHER_CLIENT, TestIssuer.OTHER_SECRET, "qos.read");
        String wrongSignature = issuer.mintWithForeignKey(aud, read);
        String revokedStatic = "a-static-token-that-is-no-longer-configured";
        String noScope = issuer.mint(issuer.issuerUri(), aud, List.of("openid"), now, now.plusSeconds(300));
        String valid = issuer.mint(issuer.issuerUri(), aud, read, now, now.plusSeconds(300));

        get("/api/v1/meetings", valid).expectStatus().isOk();
        for (String token : List.of(expired, wrongIssuer, wrongAudience, wrongSignature, revokedStatic)) {
            refused("/api/v1/meetings", token, 401);
            refused("/api/v1/qos/stream", token, 401);
        }
        refused("/api/v1/meetings", noScope, 403);

        for (String token : List.of(expired, wrongIssuer, wrongAudience, wrongSignature, revokedStatic, noScope, valid)) {
            assertThat(output.getAll()).as("the log").doesNotContain(token);
            // Nor the signature part alone (the most secret-looking piece of a JWT).
            assertThat(output.getAll()).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
        }
    }

    @Test
    void aBrowserWithoutASessionIsSentToTheIssuerWithPkceAndScriptsGetAProblem() {
        String signIn = client().get().uri("/").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isFound()
                .returnResult(Void.class).getResponseHeaders().getFirst(HttpHeaders.LOCATION);
        assertThat(signIn).endsWith("/oauth2/authorization/qos");
        String authorize = client().get().uri("/oauth2/authorization/qos").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isFound()
                .returnResult(Void.class).getResponseHeaders().getFirst(HttpHeaders.LOCATION);
        assertThat(authorize).startsWith(issuer.issuerUri() + "/oauth2/authorize?")
                .contains("client_id=" + TestIssuer.PAGE_CLIENT).contains("code_challenge=")
                .contains("code_challenge_method=S256").contains("scope=openid");

        client().get().uri("/api/v1/meetings").accept(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        client().get().uri("/").exchange()
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp)
                        .contains("script-src 'self'").contains("frame-ancestors 'none'").contains(issuer.issuerUri()));
    }
}
