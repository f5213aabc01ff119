package io.zoomqos.collector.live;

/**
 * What a subscriber asked to see; a null field does not filter. Applied alike to replay and to
 * live delivery (replay sources must implement the same rules in SQL):
 * <ul>
 *   <li>{@code accountId}: the event's account must equal it (every type, BUDGET included);</li>
 *   <li>{@code meetingUuid}: the event's meeting must equal it; BUDGET events ignore it;</li>
 *   <li>{@code participantKey}: events of another participant are left out; events without a
 *       participant (meeting state, meeting-level summaries and alerts) pass, since they are the
 *       context of that participant's data; BUDGET events ignore it.</li>
 * </ul>
 */
public record FeedFilter(String accountId, String meetingUuid, String participantKey) {

    public static final FeedFilter ALL = new FeedFilter(null, null, null);

    public FeedFilter {
        accountId = blankToNull(accountId);
        meetingUuid = blankToNull(meetingUuid);
        participantKey = blankToNull(participantKey);
    }

    public boolean matches(FeedEvent event) {
        if (accountId != null && !accountId.equals(event.accountId())) {
            return false;
        }
        if (event.type() == FeedEvent.Type.BUDGET) {
            return true;
        }
        if (meetingUuid != null && !meetingUuid.equals(event.meetingUuid())) {
            return false;
        }
        return participantKey == null || event.participantKey() == null || participantKey.equals(event.participantKey());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
