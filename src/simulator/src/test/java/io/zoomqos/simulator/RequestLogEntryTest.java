package io.zoomqos.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A logged request names its meeting decoded, so a test can tell which meeting a call was for. */
class RequestLogEntryTest {

    private static RequestLog.Entry get(String path) {
        return new RequestLog.Entry(Instant.EPOCH, Instant.EPOCH, "GET", path, "a", 200, null);
    }

    @Test
    void aDoubleEncodedUuidIsDecodedTwiceAndPlusSignsStay() {
        String uuid = "/Uh2nw9dQ9K0Xw+3UjLUSQ==";
        RequestLog.Entry e = get("/v2/metrics/meetings/" + SimFixtures.doubleEncoded(uuid) + "/participants/qos");
        assertThat(e.meeting()).isEqualTo(uuid);
        assertThat(e.meetingEndpoint()).isEqualTo("participants/qos");
    }

    @Test
    void otherPathsNameNoMeeting() {
        assertThat(get("/oauth/token").meeting()).isNull();
        assertThat(get("/v2/metrics/meetings").meeting()).isNull();
        assertThat(get("/v2/metrics/meetings").meetingEndpoint()).isNull();
        assertThat(get("/v2/metrics/meetings/85746065432/participants").meetingEndpoint()).isEqualTo("participants");
    }
}
