package io.zoomqos.collector.support;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * A real OAuth 2.1 / OIDC issuer for the tests: Spring Authorization Server as a separate
 * SpringApplication (servlet, its own random port), with
 * <ul>
 *   <li>client {@code qos-script} (secret {@link #SCRIPT_SECRET}, client credentials, scopes
 *       qos.read qos.admin; its tokens carry {@code aud=qos-script});</li>
 *   <li>client {@code other-service} (tokens with {@code aud=other-service}, scope qos.read);</li>
 *   <li>client {@code qos-page}: the live page, a public client (authorization code + PKCE), scopes
 *       openid profile qos.read qos.admin;</li>
 *   <li>user {@link #USER} / {@link #PASSWORD} on its sign-in form.</li>
 * </ul>
 * The signing key is the test's, so a test can also mint tokens the issuer would never issue
 * (expired, wrong issuer) with the issuer's key, and others with a foreign key.
 */
public final class TestIssuer implements AutoCloseable {

    public static final String SCRIPT_CLIENT = "qos-script";
    public static final String SCRIPT_SECRET = "script-secret-NOT-REAL";
    public static final String OTHER_CLIENT = "other-service";
    public static final String OTHER_SECRET = "other-secret-NOT-REAL";
    public static final String PAGE_CLIENT = "qos-page";
    public static final String USER = "ada";
    public static final String PASSWORD = "ada-password-NOT-REAL";

    private final ConfigurableApplicationContext context;
    private final RSAKey key;
    private final String issuer;

    private TestIssuer(ConfigurableApplicationContext context, RSAKey key, String issuer) {
        this.context = context;
        this.key = key;
        this.issuer = issuer;
    }

    /** Starts the issuer; {@code pageRedirectUris} are the page's sign-in callbacks it accepts. */
    public static TestIssuer start(String... pageRedirectUris) {
        RSAKey key = rsaKey("issuer-key");
        List<String> args = new ArrayList<>(List.of(
                // Not the collector's application.yml: this is another application.
                "--spring.config.name=test-issuer",
                "--spring.main.web-application-type=servlet",
                "--spring.main.banner-mode=off",
                "--server.port=0",
                // springdoc is the collector's (reactive); on a servlet application it wants Spring MVC.
                "--springdoc.api-docs.enabled=false",
                "--spring.autoconfigure.exclude="
                        + "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration,"
                        + "org.springframework.boot.r2dbc.autoconfigure.R2dbcInitializationAutoConfiguration,"
                        + "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration,"
                        + "org.springframework.boot.r2dbc.autoconfigure.health.ConnectionFactoryHealthContributorAutoConfiguration,"
                        + "org.springframework.boot.r2dbc.autoconfigure.metrics.ConnectionPoolMetricsAutoConfiguration,"
                        + "org.springframework.boot.r2dbc.autoconfigure.observation.R2dbcObservationAutoConfiguration,"
                        + "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration,"
                        + "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcRepositoriesAutoConfiguration",
                "--spring.security.user.name=" + USER,
                "--spring.security.user.password=" + PASSWORD,
                "--spring.security.oauth2.authorizationserver.client." + PAGE_CLIENT + ".require-proof-key=true",
                "--spring.security.oauth2.authorizationserver.client." + PAGE_CLIENT + ".registration.redirect-uris="
                        + String.join(",", pageRedirectUris)));
        args.addAll(client(SCRIPT_CLIENT, "{noop}" + SCRIPT_SECRET, "client_secret_basic", "client_credentials", "qos.read,qos.admin"));
        args.addAll(client(OTHER_CLIENT, "{noop}" + OTHER_SECRET, "client_secret_basic", "client_credentials", "qos.read"));
        args.addAll(client(PAGE_CLIENT, null, "none", "authorization_code", "openid,profile,qos.read,qos.admin"));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(IssuerApplication.class)
                .web(WebApplicationType.SERVLET)
                .initializers(c -> c.getBeanFactory().registerSingleton("issuerJwks",
                        (JWKSource<SecurityContext>) new ImmutableJWKSet<>(new JWKSet(key))))
                .run(args.toArray(String[]::new));
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new TestIssuer(context, key, "http://127.0.0.1:" + port);
    }

    private static List<String> client(String id, String secret, String authMethod, String grant, String scopes) {
        String p = "--spring.security.oauth2.authorizationserver.client." + id + ".registration.";
        List<String> args = new ArrayList<>(List.of(p + "client-id=" + id, p + "client-authentication-methods=" + authMethod,
                p + "authorization-grant-types=" + grant, p + "scopes=" + scopes));
        if (secret != null) {
            args.add(p + "client-secret=" + secret);
        }
        return args;
    }

    public String issuerUri() {
        return issuer;
    }

    /**
     * Lets the page's client come back to {@code uri} after signing out at the issuer. The issuer
     * matches post-logout URIs exactly (port included), and the application's port is known only
     * once it runs, after the issuer it reads at start.
     */
    public void allowPostLogoutRedirect(String uri) {
        RegisteredClientRepository clients = context.getBean(RegisteredClientRepository.class);
        RegisteredClient page = clients.findByClientId(PAGE_CLIENT);
        if (page == null) {
            throw new IllegalStateException("the issuer has no client " + PAGE_CLIENT);
        }
        clients.save(RegisteredClient.from(page).postLogoutRedirectUri(uri).build());
    }

    /** A token signed with the issuer's own key, with the claims the test chooses. */
    public String mint(String iss, List<String> audience, List<String> scopes, Instant issuedAt, Instant expiresAt) {
        return sign(key, iss, audience, scopes, issuedAt, expiresAt);
    }

    /** A well-formed token of this issuer signed with a key it does not publish. */
    public String mintWithForeignKey(List<String> audience, List<String> scopes) {
        Instant now = Instant.now();
        return sign(rsaKey("issuer-key"), issuer, audience, scopes, now, now.plusSeconds(300));
    }

    private static String sign(RSAKey key, String iss, List<String> audience, List<String> scopes, Instant iat, Instant exp) {
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(iss).subject("someone").audience(audience)
                .claim("scope", scopes).issuedAt(iat).notBefore(iat).expiresAt(exp).build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).build(),
                claims)).getTokenValue();
    }

    private static RSAKey rsaKey(String id) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(id).build();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }

    /** The issuer application: Boot's authorization-server auto-configuration and nothing of the collector. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class IssuerApplication {
    }
}
