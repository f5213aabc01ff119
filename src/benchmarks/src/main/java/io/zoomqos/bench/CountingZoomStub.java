package io.zoomqos.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Zoom as far as the QSS bench needs it, counting every request: a token for any credentials,
 * List meetings {@code type=live} with the meetings it is told are live, 300 a page,
 * {@code type=past} with none (no bench meeting ends), and 404
 * "meeting does not exist" for everything else (a QoS or participants call for a bench meeting
 * counts whatever it is answered). Each request is kept with its arrival time and kind.
 */
final class CountingZoomStub implements AutoCloseable {

    record Call(long epochMillis, String kind, String path) {
    }

    private final DisposableServer server;
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private volatile List<String[]> live = List.of();

    CountingZoomStub() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> {
                    String uri = request.uri();
                    String kind = kind(uri);
                    calls.add(new Call(System.currentTimeMillis(), kind, uri));
                    String body;
                    int status = 200;
                    if (kind.equals("token")) {
                        body = "{\"access_token\":\"bench-token\",\"token_type\":\"bearer\",\"expires_in\":3600,"
                                + "\"scope\":\"dashboard:read:admin\"}";
                    } else if (kind.equals("list meetings") && uri.contains("type=past")) {
                        // No bench meeting has ended: past reconciliation finds nothing to end.
                        body = "{\"page_size\":300,\"total_records\":0,\"next_page_token\":\"\",\"meetings\":[]}";
                    } else if (kind.equals("list meetings")) {
                        body = livePage(uri);
                    } else {
                        status = 404;
                        body = "{\"code\":3001,\"message\":\"Meeting does not exist.\"}";
                    }
                    return response.status(status).header("content-type", "application/json")
                            .sendString(Mono.just(body), StandardCharsets.UTF_8).then();
                })
                .bindNow();
    }

    /** {@code [uuid, id, topic, startTime]} of each meeting List meetings shows live from now on. */
    void live(List<String[]> meetings) {
        live = List.copyOf(meetings);
    }

    String apiUrl() {
        return "http://127.0.0.1:" + server.port() + "/v2";
    }

    String oauthUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Calls by kind received in [from, to) (epoch ms). */
    Map<String, Long> counts(long from, long to) {
        Map<String, Long> out = new TreeMap<>();
        for (Call c : calls) {
            if (c.epochMillis >= from && c.epochMillis < to) {
                out.merge(c.kind, 1L, Long::sum);
            }
        }
        return out;
    }

    /** The first {@code n} calls of {@code kind}, for a report that should have none. */
    List<Call> first(String kind, int n) {
        return calls.stream().filter(c -> c.kind.equals(kind)).limit(n).toList();
    }

    static String kind(String uri) {
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        if (path.endsWith("/oauth/token")) {
            return "token";
        }
        if (path.endsWith("/metrics/meetings")) {
            return "list meetings";
        }
        if (path.contains("/qos")) {
            return "meeting QoS";
        }
        if (path.contains("/participants")) {
            return "meeting participants";
        }
        return "other";
    }

    private String livePage(String uri) {
        List<String[]> all = live;
        int from = 0;
        int at = uri.indexOf("next_page_token=");
        if (at >= 0) {
            String token = uri.substring(at + "next_page_token=".length()).split("&")[0];
            from = token.isEmpty() ? 0 : Integer.parseInt(token);
        }
        int to = Math.min(all.size(), from + 300);
        StringBuilder b = new StringBuilder("{\"page_size\":300,\"total_records\":").append(all.size())
                .append(",\"next_page_token\":\"").append(to < all.size() ? Integer.toString(to) : "")
                .append("\",\"meetings\":[");
        for (int i = from; i < to; i++) {
            String[] m = all.get(i);
            b.append(i > from ? "," : "").append("{\"uuid\":\"").append(m[0]).append("\",\"id\":").append(m[1])
                    .append(",\"topic\":\"").append(m[2]).append("\",\"start_time\":\"").append(m[3])
                    .append("\",\"participants\":8}");
        }
        return b.append("]}").toString();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
