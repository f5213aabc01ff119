package io.zoomqos.collector.zoom;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ZoomPathsTest {

    @Test
    void doubleEncodesUuidStartingWithSlash() {
        // docs/zoom-api.md#meeting-id-and-meeting-uuid, Zoom's own example
        assertThat(ZoomPaths.meetingSegment("/Uh2nw9dQ9K0Xw+3UjLUSQ=="))
                .isEqualTo("%252FUh2nw9dQ9K0Xw%252B3UjLUSQ%253D%253D");
    }

    @Test
    void doubleEncodesUuidContainingDoubleSlash() {
        assertThat(ZoomPaths.meetingSegment("ab//cd+Q==")).isEqualTo("ab%252F%252Fcd%252BQ%253D%253D");
    }

    @Test
    void singleEncodesOtherUuids() {
        assertThat(ZoomPaths.meetingSegment("gm8s9L+PTEC+FG3sFbd1Cw==")).isEqualTo("gm8s9L%2BPTEC%2BFG3sFbd1Cw%3D%3D");
        assertThat(ZoomPaths.meetingSegment("a/b")).isEqualTo("a%2Fb");
    }

    @Test
    void leavesMeetingIdsAlone() {
        assertThat(ZoomPaths.meetingSegment("85746065432")).isEqualTo("85746065432");
    }

    @Test
    void encodesSpaceAndPercentAndNonAscii() {
        assertThat(ZoomPaths.encode("a b%c\u00e9~_.-")).isEqualTo("a%20b%25c%C3%A9~_.-");
    }

    @Test
    void baseDropsTrailingSlashes() {
        assertThat(ZoomPaths.base(URI.create("http://h:1/v2/"))).isEqualTo("http://h:1/v2");
        assertThat(ZoomPaths.base(URI.create("http://h:1/v2"))).isEqualTo("http://h:1/v2");
    }
}
