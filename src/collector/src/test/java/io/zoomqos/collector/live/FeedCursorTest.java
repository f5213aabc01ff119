package io.zoomqos.collector.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FeedCursorTest {

    @Test
    void roundTripsThroughTheWireForm() {
        FeedCursor c = FeedCursor.parse("1042-17");
        assertThat(c).isEqualTo(new FeedCursor(1042, 17));
        assertThat(c.toString()).isEqualTo("1042-17");
    }

    @Test
    void rejectsAnythingButTwoNumbers() {
        for (String bad : new String[] {"", "12", "1-2-3", "-1-2", "a-b", "1042_17", "99999999999999999999-1", " - "}) {
            assertThatThrownBy(() -> FeedCursor.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void eachSourceAdvancesOnlyItsOwnPartAndNeverBackwards() {
        FeedCursor c = new FeedCursor(10, 5);
        assertThat(c.after(Events.sample(12, "m", "p"))).isEqualTo(new FeedCursor(12, 5));
        assertThat(c.after(Events.sample(9, "m", "p"))).isEqualTo(c);
        assertThat(c.after(Events.meeting(7, "m", MeetingPayload.STARTED))).isEqualTo(new FeedCursor(10, 7));
        assertThat(c.after(FeedEvent.budget(Events.ACCOUNT, "status"))).isEqualTo(c);
    }
}
