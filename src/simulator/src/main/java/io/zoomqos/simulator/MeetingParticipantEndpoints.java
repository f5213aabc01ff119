package io.zoomqos.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Dashboard endpoints under {@code /metrics/meetings/{meeting}/participants} (docs/zoom-api.md):
 * the participants, their QoS, and one participant's QoS, of a live or past meeting instance.
 * Answers only; the caller checks the token and the rate limits first.
 *
 * <p>Where Zoom's documentation is silent: {@code type=live} answers for started, not yet ended
 * meetings with the full minute history so far, and 404/3001 for an ended one; {@code type=past}
 * is 404/3001 until {@code end + pastDataDelay}. A UUID containing {@code /} must arrive
 * double-encoded; single-encoded it resolves to nothing (404/3001), as a slash in a path would.
 */
final class MeetingParticipantEndpoints {

    /** The list endpoints, by what each item holds. */
    enum Listing {
        /** {@code .../participants}: who joined, from when to when. */
        PARTICIPANTS,
        /** {@code .../participants/qos}: every participant's QoS minutes. */
        PARTICIPANTS_QOS
    }

    private final MeetingPopulation population;
    private final Paging paging;
    private final QosGenerator qos;
    private final Duration pastDataDelay;

    MeetingParticipantEndpoints(MeetingPopulation population, Paging paging, QosGenerator qos, Duration pastDataDelay) {
        this.population = population;
        this.paging = paging;
        this.qos = qos;
        this.pastDataDelay = pastDataDelay;
    }

    /** One page of a list endpoint; {@code page_size} default 30 max 300 for participants, default 1 max 10 for QoS. */
    SimResponse list(Listing listing, String accountId, String rawMeeting, Map<String, String> params, Instant now) {
        boolean participants = listing == Listing.PARTICIPANTS;
        String type = params.getOrDefault("type", "live");
        if (!type.equals("live") && !type.equals("past") && !(participants && type.equals("pastOne"))) {
            return SimResponse.error(400, 300, "Invalid field: type.");
        }
        Integer pageSize = participants ? Paging.pageSize(params, 30, 300) : Paging.pageSize(params, 1, 10);
        if (pageSize == null) {
            return SimResponse.error(400, 300, "Invalid field: page_size.");
        }
        Resolved resolved = resolve(accountId, rawMeeting, type.startsWith("past") ? "past" : "live", now);
        if (resolved.error() != null) {
            return resolved.error();
        }
        SimMeeting m = resolved.meeting();
        Paging.Listing pages = new Paging.Listing(accountId, m.uuid(), listing.name(), type);
        Integer offset = paging.offset(params, pages, now);
        if (offset == null) {
            return Paging.invalidToken();
        }
        List<SimParticipant> visible = m.participants().stream().filter(p -> !p.join().isAfter(now)).toList();
        int total = visible.size();
        int to = Math.min(total, offset + pageSize);
        List<SimParticipant> page = offset >= total ? List.of() : visible.subList(offset, to);
        String next = to < total ? paging.next(pages, to, now) : "";

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page_count", (total + pageSize - 1) / pageSize);
        body.put("page_size", pageSize);
        body.put("total_records", total);
        body.put("next_page_token", next);
        body.put("participants", page.stream().map(p -> participants
                ? ZoomRenderer.participant(m, p, now)
                : ZoomRenderer.participantQos(p, now, qos.samples(m, p, now))).toList());
        return SimResponse.ok(Json.write(body));
    }

    /** {@code .../participants/{participantId}/qos}: one participant who has joined by {@code now}. */
    SimResponse single(String accountId, String rawMeeting, String participantId, Map<String, String> params,
                       Instant now) {
        String type = params.getOrDefault("type", "live");
        if (!type.equals("live") && !type.equals("past")) {
            return SimResponse.error(400, 300, "Invalid field: type.");
        }
        Resolved resolved = resolve(accountId, rawMeeting, type, now);
        if (resolved.error() != null) {
            return resolved.error();
        }
        SimMeeting m = resolved.meeting();
        Optional<SimParticipant> p = m.participant(participantId).filter(x -> !x.join().isAfter(now));
        if (p.isEmpty()) {
            return SimResponse.error(404, 3001, "Participant does not exist: " + participantId + ".");
        }
        return SimResponse.ok(Json.write(ZoomRenderer.participantQos(p.get(), now, qos.samples(m, p.get(), now))));
    }

    /** Either the meeting or the 404 to answer. */
    private record Resolved(@Nullable SimMeeting meeting, @Nullable SimResponse error) {
    }

    /** The account's meeting instance the path names, if {@code type} can be answered for it at {@code now}. */
    private Resolved resolve(String accountId, String rawMeeting, String type, Instant now) {
        String id = PathSegments.meetingId(rawMeeting);
        SimMeeting m = population.find(accountId, id, now);
        if (m == null || !m.accountId().equals(accountId) || !m.startedBy(now)) {
            return notFound("Meeting does not exist: " + (id == null ? rawMeeting : id) + ".");
        }
        if (type.equals("live") && m.endedBy(now)) {
            return notFound("The meeting is not live: " + id + ".");
        }
        if (type.equals("past") && !m.endedBy(now)) {
            return notFound("The meeting has not ended yet.");
        }
        if (type.equals("past") && !m.pastAvailableAt(now, pastDataDelay)) {
            return notFound("Meeting detail is not available yet.");
        }
        return new Resolved(m, null);
    }

    private static Resolved notFound(String message) {
        return new Resolved(null, SimResponse.error(404, 3001, message));
    }
}
