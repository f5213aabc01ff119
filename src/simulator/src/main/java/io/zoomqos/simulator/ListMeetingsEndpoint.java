package io.zoomqos.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Dashboard List meetings (docs/zoom-api.md 1.5), {@code GET /metrics/meetings}: {@code type=live},
 * the account's meetings in progress, one page; {@code type=past}, see {@link #past}.
 * Resource-intensive: its own per-minute limit first (both types), then the shared daily pool and
 * per-second window like the Heavy calls.
 */
final class ListMeetingsEndpoint {

    /** Zoom's range format (docs/zoom-api.md 1.5, the 2023 snapshot), read as UTC; a bare date also works. */
    private static final DateTimeFormatter RANGE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final MeetingPopulation population;
    private final SimulatedClock clock;
    private final RateLimits limits;
    private final Paging paging;
    private final Duration pastDataDelay;

    ListMeetingsEndpoint(MeetingPopulation population, SimulatedClock clock, RateLimits limits, Paging paging,
                         Duration pastDataDelay) {
        this.population = population;
        this.clock = clock;
        this.limits = limits;
        this.paging = paging;
        this.pastDataDelay = pastDataDelay;
    }

    Outcome answer(String accountId, Map<String, String> params, Instant realNow, Instant simNow) {
        String type = params.getOrDefault("type", "live");
        if (!"live".equals(type) && !"past".equals(type)) {
            return Outcome.answered(accountId, SimResponse.error(400, 300, "Only type=live and type=past are simulated"));
        }
        SimResponse perMinute = limits.admitListMeetings(accountId, realNow);
        if (perMinute != null) {
            return new Outcome(accountId, perMinute, "per-minute");
        }
        RateLimits.Admission admission = limits.admitHeavy(accountId, realNow, simNow);
        if (admission.rejection() != null) {
            return new Outcome(accountId, admission.rejection(), admission.limitType());
        }
        SimResponse answer = "past".equals(type) ? past(accountId, params, simNow) : live(accountId, simNow);
        return Outcome.answered(accountId, answer.withHeaders(admission.headers()));
    }

    private SimResponse live(String accountId, Instant simNow) {
        List<Map<String, Object>> live = new ArrayList<>();
        for (SimMeeting m : startedMeetings()) {
            if (m.accountId().equals(accountId) && !m.start().isAfter(simNow) && m.end().isAfter(simNow)) {
                Map<String, Object> item = meetingItem(m);
                item.put("participants", (int) m.participants().stream()
                        .filter(p -> !p.join().isAfter(simNow) && p.leave().isAfter(simNow)).count());
                live.add(item);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page_size", 300);
        body.put("total_records", live.size());
        body.put("next_page_token", "");
        body.put("meetings", live);
        return SimResponse.ok(Json.write(body));
    }

    /**
     * {@code type=past}: the account's meetings ended by {@code simNow} and indexed
     * ({@code pastDataDelay} after their end, like their QoS), whose end time ({@code query_date_type=end_time})
     * or start time (default) lies in {@code [from, to]}; {@code from} and {@code to} required, at most
     * 31 days apart; ordered by that time, {@code page_size} default 30 max 300, paged by
     * {@code next_page_token} (400/300 when expired or foreign).
     */
    private SimResponse past(String accountId, Map<String, String> params, Instant simNow) {
        Instant from = rangeBound(params.get("from"), false);
        Instant to = rangeBound(params.get("to"), true);
        if (from == null || to == null || to.isBefore(from) || Duration.between(from, to).compareTo(Duration.ofDays(31)) > 0) {
            return SimResponse.error(400, 300, "Invalid field: from/to.");
        }
        String dateType = params.getOrDefault("query_date_type", "start_time");
        if (!dateType.equals("start_time") && !dateType.equals("end_time")) {
            return SimResponse.error(400, 300, "Invalid field: query_date_type.");
        }
        Integer pageSize = Paging.pageSize(params, 30, 300);
        if (pageSize == null) {
            return SimResponse.error(400, 300, "Invalid field: page_size.");
        }
        // The query is the listing: a token is valid only for the same account and query.
        Paging.Listing pages = new Paging.Listing(accountId, "past|" + dateType + "|" + from + "|" + to,
                "LIST_MEETINGS", "past");
        Integer offset = paging.offset(params, pages, simNow);
        if (offset == null) {
            return Paging.invalidToken();
        }
        Function<SimMeeting, Instant> key = dateType.equals("end_time") ? SimMeeting::end : SimMeeting::start;
        List<SimMeeting> matching = startedMeetings().stream()
                .filter(m -> m.accountId().equals(accountId) && m.pastAvailableAt(simNow, pastDataDelay))
                .filter(m -> !key.apply(m).isBefore(from) && !key.apply(m).isAfter(to))
                .sorted(Comparator.comparing(key).thenComparing(SimMeeting::uuid))
                .toList();
        int total = matching.size();
        int end = Math.min(total, offset + pageSize);
        List<Map<String, Object>> page = new ArrayList<>();
        for (SimMeeting m : offset >= total ? List.<SimMeeting>of() : matching.subList(offset, end)) {
            Map<String, Object> item = meetingItem(m);
            item.put("end_time", m.end().toString());
            item.put("participants", m.participants().size());
            page.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", params.get("from"));
        body.put("to", params.get("to"));
        body.put("page_size", pageSize);
        body.put("total_records", total);
        body.put("next_page_token", end < total ? paging.next(pages, end, simNow) : "");
        body.put("meetings", page);
        return SimResponse.ok(Json.write(body));
    }

    /** What both types list of a meeting; each adds its own fields after these. */
    private static Map<String, Object> meetingItem(SimMeeting m) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("uuid", m.uuid());
        item.put("id", m.meetingId());
        item.put("topic", m.topic());
        item.put("start_time", m.start().toString());
        return item;
    }

    /** The started meetings as the ground truth shows them at this moment (not at the request's arrival). */
    private List<SimMeeting> startedMeetings() {
        return population.startedBy(clock.instant());
    }

    /** {@code yyyy-MM-dd HH:mm:ss} (UTC), or a bare date: its start ({@code from}) or its last second ({@code to}). */
    private static @Nullable Instant rangeBound(@Nullable String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.trim().length() == 10) {
                LocalDate d = LocalDate.parse(value.trim());
                return endOfDay ? d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(1)
                        : d.atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return LocalDateTime.parse(value.trim(), RANGE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
