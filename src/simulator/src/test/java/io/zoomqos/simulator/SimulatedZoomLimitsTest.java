package io.zoomqos.simulator;

import static io.zoomqos.simulator.SimFixtures.ACCOUNT;
import static io.zoomqos.simulator.SimFixtures.ACCOUNTS;
import static io.zoomqos.simulator.SimFixtures.OTHER;
import static io.zoomqos.simulator.SimFixtures.START;
import static io.zoomqos.simulator.SimFixtures.get;
import static io.zoomqos.simulator.SimFixtures.json;
import static io.zoomqos.simulator.SimFixtures.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.simulator.SimulatorProperties.HeaderOmission;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Zoom's Heavy limits per account: a trailing real second and a simulated UTC day. */
class SimulatedZoomLimitsTest {

    private final MutableClock real = new MutableClock(START.plus(Duration.ofMinutes(5)));

    private SimulatedZoom zoom(SimulatorProperties.Builder b) {
        return new SimulatedZoom(b.build(), ACCOUNTS, real);
    }

    private static SimResponse qos(SimulatedZoom zoom, String bearer) {
        String uuid = zoom.groundTruth().meetings().get(0).uuid();
        return get(zoom, bearer, SimFixtures.qosPath(SimFixtures.doubleEncoded(uuid)), "page_size", "10");
    }

    @Test
    void seventeenthRequestWithinATrailingSecondIsRejectedWithZoomsBodyAndHeaders() {
        SimulatedZoom zoom = zoom(SimFixtures.small().startTime(START));
        String bearer = token(zoom, ACCOUNT);
        for (int i = 0; i < 16; i++) {
            SimResponse ok = qos(zoom, bearer);
            assertThat(ok.status()).as("request %d", i + 1).isEqualTo(200);
            assertThat(ok.header("X-RateLimit-Remaining")).isEqualTo(Long.toString(60_000 - (i + 1)));
            real.advance(Duration.ofMillis(62)); // 16 requests within 992 ms
        }
        SimResponse rejected = qos(zoom, bearer);

        assertThat(rejected.status()).isEqualTo(429);
        assertThat(rejected.body()).isEqualTo(
                "{\"code\":429,\"message\":\"You have reached the maximum per-second rate limit for this API. Try again later.\"}");
        assertThat(json(rejected)).isEqualTo(SimFixtures.JSON.readTree(
                getClass().getResourceAsStream("/fixtures/zoom/error.429.per-second.json")));
        assertThat(rejected.header("X-RateLimit-Category")).isEqualTo("Heavy");
        assertThat(rejected.header("X-RateLimit-Type")).isEqualTo("QPS");
        assertThat(rejected.header("X-RateLimit-Limit")).isEqualTo("60000");
        assertThat(rejected.header("X-RateLimit-Remaining")).isEqualTo("59984");
        assertThat(rejected.header("Retry-After")).isNull();

        RequestLog.AccountStats stats = zoom.requestLog().stats(ACCOUNT);
        assertThat(stats.heavyAdmitted()).isEqualTo(16);
        assertThat(stats.perSecondRejected()).isEqualTo(1);
        assertThat(stats.peakAdmittedPerSecond()).isEqualTo(16);
        assertThat(stats.peakAttemptsPerSecond()).isEqualTo(17);
        assertThat(zoom.requestLog().last(1).get(0).limitType()).isEqualTo("QPS");
    }

    @Test
    void admitsAgainOnceTheOldestRequestLeavesTheTrailingSecondAndCountsAccountsApart() {
        SimulatedZoom zoom = zoom(SimFixtures.small());
        String bearer = token(zoom, ACCOUNT);
        for (int i = 0; i < 16; i++) {
            assertThat(qos(zoom, bearer).status()).isEqualTo(200);
        }
        assertThat(qos(zoom, bearer).status()).isEqualTo(429);
        // The other account has a budget of its own (its meeting is not ours: 404, but admitted).
        assertThat(qos(zoom, token(zoom, OTHER)).status()).isEqualTo(404);

        real.advance(Duration.ofMillis(999));
        assertThat(qos(zoom, bearer).status()).as("still within the trailing second").isEqualTo(429);
        real.advance(Duration.ofMillis(1));
        assertThat(qos(zoom, bearer).status()).as("the first 16 are 1000 ms old").isEqualTo(200);
        assertThat(zoom.requestLog().stats(ACCOUNT).peakAdmittedPerSecond()).isEqualTo(16);
    }

