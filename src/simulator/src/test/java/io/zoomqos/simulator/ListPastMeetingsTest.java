package io.zoomqos.simulator;

import static io.zoomqos.simulator.SimFixtures.ACCOUNT;
import static io.zoomqos.simulator.SimFixtures.ACCOUNTS;
import static io.zoomqos.simulator.SimFixtures.START;
import static io.zoomqos.simulator.SimFixtures.get;
import static io.zoomqos.simulator.SimFixtures.json;
import static io.zoomqos.simulator.SimFixtures.token;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Dashboard List meetings type=past: the account's ended meetings by end (or start) time, paged, under the same per-minute limit. */
class ListPastMeetingsTest {

    private static final DateTimeFormatter RANGE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String PATH = "/v2/metrics/meetings";

    private final MutableClock real = new MutableClock(START);
    private final SimulatedZoom zoom = new SimulatedZoom(SimFixtures.small().perSecondLimit(1_000).build(), ACCOUNTS, real);
    private final String bearer = token(zoom, ACCOUNT);

    @Test
    void listsEveryEndedMeetingOfTheAccountByEndTimeOverSeveralPages() {
        real.advance(Duration.ofMinutes(55)); // all ended (10 min of starts, 40 min at most) and indexed (2 min)

        List<String> listed = walk(START, START.plus(Duration.ofHours(2)), 3);

        List<SimMeeting> expected = zoom.groundTruth().meetings().stream().filter(m -> m.accountId().equals(ACCOUNT))
                .sorted(Comparator.comparing(SimMeeting::end).thenComparing(SimMeeting::uuid)).toList();
        assertThat(expected).hasSizeGreaterThan(3);
        assertThat(listed).containsExactlyElementsOf(expected.stream().map(SimMeeting::uuid).toList());
    }

    @Test
    void listsOnlyTheMeetingsEndedInTheRangeAndIndexed() {
        real.advance(Duration.ofMinutes(46).plusSeconds(30)); // the fixture's last meeting ended 30 s ago
        Instant now = zoom.clock().instant();
        Instant from = now.minus(Duration.ofMinutes(8));

        List<String> listed = walk(from, now, 300);

        List<String> expected = zoom.groundTruth().meetings().stream()
                .filter(m -> m.accountId().equals(ACCOUNT) && !m.end().isBefore(from)
                        && !m.end().plus(Duration.ofMinutes(2)).isAfter(now))
                .sorted(Comparator.comparing(SimMeeting::end).thenComparing(SimMeeting::uuid)).map(SimMeeting::uuid).toList();
        assertThat(listed).containsExactlyElementsOf(expected).isNotEmpty();
        // A meeting that ended less than pastDataDelay ago is not listed yet, as Zoom indexes it late.
        assertThat(zoom.groundTruth().meetings()).anyMatch(m -> m.accountId().equals(ACCOUNT) && m.end().isBefore(now)
                && m.end().plus(Duration.ofMinutes(2)).isAfter(now) && !listed.contains(m.uuid()));
    }

    @Test
    void aPageTokenServesOnlyItsOwnQueryAndARangeIsRequired() {
        real.advance(Duration.ofMinutes(55));
        SimResponse first = get(zoom, bearer, PATH, "type", "past", "query_date_type", "end_time", "page_size", "1",
                "from", RANGE.format(START), "to", RANGE.format(START.plus(Duration.ofHours(2))));
        String token = json(first).get("next_page_token").asString();
        assertThat(token).isNotEmpty();

        SimResponse other = get(zoom, bearer, PATH, "type", "past", "query_date_type", "end_time", "page_size", "1",
                "from", RANGE.format(START.plus(Duration.ofMinutes(1))), "to", RANGE.format(START.plus(Duration.ofHours(2))),
                "next_page_token", token);
        assertThat(other.status()).isEqualTo(400);
        assertThat(get(zoom, bearer, PATH, "type", "past").status()).isEqualTo(400);
        assertThat(get(zoom, bearer, PATH, "type", "past", "from", "2025-01-01", "to", "2025-03-10").status())
                .as("more than a month").isEqualTo(400);
    }

    @Test
    void pastAndLiveListingsShareTheListMeetingsPerMinuteLimit() {
        SimulatedZoom limited = new SimulatedZoom(SimFixtures.small().perSecondLimit(1_000).listMeetingsPerMinute(2).build(),
                ACCOUNTS, real);
        String b = token(limited, ACCOUNT);
        String from = RANGE.format(START);
        String to = RANGE.format(START.plus(Duration.ofHours(1)));

        assertThat(get(limited, b, PATH, "type", "live").status()).isEqualTo(200);
        assertThat(get(limited, b, PATH, "type", "past", "from", from, "to", to).status()).isEqualTo(200);
        assertThat(get(limited, b, PATH, "type", "past", "from", from, "to", to).status()).isEqualTo(429);
        real.advance(Duration.ofSeconds(61));
        assertThat(get(limited, b, PATH, "type", "past", "from", from, "to", to).status()).isEqualTo(200);
    }

    private List<String> walk(Instant from, Instant to, int pageSize) {
        List<String> uuids = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            SimResponse r = get(zoom, bearer, PATH, "type", "past", "query_date_type", "end_time",
                    "page_size", String.valueOf(pageSize), "from", RANGE.format(from), "to", RANGE.format(to),
                    "next_page_token", token);
            assertThat(r.status()).isEqualTo(200);
            JsonNode body = json(r);
            for (JsonNode m : body.get("meetings")) {
                uuids.add(m.get("uuid").asString());
                assertThat(m.get("end_time").asString()).isNotBlank();
            }
            token = body.get("next_page_token").asString();
            pages++;
        } while (!token.isEmpty());
        assertThat(pages).isGreaterThanOrEqualTo(uuids.size() / pageSize);
        return uuids;
    }
}
