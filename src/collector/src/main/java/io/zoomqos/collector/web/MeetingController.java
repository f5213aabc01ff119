package io.zoomqos.collector.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.qos.ParticipantInfo;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.StreamMetrics;
import io.zoomqos.collector.store.Meeting;
import io.zoomqos.collector.store.MeetingRepository;
import io.zoomqos.collector.store.MeetingSummary;
import io.zoomqos.collector.store.ParticipantRepository;
import io.zoomqos.collector.store.ParticipantSummary;
import io.zoomqos.collector.store.SampleCsv;
import io.zoomqos.collector.store.SampleCursor;
import io.zoomqos.collector.store.SampleQuery;
import io.zoomqos.collector.store.SampleReader;
import io.zoomqos.collector.store.StoredSample;
import io.zoomqos.collector.store.Summaries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The read API of meetings: the list, one meeting, its participants, its summary and its
 * participant-minutes (JSON pages or streamed CSV).
 *
 * <p>Meeting UUIDs may hold {@code /}, {@code +} and {@code =}: clients URL-encode them once
 * ({@code %2F}, {@code %2B}, {@code %3D}); WebFlux matches the encoded segment and decodes the
 * variable, so {@code /Uh2n..==} arrives intact.
 */
@RestController
@RequestMapping(path = "/api/v1/meetings")
@Tag(name = "meetings", description = "Meetings, participants, summaries and QoS samples")
class MeetingController {

    static final int CSV_PAGE = 1000;

    /** A participant as listed by Zoom, with its stored summary (null until computed). */
    record ParticipantView(String participantKey, @Nullable String userId, @Nullable String participantUuid,
                           @Nullable String userName, @Nullable String device, @Nullable String location,
                           @Nullable String networkType, @Nullable Instant joinTime, @Nullable Instant leaveTime,
                           @Nullable String clientVersion, @Nullable ParticipantSummary summary) {
    }

    record ParticipantsResponse(String meetingUuid, List<ParticipantView> participants) {
    }

    /** One participant-minute; {@code streams} is keyed by Zoom's stream name and holds only reported streams. */
    record SampleView(long id, String participantKey, Instant minute, Map<String, StreamMetrics> streams, CpuMetrics cpu) {
    }

    record SamplePage(String meetingUuid, List<SampleView> items,
                      @Schema(description = "cursor of the next page, to pass as after; absent on the last page")
                      @Nullable String next) {
    }

    private final MeetingRepository meetings;
    private final SampleReader reader;
    private final ParticipantRepository participants;
    private final Summaries summaries;
    private final PersonalData personalData;

