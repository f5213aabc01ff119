package io.zoomqos.collector.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeedFilterTest {

    private final FeedEvent sampleM1P1 = Events.sample(1, "m1", "p1");
    private final FeedEvent sampleM1P2 = Events.sample(2, "m1", "p2");
    private final FeedEvent sampleM2P1 = Events.sample(3, "m2", "p1");
    private final FeedEvent meetingM1 = Events.meeting(1, "m1", MeetingPayload.STARTED);
    private final FeedEvent budget = FeedEvent.budget(Events.ACCOUNT, "status");
    private final FeedEvent otherAccount = Events.sample("Other", 4, "m1", "p1");

    @Test
    void meetingFilterKeepsThatMeetingAndBudgets() {
        FeedFilter f = new FeedFilter(null, "m1", null);
        assertThat(f.matches(sampleM1P1)).isTrue();
        assertThat(f.matches(meetingM1)).isTrue();
        assertThat(f.matches(sampleM2P1)).isFalse();
        assertThat(f.matches(budget)).isTrue();
    }

    @Test
    void participantFilterKeepsThatParticipantAndMeetingLevelEvents() {
        FeedFilter f = new FeedFilter(null, "m1", "p1");
        assertThat(f.matches(sampleM1P1)).isTrue();
        assertThat(f.matches(sampleM1P2)).isFalse();
        assertThat(f.matches(sampleM2P1)).isFalse();
        assertThat(f.matches(meetingM1)).isTrue();
    }

    @Test
    void accountFilterAppliesToBudgetsToo() {
        FeedFilter f = new FeedFilter(Events.ACCOUNT, null, null);
        assertThat(f.matches(sampleM1P1)).isTrue();
        assertThat(f.matches(budget)).isTrue();
        assertThat(f.matches(otherAccount)).isFalse();
        assertThat(f.matches(FeedEvent.budget("Other", "status"))).isFalse();
    }

    @Test
    void blankFieldsDoNotFilter() {
        FeedFilter f = new FeedFilter(" ", "", null);
        assertThat(f).isEqualTo(FeedFilter.ALL);
        assertThat(f.matches(otherAccount)).isTrue();
    }
}
