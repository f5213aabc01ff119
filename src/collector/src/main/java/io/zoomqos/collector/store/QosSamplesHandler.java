package io.zoomqos.collector.store;

import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.qos.StreamMetrics;
import io.zoomqos.collector.qos.StreamKind;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/meetings/{uuid}/qos}: a meeting's participant-minutes, keyset-paged as JSON
 * or streamed as CSV ({@code Accept: text/csv} or {@code ?format=csv}). A functional handler
 * because one route answers with either a page object or a streamed CSV body.
 *
 * <p>JSON: {@code limit} rows (default 100, 1..1000) ordered by (minute, participant key), with
 * {@code next} to pass as {@code after} for the following page (absent on the last page).
 * CSV: every row matching {@code participant}/{@code from}/{@code to} after {@code after},
 * fetched from PostgreSQL 1,000 rows at a time as the client reads; {@code limit} is not applied.
 */
final class QosSamplesHandler {

    static final int CSV_PAGE = 1000;

    /** One participant-minute; {@code streams} is keyed by Zoom's stream name and holds only reported streams. */
    record SampleView(long id, String participantKey, Instant minute, Map<String, StreamMetrics> streams, CpuMetrics cpu) {
    }

    record SamplePage(String meetingUuid, List<SampleView> items, String next) {
    }

    private final SampleReader reader;

    QosSamplesHandler(SampleReader reader) {
        this.reader = reader;
    }

    Mono<ServerResponse> samples(ServerRequest request) {
        String uuid = request.pathVariable("uuid");
        return Mono.defer(() -> {
            boolean csv = QosParameters.wantsCsv(request.queryParam("format").orElse(null),
                    request.headers().firstHeader(HttpHeaders.ACCEPT));
            SampleQuery query = QosParameters.query(uuid, request.queryParam("participant").orElse(null),
                    request.queryParam("from").orElse(null), request.queryParam("to").orElse(null),
                    request.queryParam("limit").orElse(null), request.queryParam("after").orElse(null));
            return QosParameters.known(reader, uuid).then(csv ? csv(query) : json(query));
        }).onErrorResume(ErrorResponseException.class, e -> ServerResponse.status(e.getStatusCode())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(e.getBody()));
    }

    private Mono<ServerResponse> csv(SampleQuery query) {
        Flux<String> body = Flux.concat(Flux.just(SampleCsv.HEADER),
                reader.all(query, CSV_PAGE).map(s -> SampleCsv.row(s.sample())));
        return ServerResponse.ok()
                .contentType(QosParameters.TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"qos.csv\"")
                .body(body, String.class);
    }

    private Mono<ServerResponse> json(SampleQuery query) {
        // One row more than asked says whether a next page exists, without a count query.
        return reader.page(new SampleQuery(query.meetingUuid(), query.participantKey(), query.from(), query.to(),
                        query.after(), query.limit() + 1)).collectList()
                .flatMap(rows -> {
                    boolean more = rows.size() > query.limit();
                    List<StoredSample> page = more ? rows.subList(0, query.limit()) : rows;
                    String next = more ? SampleCursor.of(page.get(page.size() - 1).sample()).encode() : null;
                    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(new SamplePage(query.meetingUuid(), page.stream().map(QosSamplesHandler::view).toList(), next));
                });
    }

    private static SampleView view(StoredSample s) {
        Map<String, StreamMetrics> streams = new LinkedHashMap<>();
        for (StreamKind kind : StreamKind.values()) {
            StreamMetrics m = s.sample().stream(kind);
            if (!m.isAbsent()) {
                streams.put(kind.zoomName(), m);
            }
        }
        return new SampleView(s.id(), s.sample().participantKey(), s.sample().minute(), streams, s.sample().cpu());
    }
}