    MeetingController(MeetingRepository meetings, SampleReader reader, ParticipantRepository participants,
                      Summaries summaries, PersonalData personalData) {
        this.meetings = meetings;
        this.reader = reader;
        this.participants = participants;
        this.summaries = summaries;
        this.personalData = personalData;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Meetings, filtered by state and account")
    Mono<List<Meeting>> list(
            @Parameter(description = "live or ended; absent: both") @RequestParam(required = false) @Nullable String state,
            @Parameter(description = "Zoom account id") @RequestParam(required = false) @Nullable String account,
            @Parameter(description = "1..1000, default 100") @RequestParam(required = false) @Nullable String limit,
            ServerWebExchange exchange) {
        return Mono.defer(() -> meetings.find(QosParameters.state(state), account == null || account.isBlank() ? null : account,
                        QosParameters.meetingLimit(limit)).collectList())
                .zipWith(personalData.reader(exchange), (list, reader) -> list.stream().map(reader::meeting).toList());
    }

    @GetMapping(path = "/{uuid}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "One meeting (hostId: a pseudonym without scope qos.read.pii)")
    Mono<Meeting> one(@PathVariable String uuid, ServerWebExchange exchange) {
        return meetings.findByUuid(uuid).switchIfEmpty(Mono.error(() -> ApiProblems.problem(HttpStatus.NOT_FOUND,
                "Meeting not found", "no meeting with uuid " + uuid)))
                .zipWith(personalData.reader(exchange), (m, reader) -> reader.meeting(m));
    }

    /**
     * Names, user ids, participant UUIDs, devices and locations are omitted without scope
     * {@code qos.read.pii}, and participant keys (built from user ids, names, e-mails) are pseudonyms.
     */
    @GetMapping(path = "/{uuid}/participants", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A meeting's participants, each with its summary (names, ids, devices, locations: scope qos.read.pii;"
            + " without it participant keys are pseudonyms)")
    Mono<ParticipantsResponse> participants(@PathVariable String uuid, ServerWebExchange exchange) {
        return known(uuid).then(Mono.zip(participants.findByMeeting(uuid).collectList(), summaries.participantSummaries(uuid),
                        personalData.reader(exchange)))
                .map(t -> {
                    Map<String, ParticipantSummary> bySummary = new LinkedHashMap<>(t.getT2());
                    PersonalData.Reader reader = t.getT3();
                    List<ParticipantView> views = new ArrayList<>();
                    for (ParticipantInfo p : t.getT1()) {
                        ParticipantSummary summary = bySummary.remove(p.participantKey());
                        views.add(new ParticipantView(reader.participantKey(p.participantKey()), reader.personal(p.userId()),
                                reader.personal(p.participantUuid()), reader.personal(p.userName()), reader.personal(p.device()),
                                reader.personal(p.location()), p.networkType(), p.joinTime(), p.leaveTime(), p.clientVersion(),
                                summary == null ? null : reader.summary(summary)));
                    }
                    // Minutes can arrive before the participant list: still show who they belong to.
                    bySummary.values().stream()
                            .sorted((a, b) -> a.participantKey().compareTo(b.participantKey()))
                            .forEach(s -> views.add(new ParticipantView(reader.participantKey(s.participantKey()), null, null, null,
                                    null, null, null, null, null, null, reader.summary(s))));
                    return new ParticipantsResponse(uuid, views);
                });
    }

    /** The stored summary; before the first computation, zeros with a null {@code computedAt}. */
    @GetMapping(path = "/{uuid}/summary", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A meeting's summary (zeros until first computed)")
    Mono<MeetingSummary> summary(@PathVariable String uuid) {
        return known(uuid).then(summaries.meetingSummary(uuid)
                .defaultIfEmpty(new MeetingSummary(uuid, 0, 0, 0, 0, null, List.of())));
    }

    /**
     * JSON: {@code limit} rows (default 100, 1..1000) ordered by (minute, participant key), with
     * {@code next} to pass as {@code after} for the following page (absent on the last page).
     *
     * <p>Four mappings share the path, because one answer is a page object and the other a
     * streamed CSV body: {@code format=csv} and ({@code Accept: text/csv} without {@code format})
     * are CSV; without {@code format}, JSON is chosen for {@code application/json}, {@code *}{@code /*}
     * or no {@code Accept} (its {@code *}{@code /*} producible type makes it win those over the CSV
     * mapping); any other {@code format} is JSON or a 400, whatever {@code Accept} says.
     */
    @GetMapping(path = "/{uuid}/qos", params = "!format", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE})
    @Operation(summary = "A meeting's participant-minutes, keyset-paged (CSV: format=csv or Accept: text/csv)",
            parameters = @Parameter(name = "format", in = ParameterIn.QUERY, description = "json or csv; wins over Accept",
                    schema = @Schema(allowableValues = {"json", "csv"})))
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = SamplePage.class)),
            @Content(mediaType = "text/csv", schema = @Schema(type = "string"))})
    Mono<ResponseEntity<SamplePage>> samples(@PathVariable String uuid,
            @Parameter(description = "a participant key as this caller gets it (a pseudonym without qos.read.pii)")
            @RequestParam(required = false) @Nullable String participant,
            @Parameter(description = "ISO-8601 with offset, inclusive") @RequestParam(required = false) @Nullable String from,
            @Parameter(description = "ISO-8601 with offset, exclusive") @RequestParam(required = false) @Nullable String to,
            @Parameter(description = "JSON page size, 1..1000, default 100") @RequestParam(required = false) @Nullable String limit,
            @Parameter(description = "next of the previous page") @RequestParam(required = false) @Nullable String after,
            ServerWebExchange exchange) {
        return samplesJson(uuid, null, participant, from, to, limit, after, exchange);
    }

    /** {@code format} other than {@code csv}: JSON for {@code json} (any case), else a 400. */
    @GetMapping(path = "/{uuid}/qos", params = {"format", "format!=csv"})
    @Operation(hidden = true)
    Mono<ResponseEntity<SamplePage>> samplesJson(@PathVariable String uuid,
            @RequestParam(required = false) @Nullable String format,
            @RequestParam(required = false) @Nullable String participant,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(required = false) @Nullable String after,
            ServerWebExchange exchange) {
        return Mono.defer(() -> {
            if (format != null && QosParameters.wantsCsv(format, null)) {
                // Only a lower-case format=csv reaches the CSV mapping (parameter conditions are exact).
                throw ApiProblems.badRequest("format", "format must be json or csv, in lower case");
            }
            SampleQuery query = QosParameters.query(uuid, participant, from, to, limit, after);
            return known(uuid).then(personalData.reader(exchange)).flatMap(reader -> json(query, reader));
        });
    }

    /** CSV: every row matching {@code participant}/{@code from}/{@code to} after {@code after}, read 1,000 rows at a time as the client reads. */
    @GetMapping(path = "/{uuid}/qos", params = "format=csv")
    @Operation(hidden = true)
    Mono<ResponseEntity<Flux<String>>> samplesCsv(@PathVariable String uuid,
            @RequestParam(required = false) @Nullable String participant,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String after,
            ServerWebExchange exchange) {
        return Mono.defer(() -> {
            SampleQuery query = QosParameters.query(uuid, participant, from, to, null, after);
            return known(uuid).then(personalData.reader(exchange)).map(reader -> csv(query, reader));
        });
    }

    /** {@code Accept: text/csv} without a {@code format} parameter. */
    @GetMapping(path = "/{uuid}/qos", params = "!format", produces = "text/csv")
    @Operation(hidden = true)
    Mono<ResponseEntity<Flux<String>>> samplesCsvByAccept(@PathVariable String uuid,
            @RequestParam(required = false) @Nullable String participant,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String after,
            ServerWebExchange exchange) {
        return samplesCsv(uuid, participant, from, to, after, exchange);
    }

    private ResponseEntity<Flux<String>> csv(SampleQuery asked, PersonalData.Reader caller) {
        Flux<String> body = Flux.concat(Flux.just(SampleCsv.HEADER),
                reader.all(caller.query(asked), CSV_PAGE).map(s -> SampleCsv.row(caller.sample(s.sample()))));
        return ResponseEntity.ok()
                .contentType(QosParameters.TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"qos.csv\"")
                .body(body);
    }

    private Mono<ResponseEntity<SamplePage>> json(SampleQuery asked, PersonalData.Reader caller) {
        SampleQuery query = caller.query(asked);
        // One row more than asked says whether a next page exists, without a count query.
        return reader.page(new SampleQuery(query.meetingUuid(), query.participantKey(), query.from(), query.to(),
                        query.after(), query.limit() + 1)).collectList()
                .map(rows -> {
                    boolean more = rows.size() > query.limit();
                    List<StoredSample> page = more ? rows.subList(0, query.limit()) : rows;
                    // The cursor holds a participant key: as the caller sees it.
                    String next = more ? SampleCursor.of(caller.sample(page.get(page.size() - 1).sample())).encode() : null;
                    // Set, not negotiated: format=json wins over an Accept: text/csv.
                    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                            .body(new SamplePage(query.meetingUuid(), page.stream().map(s -> view(s, caller)).toList(), next));
                });
    }

    private static SampleView view(StoredSample s, PersonalData.Reader caller) {
        Map<String, StreamMetrics> streams = new LinkedHashMap<>();
        for (StreamKind kind : StreamKind.values()) {
            StreamMetrics m = s.sample().stream(kind);
            if (!m.isAbsent()) {
                streams.put(kind.zoomName(), m);
            }
        }
        return new SampleView(s.id(), caller.participantKey(s.sample().participantKey()), s.sample().minute(), streams,
                s.sample().cpu());
    }

    private Mono<Void> known(String uuid) {
        return QosParameters.known(reader, uuid);
    }
}
