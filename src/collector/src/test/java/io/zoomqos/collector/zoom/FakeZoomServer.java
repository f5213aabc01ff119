package io.zoomqos.collector.zoom;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Zoom on loopback: {@code POST /oauth/token} hands out {@code tok-1}, {@code tok-2}, ... (each
 * valid {@link #tokenLifetimeSeconds}); every other request gets the next queued API response.
 */
final class FakeZoomServer implements AutoCloseable {

    final MockWebServer server = new MockWebServer();
    final List<RecordedRequest> apiRequests = new CopyOnWriteArrayList<>();
    final List<RecordedRequest> tokenRequests = new CopyOnWriteArrayList<>();
    private final BlockingQueue<MockResponse> apiResponses = new LinkedBlockingQueue<>();
    private final AtomicInteger tokens = new AtomicInteger();
    volatile long tokenLifetimeSeconds = 3600;
    volatile long tokenDelayMillis = 0;
    /** When set, the token endpoint answers with this instead of a token. */
    volatile MockResponse tokenFailure;

    FakeZoomServer() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getTarget().startsWith("/oauth/token")) {
                    tokenRequests.add(request);
                    if (tokenFailure != null) {
                        return tokenFailure;
                    }
                    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                            .headersDelay(tokenDelayMillis, TimeUnit.MILLISECONDS)
                            .body("{\"access_token\":\"tok-" + tokens.incrementAndGet()
                                    + "\",\"token_type\":\"bearer\",\"expires_in\":" + tokenLifetimeSeconds
                                    + ",\"scope\":\"dashboard_meetings:read:admin\"}")
                            .build();
                }
                apiRequests.add(request);
                MockResponse next = apiResponses.poll();
                return next != null ? next : json(418, "{\"code\":0,\"message\":\"the test queued no response\"}");
            }
        });
        server.start();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse.Builder jsonBuilder(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body);
    }

    FakeZoomServer enqueue(MockResponse response) {
        apiResponses.add(response);
        return this;
    }

    URI apiUrl() {
        return server.url("/v2").uri();
    }

    URI oauthUrl() {
        return server.url("/").uri();
    }

    String apiTarget(int i) {
        return apiRequests.get(i).getTarget();
    }

    @Override
    public void close() {
        server.close();
    }
}
