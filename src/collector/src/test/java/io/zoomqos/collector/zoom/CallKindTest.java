package io.zoomqos.collector.zoom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallKindTest {

    @Test
    void aRequestsKindIsReadFromItsEndpointAndType() {
        assertThat(CallKind.of(ZoomClient.PARTICIPANTS_QOS, "/metrics/meetings/u/participants/qos?type=live&page_size=10"))
                .isEqualTo(CallKind.LIVE);
        assertThat(CallKind.of(ZoomClient.PARTICIPANTS_QOS, "/metrics/meetings/u/participants/qos?type=past&page_size=10"))
                .isEqualTo(CallKind.SWEEP);
        assertThat(CallKind.of(ZoomClient.PARTICIPANT_QOS, "/metrics/meetings/u/participants/p/qos?type=past"))
                .isEqualTo(CallKind.SWEEP);
        assertThat(CallKind.of(ZoomClient.PARTICIPANTS, "/metrics/meetings/u/participants?type=past"))
                .isEqualTo(CallKind.ROSTER);
        assertThat(CallKind.of(ZoomClient.MEETINGS_LIVE, "/metrics/meetings?type=live")).isEqualTo(CallKind.RECONCILE);
        assertThat(CallKind.RECONCILE.label()).isEqualTo("reconcile");
    }
}
