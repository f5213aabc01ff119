package io.zoomqos.collector.web;

import java.util.regex.Pattern;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Serves the live page's static files (and the uPlot webjar) off the Netty event loop. Spring's
 * resource handling reads classpath jars with blocking I/O: the webjar locator reads the jar's
 * {@code pom.properties} to find the version, resolving checks the entry, and the body is read
 * through a {@code JarURLConnection} stream. Each is short, but an event loop must never wait on
 * a disk (BlockHound fails it in every test), so resolution runs on {@code boundedElastic} and
 * the body (a few KB to 50 KB) is read there into one buffer before Netty writes it. The OpenAPI
 * document ({@code /v3/api-docs}) is treated alike: springdoc scans the class path to build it.
 */
@Component
class StaticResourcesOffEventLoop implements WebFilter {

    private static final Pattern TOP_LEVEL_FILE = Pattern.compile("^/[^/]+\\.(html|js|css|png|ico)$");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!isStatic(exchange)) {
            return chain.filter(exchange);
        }
        ServerHttpResponseDecorator response = new ServerHttpResponseDecorator(exchange.getResponse()) {
            @Override
            public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
                return super.writeWith(DataBufferUtils.join(Flux.from(body).subscribeOn(Schedulers.boundedElastic())));
            }
        };
        return chain.filter(exchange.mutate().response(response).build()).subscribeOn(Schedulers.boundedElastic());
    }

    static boolean isStatic(ServerWebExchange exchange) {
        HttpMethod method = exchange.getRequest().getMethod();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return false;
        }
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        // springdoc builds the OpenAPI document on first request by scanning the class path (file reads).
        return path.equals("/") || path.startsWith("/webjars/") || path.startsWith("/v3/api-docs")
                || TOP_LEVEL_FILE.matcher(path).matches();
    }
}
