package io.zoomqos.collector.store;

import io.zoomqos.collector.qos.ParticipantInfo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParticipantRepositoryIT {

    private static final Instant JOIN = Instant.parse("2026-11-25T10:00:00Z");
    private final StoreDatabase store = new StoreDatabase();
    private final ParticipantRepository repo = new ParticipantRepository(store.db);

    private static ParticipantInfo member(String meeting, String userId, String device, String network, Instant join, Instant leave) {
        return new ParticipantInfo(meeting, ParticipantInfo.keyFor(userId, "Ann", device, join), userId, "uuid-" + userId, "Ann",
                device, "", network, join, leave, "6.0.2");
    }

    @Test
    void upsertFillsAbsentValuesKeepsEarliestJoinAndMovesLeaveTimeForward() {
        repo.upsert(List.of(member("m1", "16778240", "Windows", "", JOIN.plusSeconds(60), null))).block();

        long changed = repo.upsert(List.of(
                member("m1", "16778240", "Mac", "Wifi", JOIN, JOIN.plusSeconds(600)))).block();
        long unchanged = repo.upsert(List.of(
                member("m1", "16778240", "Mac", "Wifi", JOIN.plusSeconds(120), JOIN.plusSeconds(300)))).block();

        assertThat(changed).isEqualTo(1);
        assertThat(unchanged).isZero();
        List<ParticipantInfo> stored = repo.findByMeeting("m1").collectList().block();
        assertThat(stored).hasSize(1);
        ParticipantInfo p = stored.get(0);
        assertThat(p.participantKey()).isEqualTo("u:16778240");
        assertThat(p.device()).isEqualTo("Windows"); // present values are never overwritten
        assertThat(p.networkType()).isEqualTo("Wifi"); // blank was stored as absent, then filled
        assertThat(p.location()).isNull();
        assertThat(p.joinTime()).isEqualTo(JOIN);
        assertThat(p.leaveTime()).isEqualTo(JOIN.plusSeconds(600));
    }

    @Test
    void guestsWithBlankIdsAreKeyedStablyAndNeverDuplicated() {
        ParticipantInfo guest = member("m2", "", "iOS", "Cellular", JOIN, null);
        ParticipantInfo sameGuestAgain = member("m2", " ", "iOS", "Cellular", JOIN, JOIN.plusSeconds(60));
        ParticipantInfo otherGuest = member("m2", "", "Android", "Cellular", JOIN, null);

        repo.upsert(List.of(guest, sameGuestAgain)).block();
        repo.upsert(List.of(guest, otherGuest)).block();

        assertThat(guest.participantKey()).startsWith("g:").isEqualTo(sameGuestAgain.participantKey());
        assertThat(otherGuest.participantKey()).isNotEqualTo(guest.participantKey());
        assertThat(repo.findByMeeting("m2").collectList().block())
                .extracting(ParticipantInfo::participantKey)
                .containsExactlyInAnyOrder(guest.participantKey(), otherGuest.participantKey());
        assertThat(store.count("SELECT count(*) FROM participant WHERE meeting_uuid = 'm2' AND leave_time IS NOT NULL")).isEqualTo(1);
    }

    @Test
    void sameParticipantInTwoMeetingsIsTwoRows() {
        repo.upsert(List.of(member("m3", "1", "Mac", "Wifi", JOIN, null), member("m4", "1", "Mac", "Wifi", JOIN, null))).block();

        assertThat(store.count("SELECT count(*) FROM participant WHERE participant_key = 'u:1'")).isEqualTo(2);
    }
}
