package io.zoomqos.simulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Per-minute QoS of a participant: a pure function of (seed, meeting, participant, minute), so it
 * is regenerated on demand instead of stored, and is the same on every request. Samples exist at
 * each whole minute {@code t} with {@code join <= t <= leave}.
 */
final class QosGenerator {

    private final long seed;

    QosGenerator(long seed) {
        this.seed = seed;
    }

    /** The minutes that have a sample, up to {@code until} (inclusive). */
    static List<Instant> minutes(SimParticipant p, Instant until) {
        Instant last = p.leave().isBefore(until) ? p.leave() : until;
        Instant first = p.join().truncatedTo(ChronoUnit.MINUTES);
        if (first.isBefore(p.join())) {
            first = first.plus(1, ChronoUnit.MINUTES);
        }
        List<Instant> out = new ArrayList<>();
        for (Instant t = first; !t.isAfter(last); t = t.plus(1, ChronoUnit.MINUTES)) {
            out.add(t);
        }
        return out;
    }

    List<SimSample> samples(SimMeeting m, SimParticipant p, Instant until) {
        List<Instant> minutes = minutes(p, until);
        List<SimSample> out = new ArrayList<>(minutes.size());
        for (Instant t : minutes) {
            out.add(sample(m, p, t));
        }
        return out;
    }

    SimSample sample(SimMeeting m, SimParticipant p, Instant minute) {
        SplittableRandom r = Seeds.random(seed, 5, m.index(), p.index(), minute.getEpochSecond() / 60);
        SimParticipant.Network n = p.network();
        // Good networks have an occasional bad minute too; degraded ones have good and worse ones.
        double blip = r.nextDouble() < (p.degraded() ? 0.25 : 0.03) ? 1.8 + r.nextDouble() * 1.5 : 1.0;
        Map<StreamKind, StreamMetrics> streams = new EnumMap<>(StreamKind.class);
        streams.put(StreamKind.AUDIO_INPUT, audio(r, n, blip));
        streams.put(StreamKind.AUDIO_OUTPUT, audio(r, n, blip));
        if (p.video()) {
            streams.put(StreamKind.VIDEO_INPUT, video(r, n, blip, p.degraded(), 450, 900));
        }
        streams.put(StreamKind.VIDEO_OUTPUT, video(r, n, blip, p.degraded(), 500, 1000));
        boolean sharing = !minute.isBefore(m.shareFrom()) && minute.isBefore(m.shareTo());
        if (sharing) {
            boolean presenter = p.index() == 0;
            streams.put(presenter ? StreamKind.SHARE_INPUT : StreamKind.SHARE_OUTPUT, share(r, n, blip));
        }
        int zoomAvg = 4 + r.nextInt(14) + (p.video() ? 3 : 0);
        int zoomMin = Math.max(0, zoomAvg - 2 - r.nextInt(4));
        int zoomMax = zoomAvg + 3 + r.nextInt(12);
        int systemMax = Math.min(100, zoomMax + 10 + r.nextInt(45));
        CpuMetrics cpu = new CpuMetrics((double) zoomMin, (double) zoomAvg, (double) zoomMax, (double) systemMax);
        int[] rssi = null;
        if (p.networkType().equals("Wifi")) {
            int avg = (p.degraded() ? -72 : -55) - r.nextInt(10);
            rssi = new int[] {avg + 3 + r.nextInt(8), avg, avg - 3 - r.nextInt(10)};
        }
        return new SimSample(m.uuid(), p.userId(), minute, streams, cpu, rssi);
    }

    private static StreamMetrics audio(SplittableRandom r, SimParticipant.Network n, double blip) {
        double[] base = transport(r, n, blip);
        double bitrate = cents((22 + r.nextDouble() * 12) * Math.min(1.0, n.bitrateFactor() + 0.3));
        return new StreamMetrics(bitrate, base[0], base[1], base[2], base[3], null, null, null);
    }

    private static StreamMetrics video(SplittableRandom r, SimParticipant.Network n, double blip, boolean degraded,
                                       int low, int high) {
        double[] base = transport(r, n, blip);
        double bitrate = cents((low + r.nextDouble() * (high - low)) * n.bitrateFactor() / Math.sqrt(blip));
        boolean hd = !degraded && blip == 1.0 && r.nextDouble() < 0.7;
        int fps = degraded || blip > 1.0 ? 8 + r.nextInt(11) : 20 + r.nextInt(11);
        return new StreamMetrics(bitrate, base[0], base[1], base[2], base[3], hd ? 1280 : 640, hd ? 720 : 360,
                (double) Math.min(30, fps));
    }

    private static StreamMetrics share(SplittableRandom r, SimParticipant.Network n, double blip) {
        double[] base = transport(r, n, blip);
        double bitrate = cents((800 + r.nextDouble() * 500) * n.bitrateFactor());
        return new StreamMetrics(bitrate, base[0], base[1], base[2], base[3], 1920, 1080, (double) (3 + r.nextInt(8)));
    }

    /** latency ms, jitter ms, avg loss %, max loss %. */
    private static double[] transport(SplittableRandom r, SimParticipant.Network n, double blip) {
        double latency = Math.round(n.latencyMs() * blip * (0.85 + r.nextDouble() * 0.3));
        double jitter = Math.round(n.jitterMs() * blip * (0.6 + r.nextDouble() * 0.8));
        double avgLoss = cents(Math.min(60, n.lossPct() * blip * (0.5 + r.nextDouble())));
        double maxLoss = cents(Math.min(100, avgLoss * (1.5 + r.nextDouble() * 2.5) + r.nextDouble() * 0.5));
        return new double[] {latency, jitter, avgLoss, maxLoss};
    }

    /** Rounded to two decimals, the precision the rendered strings carry. */
    static double cents(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
