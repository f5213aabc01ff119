package io.zoomqos.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The QSS bench's traffic, shared by the process that sends it ({@link QssLoadGenerator}) and the
 * one that checks what was stored ({@link QssIngestBench}): {@code meetings} live meetings of
 * {@code participants} each, their {@code meeting.started} webhooks and their
 * {@code meeting.participant_qos} events, shaped like the fixture
 * {@code meeting.participant_qos.webhook.json}. A participant-minute's values are a pure function
 * of (meeting, participant, minute), so the checker rebuilds what was sent from its key alone and
 * every event of one minute (6 a minute at the high rate) carries the same values.
 */
final class QssTraffic {

    static final String ACCOUNT = "AbCdEfGhIjKlMnOpQrStUv";
    /** Not a secret: the bench's collector is configured with it. */
    static final String SECRET = "qss-bench-secret-NOT-REAL";
    static final String HOST = "z8yCxjTzRkWq3pLmNoPaBc";

    final String runTag;
    final int meetings;
    final int participants;
    final Instant start;

    QssTraffic(String runTag, int meetings, int participants, Instant start) {
        this.runTag = runTag;
        this.meetings = meetings;
        this.participants = participants;
        this.start = start;
    }

    String uuid(int m) {
        return "qss" + runTag + "m" + m + "AA==";
    }

    long meetingId(int m) {
        return 81_000_000_000L + m;
    }

    private String object(int m) {
        return "\"id\":\"" + meetingId(m) + "\",\"uuid\":\"" + uuid(m) + "\",\"host_id\":\"" + HOST
                + "\",\"topic\":\"QSS bench " + m + "\",\"start_time\":\"" + start + "\"";
    }

    byte[] started(int m, long eventTs) {
        return ("{\"event\":\"meeting.started\",\"event_ts\":" + eventTs + ",\"payload\":{\"account_id\":\"" + ACCOUNT
                + "\",\"object\":{" + object(m) + ",\"type\":2,\"timezone\":\"UTC\",\"duration\":60}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** One QSS event: participant {@code p} of meeting {@code m}, the QoS of {@code minute}. */
    byte[] qos(int m, int p, Instant minute, long eventTs) {
        SplittableRandom r = new SplittableRandom(((long) m * 131 + p) * 1_000_003L + minute.getEpochSecond() / 60);
        String at = minute.toString();
        StringBuilder b = new StringBuilder(1600);
        b.append("{\"event\":\"meeting.participant_qos\",\"event_ts\":").append(eventTs)
                .append(",\"payload\":{\"account_id\":\"").append(ACCOUNT).append("\",\"object\":{").append(object(m))
                .append(",\"participant\":{\"user_id\":\"").append(16_778_240 + p)
                .append("\",\"participant_user_id\":\"pu").append(runTag).append('m').append(m).append('p').append(p)
                .append("\",\"user_name\":\"Participant ").append(p)
                .append("\",\"join_time\":\"").append(start).append("\",\"qos\":[");
        boolean poor = degraded(m, p);
        stream(b, "audio_input", at, r, false, poor).append(',');
        stream(b, "audio_output", at, r, false, poor).append(',');
        stream(b, "video_input", at, r, true, poor).append(',');
        stream(b, "video_output", at, r, true, poor).append(',');
        b.append("{\"type\":\"cpu_usage\",\"date_time\":\"").append(at).append("\",\"details\":{")
                .append(String.format(Locale.ROOT, "\"zoom_min_cpu_usage\":\"%d%%\",\"zoom_avg_cpu_usage\":\"%d%%\","
                                + "\"zoom_max_cpu_usage\":\"%d%%\",\"system_max_cpu_usage\":\"%d%%\"",
                        r.nextInt(1, 5), r.nextInt(5, 15), r.nextInt(15, 30), r.nextInt(30, 80)))
                .append("}}]}}}}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A fifth of the participants are on a bad network (as the simulator's default degraded share):
     * their minutes cross the alert thresholds (150 ms, 40 ms, 2%) now and then, the others' never.
     */
    static boolean degraded(int m, int p) {
        return Math.floorMod(m * 31 + p, 5) == 0;
    }

    private static StringBuilder stream(StringBuilder b, String type, String at, SplittableRandom r, boolean video,
                                        boolean poor) {
        b.append("{\"type\":\"").append(type).append("\",\"date_time\":\"").append(at).append("\",\"details\":{")
                .append(String.format(Locale.ROOT, "\"bitrate\":\"%.2fkbps\",\"latency\":\"%d ms\",\"jitter\":\"%d ms\","
                                + "\"avg_loss\":\"%.1f%%\",\"max_loss\":\"%.1f%%\"",
                        video ? 300 + r.nextDouble() * 900 : 20 + r.nextDouble() * 20,
                        poor ? r.nextInt(60, 220) : r.nextInt(15, 90), poor ? r.nextInt(5, 50) : r.nextInt(0, 15),
                        poor ? r.nextDouble() * 3 : r.nextDouble() * 0.5, poor ? 2 + r.nextDouble() * 8 : r.nextDouble() * 2));
        if (video) {
            b.append(",\"resolution\":\"1280*720\",\"frame_rate\":\"").append(r.nextInt(10, 31)).append(" fps\"");
        }
        return b.append("}}");
    }
}
