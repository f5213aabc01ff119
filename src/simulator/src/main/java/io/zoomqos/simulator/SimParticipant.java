package io.zoomqos.simulator;

import java.time.Instant;
import java.util.List;

/**
 * One participant (one join) of a simulated meeting. Guests have blank {@code participantUuid},
 * IP and machine fields, as Zoom blanks them since 2023-03.
 *
 * @param index position in the meeting
 * @param userId Zoom's per-meeting {@code user_id} (also the {@code participantId} path parameter)
 * @param participantUuid Zoom's {@code id}; blank for guests
 * @param userName display name
 * @param email blank for guests
 * @param device {@code Windows}, {@code Mac}, ...
 * @param ipAddress blank for guests
 * @param internalIpAddresses empty for guests
 * @param location blank for guests
 * @param networkType {@code Wired}, {@code Wifi}, {@code Cellular}
 * @param dataCenter Zoom data centre
 * @param pcName machine name, blank for guests
 * @param domain machine domain, blank for guests
 * @param macAddr blank for guests
 * @param harddiskId blank for guests
 * @param version client version
 * @param join simulated join (second precision)
 * @param leave simulated leave, at the latest the meeting's end
 * @param leftEarly true when the participant left before the meeting ended
 * @param degraded on a bad network for the whole meeting
 * @param video sends video
 * @param guest not a member of the host's account
 * @param network the participant's baseline network quality
 */
public record SimParticipant(int index, String userId, String participantUuid, String userName, String email,
                             String device, String ipAddress, List<String> internalIpAddresses, String location,
                             String networkType, String dataCenter, String pcName, String domain, String macAddr,
                             String harddiskId, String version, Instant join, Instant leave, boolean leftEarly,
                             boolean degraded, boolean video, boolean guest, Network network) {

    public SimParticipant {
        internalIpAddresses = List.copyOf(internalIpAddresses);
    }

    /** Baseline one-way figures the per-minute values vary around. */
    public record Network(double latencyMs, double jitterMs, double lossPct, double bitrateFactor) {
    }

    /** The stable key the collector derives ({@code store.ParticipantInfo.keyFor}): {@code u:<user_id>}. */
    public String participantKey() {
        return "u:" + userId;
    }
}
