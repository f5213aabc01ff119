package io.zoomqos.collector.zoom;

import io.netty.channel.ChannelOption;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;

/**
 * Sends one request and reads the whole answer, whatever its status. Failures without an answer
 * become {@link ZoomTransportException}; the per-request timeout runs on the injected scheduler.
 */
final class ZoomHttp {

    private final WebClient web;
    private final Duration timeout;
    private final Scheduler scheduler;

    ZoomHttp(WebClient web, Duration timeout, Scheduler scheduler) {
        this.web = web;
        this.timeout = timeout;
        this.scheduler = scheduler;
    }

    /** A WebClient on Reactor Netty with our connect timeout and body size limit. */
    static WebClient webClient(ZoomClientProperties properties) {
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis());
        return WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .codecs(c -> c.defaultCodecs().maxInMemorySize((int) Math.min(Integer.MAX_VALUE,
                        properties.maxResponseSize().toBytes())))
                .build();
    }

    /**
     * @param uri used exactly as given: no template expansion, no re-encoding
     * @param authorization the {@code Authorization} header value; never logged
     */
    Mono<ZoomResponse> send(String endpoint, HttpMethod method, URI uri, String authorization) {
        return web.method(method).uri(uri)
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .accept(MediaType.APPLICATION_JSON)
                .exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                        .map(body -> new ZoomResponse(response.statusCode().value(),
                                HttpHeaders.readOnlyHttpHeaders(response.headers().asHttpHeaders()), body)))
                .timeout(timeout, scheduler)
                .onErrorMap(e -> mapped(endpoint, e));
    }

    private static Throwable mapped(String endpoint, Throwable e) {
        if (e instanceof ZoomApiException) {
            return e;
        }
        if (e instanceof TimeoutException) {
            return new ZoomTransportException("no response within the request timeout", endpoint, true, e);
        }
        if (e instanceof DataBufferLimitException) {
            return new ZoomBadResponseException("response body larger than qos.zoom.client.max-response-size",
                    endpoint, 0, null, e);
        }
        if (e instanceof WebClientRequestException || e instanceof IOException
                || e.getCause() instanceof IOException) {
            return new ZoomTransportException(e.getClass().getSimpleName() + ": " + e.getMessage(), endpoint, false, e);
        }
        return e;
    }
}
