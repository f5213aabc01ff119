package io.zoomqos.collector.qos;

import java.time.Instant;

/**
 * Who a participant of one meeting was. Zoom blanks {@code id} for guests, so the stable key is
 * the per-meeting {@code user_id} when present, else a digest of name, device and join time
 * (see {@link #keyFor}).
 *
 * @param meetingUuid the meeting instance
 * @param participantKey stable per-meeting key
 * @param userId Zoom's per-meeting participant id ({@code user_id}); may be blank
 * @param participantUuid Zoom's {@code id}; blank for guests
 * @param userName display name (may be blank; never logged)
 * @param device e.g. {@code Windows}
 * @param location e.g. {@code United States}
 * @param networkType e.g. {@code Wifi}, may be null
 * @param joinTime may be null
 * @param leaveTime may be null
 * @param clientVersion Zoom client version
 */
public record ParticipantInfo(String meetingUuid, String participantKey, String userId, String participantUuid,
                              String userName, String device, String location, String networkType,
                              Instant joinTime, Instant leaveTime, String clientVersion) {

    /** The stable key: {@code u:<user_id>} when Zoom gives one, else {@code g:<digest>} of what identifies a guest. */
    public static String keyFor(String userId, String userName, String device, Instant joinTime) {
        if (userId != null && !userId.isBlank()) {
            return "u:" + userId.trim();
        }
        String basis = (userName == null ? "" : userName) + '\u0000' + (device == null ? "" : device) + '\u0000'
                + (joinTime == null ? "" : joinTime.toString());
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(basis.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "g:" + java.util.HexFormat.of().formatHex(d, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
