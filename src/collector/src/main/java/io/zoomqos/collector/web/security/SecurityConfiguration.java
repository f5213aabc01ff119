package io.zoomqos.collector.web.security;

import java.net.URI;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.oidc.web.server.logout.OidcClientInitiatedServerLogoutSuccessHandler;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.MediaTypeServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectMapper;

/**
 * Who may reach what on the main port (docs/security.md):
 * <ul>
 *   <li>{@code POST /webhooks/zoom}: anyone; Zoom's signature is its authentication (no CSRF);</li>
 *   <li>{@code /livez}, {@code /readyz}: anyone, status only;</li>
 *   <li>{@code /api/v1/budget/**}, {@code /api/v1/polling/**}, pinning ({@code /api/v1/meetings/{uuid}/pin}):
 *       scope {@code qos.admin};</li>
 *   <li>{@code /api/**}, {@code /v3/api-docs/**}: scope {@code qos.read};</li>
 *   <li>everything else (the page and its assets): any signed-in user or valid token.</li>
 * </ul>
 * Callers authenticate with a bearer token (a static token or a JWT of the OIDC issuer) or, in a
 * browser, with the session cookie of an OIDC sign-in (an {@code EventSource} cannot send headers).
 * With {@code QOS_AUTH_DISABLED=true} every read surface is open. Refusals are problem details.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    /** WebFlux's session cookie: the page's sign-in, the only ambient authority a forged request could ride. */
    static final String SESSION_COOKIE = "SESSION";

    /** The page's registration id at the issuer; its sign-in starts at {@code /oauth2/authorization/qos}. */
    static final String REGISTRATION = "qos";

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

    @Bean
    static ManagementPort managementPort() {
        return new ManagementPort();
    }

    /**
     * Spring Security's firewall, allowing an encoded slash: Zoom meeting UUIDs hold {@code /},
     * sent URL-encoded ({@code %2F}) in {@code /api/v1/meetings/{uuid}}, and may start with it
     * ({@code /%2F...}); everything else it rejects stays rejected.
     */
    @Bean
    ServerWebExchangeFirewall firewall() {
        StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        firewall.setAllowUrlEncodedDoubleSlash(true);
        return firewall;
    }

    /** The management port is guarded by the network (not published by the Service): no sign-in there. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain managementChain(ServerHttpSecurity http, ManagementPort port) {
        return http.securityMatcher(port)
                .authorizeExchange(a -> a.anyExchange().permitAll())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    SecurityWebFilterChain applicationChain(ServerHttpSecurity http, AuthProperties auth, ObjectMapper mapper) {
        ProblemResponses problems = new ProblemResponses(mapper);
        @Nullable ClientRegistration registration = auth.browserSignIn() ? registration(auth) : null;
        http.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives(registration == null ? CSP
                                : CSP + " " + origin(registration.getProviderDetails().getAuthorizationUri())))
                        .frameOptions(f -> f.mode(XFrameOptionsServerHttpHeadersWriter.Mode.DENY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy.SAME_ORIGIN)));
        if (auth.disabled()) {
            // Nothing changes state but the webhook (signed) and the simulator's token endpoint in the demo.
            return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                    .authorizeExchange(a -> a.anyExchange().permitAll()).build();
        }
        // Zoom cannot send a CSRF token; its HMAC signature protects the endpoint instead. Forgery
        // needs the ambient authority of a session cookie: requests without one (scripts with bearer
        // tokens, anonymous callers, who then get 401) are not asked for a token. The token travels
        // in a cookie the page reads for its forms (double submit, same origin).
        ServerWebExchangeMatcher withSession = exchange -> exchange.getRequest().getCookies().containsKey(SESSION_COOKIE)
                ? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch();
        http.csrf(c -> c.requireCsrfProtectionMatcher(new AndServerWebExchangeMatcher(CsrfWebFilter.DEFAULT_CSRF_MATCHER,
                        withSession,
                        new NegatedServerWebExchangeMatcher(ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, "/webhooks/zoom"))))
                .csrfTokenRepository(CookieServerCsrfTokenRepository.withHttpOnlyFalse())
                .csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler()));
        ServerAuthenticationEntryPoint api = (exchange, e) -> unauthorized(problems, exchange, e);
        ServerAuthenticationEntryPoint entry = registration == null ? api : browserOrScript(api);
        ServerAccessDeniedHandler denied = (exchange, e) -> problems.write(exchange, HttpStatus.FORBIDDEN, "Forbidden",
                "this credential lacks the scope " + requiredScope(exchange) + " that this resource needs");
        ReactiveAuthenticationManager bearer = new BearerAuthentication(StaticTokens.parse(auth.apiTokens()),
                auth.oidc() ? jwtAuthentication(auth) : null);
        http.authorizeExchange(a -> a
                        .pathMatchers(HttpMethod.POST, "/webhooks/zoom").permitAll()
                        .pathMatchers(HttpMethod.GET, "/livez", "/readyz").permitAll()
                        .pathMatchers("/api/v1/budget", "/api/v1/budget/**", "/api/v1/polling", "/api/v1/polling/**",
                                "/api/v1/meetings/*/pin")
                        .hasAuthority(Scopes.authority(Scopes.ADMIN))
                        .pathMatchers("/api/**", "/v3/api-docs", "/v3/api-docs/**").hasAuthority(Scopes.authority(Scopes.READ))
                        .anyExchange().authenticated())
                .oauth2ResourceServer(rs -> rs
                        .authenticationManagerResolver(exchange -> Mono.just(bearer))
                        .authenticationEntryPoint(api)
                        .accessDeniedHandler(denied))
                .exceptionHandling(e -> e.authenticationEntryPoint(entry).accessDeniedHandler(denied));
        if (registration != null) {
            ReactiveClientRegistrationRepository clients = new InMemoryReactiveClientRegistrationRepository(registration);
            DefaultServerOAuth2AuthorizationRequestResolver resolver = new DefaultServerOAuth2AuthorizationRequestResolver(clients);
            // PKCE for confidential clients too (public ones get it anyway).
            resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
            OidcClientInitiatedServerLogoutSuccessHandler loggedOut = new OidcClientInitiatedServerLogoutSuccessHandler(clients);
            loggedOut.setPostLogoutRedirectUri("{baseUrl}/");
            http.oauth2Login(l -> l.clientRegistrationRepository(clients).authorizationRequestResolver(resolver))
                    .logout(l -> l.logoutSuccessHandler(loggedOut))
                    .addFilterAfter(new CsrfCookie(), SecurityWebFiltersOrder.CSRF);
        } else {
            http.logout(ServerHttpSecurity.LogoutSpec::disable);
        }
        return http.build();
    }

    /** A browser asking for a page is sent to the issuer's sign-in; scripts get the 401 problem. */
    private static ServerAuthenticationEntryPoint browserOrScript(ServerAuthenticationEntryPoint api) {
        MediaTypeServerWebExchangeMatcher html = new MediaTypeServerWebExchangeMatcher(MediaType.TEXT_HTML);
        html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        DelegatingServerAuthenticationEntryPoint entry = new DelegatingServerAuthenticationEntryPoint(List.of(
                new DelegatingServerAuthenticationEntryPoint.DelegateEntry(html,
                        new RedirectServerAuthenticationEntryPoint("/oauth2/authorization/" + REGISTRATION))));
        entry.setDefaultEntryPoint(api);
        return entry;
    }

    private static Mono<Void> unauthorized(ProblemResponses problems, ServerWebExchange exchange, AuthenticationException e) {
        boolean badToken = e instanceof OAuth2AuthenticationException;
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                badToken ? "Bearer error=\"invalid_token\"" : "Bearer");
        // Fixed texts: the reason a token failed (expired, wrong issuer...) is not told to the caller.
        return problems.write(exchange, HttpStatus.UNAUTHORIZED, "Unauthorized", badToken
                ? "the bearer token is invalid, expired, revoked or not meant for this service"
                : "sign in, or present a bearer token (Authorization: Bearer ...)");
    }

    private static String requiredScope(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().value();
        return path.startsWith("/api/v1/budget") || path.startsWith("/api/v1/polling") || path.endsWith("/pin")
                ? Scopes.ADMIN : Scopes.READ;
    }

    /** Signature (issuer's JWKS), issuer, expiry and, when configured, audience. */
    private static ReactiveAuthenticationManager jwtAuthentication(AuthProperties auth) {
        String issuer = auth.issuerUri();
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withIssuerLocation(issuer).build();
        OAuth2TokenValidator<Jwt> validator = JwtValidators.createDefaultWithIssuer(issuer);
        String audience = auth.audience();
        if (audience != null && !audience.isBlank()) {
            validator = new DelegatingOAuth2TokenValidator<>(validator,
                    new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience)));
        }
        decoder.setJwtValidator(validator);
        return new JwtReactiveAuthenticationManager(decoder);
    }

    /** Reads the issuer's discovery document once, at start-up (the issuer must be reachable then). */
    private static ClientRegistration registration(AuthProperties auth) {
        String secret = auth.clientSecret();
        boolean confidential = secret != null && !secret.isBlank();
        return ClientRegistrations.fromIssuerLocation(auth.issuerUri())
                .registrationId(REGISTRATION)
                .clientId(auth.clientId())
                .clientSecret(confidential ? secret : null)
                .clientAuthenticationMethod(confidential ? ClientAuthenticationMethod.CLIENT_SECRET_BASIC : ClientAuthenticationMethod.NONE)
                .scope(auth.scopes())
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .build();
    }

    private static String origin(String uri) {
        URI u = URI.create(uri);
        return u.getScheme() + "://" + u.getAuthority();
    }
}