    @Test
    void dailyCapRejectsUntilMidnightUtcOfTheSimulatorClockThenResets() {
        Instant late = Instant.parse("2025-03-10T23:58:00Z");
        real.set(late);
        SimulatedZoom zoom = zoom(SimFixtures.small().startTime(late).dailyLimit(5)
                .duration(Duration.ofMinutes(50), Duration.ofMinutes(60)));
        String bearer = token(zoom, ACCOUNT);
        for (int i = 0; i < 5; i++) {
            assertThat(qos(zoom, bearer).status()).isEqualTo(200);
            real.advance(Duration.ofSeconds(1));
        }
        SimResponse rejected = qos(zoom, bearer);

        assertThat(rejected.status()).isEqualTo(429);
        assertThat(json(rejected).get("code").asInt()).isEqualTo(429);
        assertThat(json(rejected).get("message").asString()).isEqualTo(RateLimits.DAILY_MESSAGE);
        assertThat(rejected.header("X-RateLimit-Type")).isEqualTo("Daily-limit");
        assertThat(rejected.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(rejected.header("Retry-After")).isEqualTo("2025-03-11T00:00:00Z");
        assertThat(zoom.dailyRemaining(ACCOUNT)).isZero();

        real.set(Instant.parse("2025-03-11T00:00:00Z")); // simulated time = real time here
        SimResponse afterMidnight = qos(zoom, bearer);
        assertThat(afterMidnight.status()).isEqualTo(200);
        assertThat(afterMidnight.header("X-RateLimit-Remaining")).isEqualTo("4");
        assertThat(zoom.requestLog().stats(ACCOUNT).dailyRejected()).isEqualTo(1);
    }

    @Test
    void dailyResetFollowsSimulatedTimeWhenItRunsFast() {
        // 3600x: a simulated day passes in 24 real seconds, so the quota comes back that fast.
        SimulatedZoom zoom = zoom(SimFixtures.small().startTime(Instant.parse("2025-03-10T12:00:00Z"))
                .timeScale(3600).dailyLimit(1).continuous(true));
        String bearer = token(zoom, ACCOUNT);
        SimResponse first = get(zoom, bearer, "/v2/metrics/meetings/1/participants/qos");
        assertThat(first.status()).isEqualTo(404); // no such meeting, but a Heavy call all the same
        SimResponse second = get(zoom, bearer, "/v2/metrics/meetings/1/participants/qos");
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.header("Retry-After")).isEqualTo("2025-03-11T00:00:00Z");

        real.advance(Duration.ofSeconds(12)); // 12 simulated hours
        assertThat(get(zoom, bearer, "/v2/metrics/meetings/1/participants/qos").status()).isEqualTo(404);
    }

    @Test
    void alwaysOmittingHeadersLeavesOnlyTheBodyToTellTheLimitsApart() {
        SimulatedZoom zoom = zoom(SimFixtures.small().headerOmission(HeaderOmission.ALWAYS).perSecondLimit(1));
        String bearer = token(zoom, ACCOUNT);
        SimResponse ok = qos(zoom, bearer);
        SimResponse rejected = qos(zoom, bearer);

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.headers()).isEmpty();
        assertThat(rejected.status()).isEqualTo(429);
        assertThat(rejected.headers()).isEmpty();
        assertThat(json(rejected).get("message").asString()).contains("per-second");
    }

    @Test
    void sometimesOmittingHeadersMixesResponsesWithAndWithoutThem() {
        SimulatedZoom zoom = zoom(SimFixtures.small().headerOmission(HeaderOmission.SOMETIMES).perSecondLimit(1));
        String bearer = token(zoom, ACCOUNT);
        int with = 0;
        int without = 0;
        for (int i = 0; i < 40; i++) {
            SimResponse r = qos(zoom, bearer);
            assertThat(r.status()).isIn(200, 429);
            if (r.header("X-RateLimit-Category") == null) {
                assertThat(r.header("X-RateLimit-Type")).isNull();
                assertThat(r.header("X-RateLimit-Remaining")).isNull();
                without++;
            } else {
                with++;
            }
        }
        assertThat(with).isPositive();
        assertThat(without).isPositive();
    }

    @Test
    void rejectsApiCallsWithoutAValidBearerAndDoesNotCountThem() {
        SimulatedZoom zoom = zoom(SimFixtures.small().tokenTtl(Duration.ofSeconds(3600)));
        SimResponse none = get(zoom, null, "/v2/metrics/meetings/1/participants/qos");
        SimResponse bogus = get(zoom, "Bearer nope", "/v2/metrics/meetings/1/participants/qos");
        assertThat(none.status()).isEqualTo(401);
        assertThat(json(none).get("code").asInt()).isEqualTo(124);
        assertThat(bogus.status()).isEqualTo(401);

        String bearer = token(zoom, ACCOUNT);
        assertThat(qos(zoom, bearer).status()).isEqualTo(200);
        real.advance(Duration.ofSeconds(3600));
        SimResponse expired = qos(zoom, bearer);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(json(expired).get("message").asString()).contains("expired");
        assertThat(zoom.requestLog().stats(ACCOUNT).heavyAdmitted()).isEqualTo(1);
    }

    @Test
    void issuesTokensForConfiguredAccountsOnlyAndOnlyWithBasicAuth() {
        SimulatedZoom zoom = zoom(SimFixtures.small());
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("id:secret".getBytes());
        SimResponse ok = zoom.handle(new SimRequest("POST", "/oauth/token",
                java.util.Map.of("grant_type", "account_credentials", "account_id", ACCOUNT), basic));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(json(ok).get("token_type").asString()).isEqualTo("bearer");
        assertThat(json(ok).get("expires_in").asInt()).isEqualTo(3600);
        assertThat(json(ok).get("scope").asString()).contains("dashboard_meetings:read:admin");

        assertThat(zoom.handle(new SimRequest("POST", "/oauth/token",
                java.util.Map.of("grant_type", "account_credentials", "account_id", "unknown"), basic)).status())
                .isEqualTo(400);
        assertThat(zoom.handle(new SimRequest("POST", "/oauth/token",
                java.util.Map.of("grant_type", "account_credentials", "account_id", ACCOUNT), null)).status())
                .isEqualTo(401);
    }
}
