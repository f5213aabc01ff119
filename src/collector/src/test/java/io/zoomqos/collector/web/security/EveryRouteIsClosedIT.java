package io.zoomqos.collector.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.support.CollectorIntegrationTest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import reactor.core.publisher.Mono;

/**
 * Walks every route the application exposes, as read from its handler mappings (annotated
 * controllers, functional routers, static resources), and asks each as an anonymous caller: only
 * the webhook and the two probes may answer; every other route must refuse with 401 and a problem.
 * A route added tomorrow is walked too, so it cannot ship unprotected.
 */
class EveryRouteIsClosedIT extends CollectorIntegrationTest {

    /** The routes anyone may call: Zoom's signed webhook and the kubelet's probes. */
    static final Set<String> OPEN = Set.of("POST /webhooks/zoom", "GET /livez", "GET /readyz");

    record Route(HttpMethod method, String pattern) {
        String key() {
            return method.name() + " " + pattern;
        }
    }

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    @Test
    void everyRouteButTheWebhookAndTheProbesRefusesAnAnonymousCaller() {
        List<Route> routes = routes();
        assertThat(routes).as("the walk finds the routes it should")
                .extracting(Route::key)
                .contains("GET /api/v1/meetings", "GET /api/v1/meetings/{uuid}/qos", "GET /api/v1/qos/stream",
                        "GET /api/v1/budget", "GET /api/v1/polling", "POST /webhooks/zoom", "GET /v3/api-docs");
        WebTestClient anonymous = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        List<String> unprotected = new ArrayList<>();
        for (Route route : routes) {
            if (OPEN.contains(route.key())) {
                continue;
            }
            String path = concrete(route.pattern());
            EntityExchangeResult<byte[]> result = anonymous.method(route.method()).uri(path)
                    .accept(MediaType.APPLICATION_JSON).exchange().expectBody().returnResult();
            if (result.getStatus().value() != 401
                    || !MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(result.getResponseHeaders().getContentType())) {
                unprotected.add(route.key() + " -> " + result.getStatus());
            }
        }
        assertThat(unprotected).as("routes that answered an anonymous caller").isEmpty();
    }

    @Test
    void theWebhookAndTheProbesStayOpen() {
        WebTestClient anonymous = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        anonymous.get().uri("/livez").exchange().expectStatus().isOk();
        anonymous.get().uri("/readyz").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP").jsonPath("$.components").doesNotExist();
        // The configuration contract's probe paths (README.md, Configuration) on the main port: the same probes.
        anonymous.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        anonymous.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP").jsonPath("$.components").doesNotExist();
        // Nothing else of the actuator answers on the main port.
        anonymous.get().uri("/actuator/health").exchange().expectStatus().value(s -> assertThat(s).isIn(401, 404));
        anonymous.get().uri("/actuator/prometheus").exchange().expectStatus().value(s -> assertThat(s).isIn(401, 404));
        // Unsigned: refused by the webhook's own signature check (401 from the handler, not the filter).
        anonymous.post().uri("/webhooks/zoom").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().value(s -> assertThat(s).isNotEqualTo(403));
    }

    @Test
    void aStateChangeRidingASessionCookieNeedsTheCsrfToken() {
        WebTestClient browser = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        browser.put().uri("/api/v1/meetings/{uuid}/pin", "any").cookie("SESSION", "a-session-a-forged-form-rides-on")
                .exchange().expectStatus().isForbidden();
    }

    private List<Route> routes() {
        Set<Route> routes = new LinkedHashSet<>();
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<org.springframework.web.bind.annotation.RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (var pattern : info.getPatternsCondition().getPatterns()) {
                    if (methods.isEmpty()) {
                        routes.add(new Route(HttpMethod.GET, pattern.getPatternString()));
                    }
                    methods.forEach(m -> routes.add(new Route(m.asHttpMethod(), pattern.getPatternString())));
                }
            }
        }
        for (RouterFunctionMapping mapping : context.getBeansOfType(RouterFunctionMapping.class).values()) {
            RouterFunction<?> router = mapping.getRouterFunction();
            if (router != null) {
                router.accept(new Collector(routes));
            }
        }
        for (SimpleUrlHandlerMapping mapping : context.getBeansOfType(SimpleUrlHandlerMapping.class).values()) {
            mapping.getUrlMap().keySet().forEach(p -> routes.add(new Route(HttpMethod.GET, p)));
        }
        return List.copyOf(routes);
    }

    /** A request path that the pattern matches: variables and wildcards filled with harmless values. */
    static String concrete(String pattern) {
        String path = pattern.replaceAll("\\{\\*?[^}]+}", "x").replace("/**", "/index.html").replace("*", "x");
        return path.isEmpty() ? "/" : path;
    }

    /** Reads the method and path predicates of functional routes. */
    private static final class Collector implements RouterFunctions.Visitor, RequestPredicates.Visitor {

        private final Set<Route> routes;
        private final List<HttpMethod> methods = new ArrayList<>();
        private final List<String> paths = new ArrayList<>();

        Collector(Set<Route> routes) {
            this.routes = routes;
        }

        @Override
        public void startNested(RequestPredicate predicate) {
        }

        @Override
        public void endNested(RequestPredicate predicate) {
        }

        @Override
        public void route(RequestPredicate predicate, HandlerFunction<?> handlerFunction) {
            methods.clear();
            paths.clear();
            predicate.accept(this);
            for (String path : paths) {
                if (methods.isEmpty()) {
                    routes.add(new Route(HttpMethod.GET, path));
                }
                methods.forEach(m -> routes.add(new Route(m, path)));
            }
        }

        @Override
        public void resources(Function<ServerRequest, Mono<org.springframework.core.io.Resource>> lookupFunction) {
        }

        @Override
        public void attributes(Map<String, Object> attributes) {
        }

        @Override
        public void unknown(RouterFunction<?> routerFunction) {
        }

        @Override
        public void method(Set<HttpMethod> set) {
            methods.addAll(set);
        }

        @Override
        public void path(String pattern) {
            paths.add(pattern);
        }

        /** Still abstract in the interface, deprecated there; marked alike so it warns no more. No route uses it. */
        @Override
        @Deprecated
        public void pathExtension(String extension) {
        }

        @Override
        public void header(String name, String value) {
        }

        @Override
        public void queryParam(String name, String value) {
        }

        @Override
        public void version(String version) {
        }

        @Override
        public void startAnd() {
        }

        @Override
        public void and() {
        }

        @Override
        public void endAnd() {
        }

        @Override
        public void startOr() {
        }

        @Override
        public void or() {
        }

        @Override
        public void endOr() {
        }

        @Override
        public void startNegate() {
        }

        @Override
        public void endNegate() {
        }

        @Override
        public void unknown(RequestPredicate predicate) {
        }
    }
}
