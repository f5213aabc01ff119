package io.zoomqos.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The scenario: meeting {@code i} starts near {@code origin + i * startWindow / meetings} and is
 * otherwise a pure function of the seed and {@code i}, so the same seed always plays the same
 * meetings, participants and QoS, whatever order they are asked for in. With an explicit schedule
 * (sorted by start), meeting {@code i} starts, lasts and has the participants the schedule says,
 * and there are exactly that many meetings.
 */
final class ScenarioGenerator {

    private static final String[] TOPICS = {"Weekly platform sync", "Design review", "Customer onboarding",
            "Sprint planning", "Incident retro", "All hands", "1:1", "Sales pipeline", "Support escalation",
            "Architecture forum"};
    private static final String[] TIMEZONES = {"America/New_York", "Europe/Berlin", "UTC", "Asia/Tokyo",
            "America/Los_Angeles"};
    private static final String[] FIRST = {"Ana", "Ben", "Chen", "Dara", "Emil", "Fatima", "Goran", "Hana", "Ivan",
            "Jun", "Kofi", "Lena", "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara"};
    private static final String[] LAST = {"Lopez", "Smith", "Wang", "Okafor", "Novak", "Haddad", "Berg", "Sato",
            "Ivanova", "Kim", "Mensah", "Weber", "Garcia", "Ali", "Patel", "Rossi"};
    private static final String[] DEVICES = {"Windows", "Mac", "Windows", "Mac", "iOS", "Android"};
    private static final String[] LOCATIONS = {"United States", "Germany", "Japan", "Brazil", "India", "Canada"};
    private static final String[] DATA_CENTERS = {"United States (SC Top)", "Germany (FR)", "Japan (TY)",
            "Brazil (SP)", "India (MB)"};
    private static final String[] VERSIONS = {"6.3.11.60501", "6.4.0.52913", "6.2.5.48721", "6.4.3.58211"};
    private static final String[] NETWORKS = {"Wired", "Wifi", "Wifi", "Wifi", "Cellular"};

    private final SimulatorProperties properties;
    private final List<String> accountIds;
    private final Instant origin;
    private final List<ScheduledMeeting> schedule;

    ScenarioGenerator(SimulatorProperties properties, List<String> accountIds, Instant origin) {
        this(properties, accountIds, origin, List.of());
    }

    /** @param schedule the meetings in start order; empty = the generated scenario */
    ScenarioGenerator(SimulatorProperties properties, List<String> accountIds, Instant origin,
                      List<ScheduledMeeting> schedule) {
        for (int i = 1; i < schedule.size(); i++) {
            if (schedule.get(i).start().isBefore(schedule.get(i - 1).start())) {
                throw new IllegalArgumentException("the schedule must be sorted by start");
            }
        }
        this.schedule = List.copyOf(schedule);
        if (accountIds.isEmpty()) {
            throw new IllegalArgumentException("the simulator needs at least one account");
        }
        this.properties = properties;
        this.accountIds = List.copyOf(accountIds);
        this.origin = origin;
    }

    /** Earliest possible start of meeting {@code index} (its start adds up to half a spacing). */
    Instant earliestStart(long index) {
        if (!schedule.isEmpty()) {
            return schedule.get((int) index).start();
        }
        return origin.plus(spacing().multipliedBy(index));
    }

    Duration spacing() {
        return properties.startWindow().dividedBy(properties.meetings());
    }

    /** How many meetings exist at all; {@link Long#MAX_VALUE} in continuous mode. */
    long meetingCount() {
        if (!schedule.isEmpty()) {
            return schedule.size();
        }
        return properties.continuous() ? Long.MAX_VALUE : properties.meetings();
    }

