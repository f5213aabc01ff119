package io.zoomqos.simulator;

import static io.zoomqos.simulator.SimFixtures.ACCOUNT;
import static io.zoomqos.simulator.SimFixtures.ACCOUNTS;
import static io.zoomqos.simulator.SimFixtures.START;
import static io.zoomqos.simulator.SimFixtures.get;
import static io.zoomqos.simulator.SimFixtures.json;
import static io.zoomqos.simulator.SimFixtures.token;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Dashboard List meetings type=live: the live meetings of the account, and its own per-minute limit. */
class ListMeetingsTest {

    private final MutableClock real = new MutableClock(START);

    @Test
    void listsExactlyTheAccountsMeetingsInProgress() {
        SimulatedZoom zoom = new SimulatedZoom(SimFixtures.small().perSecondLimit(1_000).build(), ACCOUNTS, real);
        String bearer = token(zoom, ACCOUNT);
        real.advance(Duration.ofMinutes(5));

        SimResponse r = get(zoom, bearer, "/v2/metrics/meetings", "type", "live", "page_size", "300");

        assertThat(r.status()).isEqualTo(200);
        List<String> listed = new ArrayList<>();
        for (JsonNode m : json(r).get("meetings")) {
            listed.add(m.get("uuid").asString());
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(zoom.groundTruth().liveMeetings().stream()
                .filter(m -> m.accountId().equals(ACCOUNT)).map(SimMeeting::uuid).toList());
        assertThat(listed).isNotEmpty();
    }

    @Test
    void hasItsOwnPerMinuteLimit() {
        SimulatedZoom zoom = new SimulatedZoom(SimFixtures.small().perSecondLimit(1_000).listMeetingsPerMinute(2).build(),
                ACCOUNTS, real);
        String bearer = token(zoom, ACCOUNT);
        String path = "/v2/metrics/meetings";

        assertThat(get(zoom, bearer, path).status()).isEqualTo(200);
        assertThat(get(zoom, bearer, path).status()).isEqualTo(200);
        assertThat(get(zoom, bearer, path).status()).isEqualTo(429);
        real.advance(Duration.ofSeconds(61));
        assertThat(get(zoom, bearer, path).status()).isEqualTo(200);
    }
}
