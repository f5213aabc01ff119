package io.zoomqos.collector.store;

import io.zoomqos.collector.qos.ParticipantInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Read API of a meeting's participants and summary (the samples are {@link QosSamplesHandler}'s).
 * Meeting UUIDs may hold {@code /}, {@code +} and {@code =}: clients URL-encode them once
 * ({@code %2F}, {@code %2B}, {@code %3D}); the path variable is decoded.
 */
@RestController
@RequestMapping("/api/v1/meetings/{uuid}")
class MeetingQosController {

    /** A participant as listed by Zoom, with its stored summary (null until computed). */
    record ParticipantView(String participantKey, String userId, String participantUuid, String userName, String device,
                           String location, String networkType, Instant joinTime, Instant leaveTime, String clientVersion,
                           ParticipantSummary summary) {
    }

    record ParticipantsResponse(String meetingUuid, List<ParticipantView> participants) {
    }

    private final SampleReader reader;
    private final ParticipantRepository participants;
    private final Summaries summaries;

    MeetingQosController(SampleReader reader, ParticipantRepository participants, Summaries summaries) {
        this.reader = reader;
        this.participants = participants;
        this.summaries = summaries;
    }

    @GetMapping("/participants")
    Mono<ParticipantsResponse> participants(@PathVariable String uuid) {
        return known(uuid).then(Mono.zip(participants.findByMeeting(uuid).collectList(), summaries.participantSummaries(uuid)))
                .map(t -> {
                    Map<String, ParticipantSummary> bySummary = new LinkedHashMap<>(t.getT2());
                    List<ParticipantView> views = new ArrayList<>();
                    for (ParticipantInfo p : t.getT1()) {
                        views.add(new ParticipantView(p.participantKey(), p.userId(), p.participantUuid(), p.userName(),
                                p.device(), p.location(), p.networkType(), p.joinTime(), p.leaveTime(), p.clientVersion(),
                                bySummary.remove(p.participantKey())));
                    }
                    // Minutes can arrive before the participant list: still show who they belong to.
                    bySummary.values().stream()
                            .sorted((a, b) -> a.participantKey().compareTo(b.participantKey()))
                            .forEach(s -> views.add(new ParticipantView(s.participantKey(), null, null, null, null, null, null,
                                    null, null, null, s)));
                    return new ParticipantsResponse(uuid, views);
                });
    }

    /** The stored summary; before the first computation, zeros with a null {@code computedAt}. */
    @GetMapping("/summary")
    Mono<MeetingSummary> summary(@PathVariable String uuid) {
        return known(uuid).then(summaries.meetingSummary(uuid)
                .defaultIfEmpty(new MeetingSummary(uuid, 0, 0, 0, 0, null, List.of())));
    }

    @ExceptionHandler(ErrorResponseException.class)
    ResponseEntity<ProblemDetail> problem(ErrorResponseException e) {
        return ResponseEntity.status(e.getStatusCode()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(e.getBody());
    }

    private Mono<Void> known(String uuid) {
        return QosParameters.known(reader, uuid);
    }

}