    SimMeeting meeting(int index) {
        long seed = properties.seed();
        SplittableRandom r = Seeds.random(seed, 1, index);
        ScheduledMeeting scheduled = schedule.isEmpty() ? null : schedule.get(index);
        int slot = scheduled != null ? index : index % properties.meetings();
        int wave = scheduled != null ? 0 : index / properties.meetings();
        long spacingSeconds = Math.max(1, spacing().toSeconds());
        Instant start = scheduled != null ? scheduled.start()
                : earliestStart(index).plusSeconds(index == 0 ? 0 : r.nextLong(spacingSeconds / 2 + 1));
        long minSec = properties.durationMin().toSeconds();
        long maxSec = properties.durationMax().toSeconds();
        long durationSec = scheduled != null ? scheduled.duration().toSeconds() : minSec + r.nextLong(maxSec - minSec + 1);
        Instant end = start.plusSeconds(durationSec);
        int planned = (int) Math.max(30, Math.round(Math.ceil(durationSec / 60.0 / 15.0) * 15));

        long meetingId = 81_000_000_000L + (long) slot * 7_919L + Seeds.random(seed, 2, slot).nextLong(7_000);
        String uuid = uuid(r, index);
        String hostId = token(Seeds.random(seed, 3, slot), 22);
        String topic = TOPICS[slot % TOPICS.length] + " " + (slot + 1);
        int type = properties.continuous() ? 8 : 2;
        String timezone = TIMEZONES[slot % TIMEZONES.length];

        long shareStartSec = Math.min(durationSec / 4, 300) + r.nextLong(120);
        Instant shareFrom = start.plusSeconds(shareStartSec);
        Instant shareTo = shareFrom.plusSeconds(Math.max(180, durationSec / 3));

        int count = scheduled != null ? scheduled.participants() : properties.participantsMin()
                + r.nextInt(properties.participantsMax() - properties.participantsMin() + 1);
        List<SimParticipant> participants = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            participants.add(participant(index, p, start, end, wave));
        }
        participants.sort((a, b) -> a.join().compareTo(b.join()) != 0 ? a.join().compareTo(b.join())
                : Integer.compare(a.index(), b.index()));
        return new SimMeeting(index, accountIds.get(index % accountIds.size()), meetingId, uuid, hostId, topic, type,
                timezone, start, end, planned, shareFrom, shareTo, participants);
    }

    private SimParticipant participant(int meeting, int p, Instant start, Instant end, int wave) {
        SplittableRandom r = Seeds.random(properties.seed(), 4, meeting, p);
        long durationSec = Duration.between(start, end).toSeconds();
        // Most join in the first three minutes; a few drop in later.
        long joinOffset = p == 0 ? r.nextLong(20) : r.nextDouble() < 0.8 ? 10 + r.nextLong(170)
                : r.nextLong(Math.max(1, durationSec / 2));
        Instant join = start.plusSeconds(joinOffset);
        boolean leftEarly = p != 0 && r.nextDouble() < 0.2;
        Instant leave = end;
        if (leftEarly) {
            long stay = Duration.between(join, end).toSeconds();
            leave = join.plusSeconds(180 + r.nextLong(Math.max(1, stay - 180)));
            if (!leave.isBefore(end)) {
                leave = end;
                leftEarly = false;
            }
        }
        if (Duration.between(join, leave).toSeconds() < 150) {
            join = start;
        }
        boolean guest = p != 0 && r.nextDouble() < 0.25;
        boolean degraded = r.nextDouble() < properties.degradedShare();
        boolean video = r.nextDouble() < 0.8;
        String first = FIRST[r.nextInt(FIRST.length)];
        String last = LAST[r.nextInt(LAST.length)];
        String name = guest ? "Guest " + (p + 1) : first + " " + last;
        String network = NETWORKS[r.nextInt(NETWORKS.length)];
        if (degraded && network.equals("Wired")) {
            network = "Wifi";
        }
        SimParticipant.Network profile = degraded
                ? new SimParticipant.Network(110 + r.nextInt(160), 15 + r.nextInt(25), 1.5 + r.nextDouble() * 6,
                        0.45 + r.nextDouble() * 0.25)
                : new SimParticipant.Network(12 + r.nextInt(45), 1 + r.nextInt(6), r.nextDouble() * 0.3,
                        0.9 + r.nextDouble() * 0.2);
        String userId = Long.toString(16_778_240L + p * 1_024L + wave % 1000);
        return new SimParticipant(p, userId,
                guest ? "" : token(r, 22),
                name,
                guest ? "" : (first + "." + last + "@example.com").toLowerCase(java.util.Locale.ROOT),
                DEVICES[r.nextInt(DEVICES.length)],
                guest ? "" : "192.0.2." + (1 + r.nextInt(250)),
                guest ? List.of() : List.of("10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(250))),
                guest ? "" : LOCATIONS[r.nextInt(LOCATIONS.length)],
                network,
                DATA_CENTERS[r.nextInt(DATA_CENTERS.length)],
                guest ? "" : "PC-" + token(r, 6).toUpperCase(java.util.Locale.ROOT),
                guest ? "" : "corp.example.com",
                guest ? "" : mac(r),
                guest ? "" : "Disk" + (10 + r.nextInt(90)),
                VERSIONS[r.nextInt(VERSIONS.length)],
                join, leave, leftEarly, degraded, video, guest, profile);
    }

    /**
     * A base64 UUID like Zoom's. Every fifth starts with {@code /} and every seventh contains
     * {@code //}: exactly the cases Zoom requires double encoding for.
     */
    private static String uuid(SplittableRandom r, int index) {
        byte[] bytes = new byte[16];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) r.nextInt(256);
        }
        if (index % 5 == 0) {
            bytes[0] = (byte) (0xFC | (bytes[0] & 0x03)); // first sextet 111111 = '/'
        } else if (index % 7 == 0) {
            // sextets 4 and 5 (bytes 3..5 form chars 4..7): make chars 4 and 5 both '/'
            bytes[3] = (byte) 0xFF;
            bytes[4] = (byte) (0xF0 | (bytes[4] & 0x0F));
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String token(SplittableRandom r, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String mac(SplittableRandom r) {
        return String.format("%04x-%04x-%04x", r.nextInt(0x10000), r.nextInt(0x10000), r.nextInt(0x10000));
    }
}
