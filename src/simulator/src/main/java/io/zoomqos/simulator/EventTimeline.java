package io.zoomqos.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Every event the scenario produces in a window of simulated time, rendered in Zoom's shapes:
 * the lifecycle webhooks of every meeting, and the QSS events of the accounts with the add-on.
 * Pure: it neither delivers nor loses anything ({@link EventDelivery} does).
 */
final class EventTimeline {

    private final SimulatorProperties properties;
    private final MeetingPopulation population;
    private final QosGenerator qos;

    EventTimeline(SimulatorProperties properties, MeetingPopulation population, QosGenerator qos) {
        this.properties = properties;
        this.population = population;
        this.qos = qos;
    }

    /** The delivery the account's events take ({@code websocket-accounts}). */
    SimulatedZoom.Delivery delivery(String accountId) {
        return properties.websocketAccounts().contains(accountId)
                ? SimulatedZoom.Delivery.WEBSOCKET : SimulatedZoom.Delivery.WEBHOOK;
    }

    /** Whether the account has the QSS add-on ({@code qss-accounts}). */
    boolean hasQss(String accountId) {
        return properties.qssAccounts().contains(accountId);
    }

    /**
     * The events with simulated time in {@code (fromExclusive, toInclusive]} of the accounts whose
     * delivery is {@code only} (every account when null), in time order.
     */
    List<WebhookEvent> events(Instant fromExclusive, Instant toInclusive, SimulatedZoom.@Nullable Delivery only) {
        List<WebhookEvent> out = new ArrayList<>();
        for (SimMeeting m : population.overlapping(fromExclusive, toInclusive)) {
            if (only != null && delivery(m.accountId()) != only) {
                continue;
            }
            boolean qss = hasQss(m.accountId());
            addLifecycle(out, m, null, "meeting.started", m.start(), fromExclusive, toInclusive);
            for (SimParticipant p : m.participants()) {
                addLifecycle(out, m, p, "meeting.participant_joined", p.join(), fromExclusive, toInclusive);
                addLifecycle(out, m, p, "meeting.participant_left", p.leave(), fromExclusive, toInclusive);
                if (qss) {
                    addQss(out, m, p, fromExclusive, toInclusive);
                }
            }
            addLifecycle(out, m, null, "meeting.ended", m.end(), fromExclusive, toInclusive);
        }
        out.sort(Comparator.comparing(WebhookEvent::at).thenComparing(e -> order(e.event())));
        return out;
    }

    /**
     * The participant's QSS events in the window: for each minute {@code t} that has a sample
     * ({@link QosGenerator#minutes}), {@code qssEventsPerMinute} events at {@code t}, {@code t + 60s/n},
     * ... (none after the leave), each carrying minute {@code t}'s ground-truth values; and the
     * summary at the leave.
     */
    private void addQss(List<WebhookEvent> out, SimMeeting m, SimParticipant p, Instant from, Instant to) {
        int n = properties.qssEventsPerMinute();
        Duration step = Duration.ofNanos(Duration.ofMinutes(1).toNanos() / n);
        // Only the minutes whose events can fall in the window: from the minute before `from` on.
        Instant earliest = from.truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
        for (Instant minute : QosGenerator.minutes(p, to)) {
            if (minute.isBefore(earliest)) {
                continue;
            }
            SimSample sample = null;
            for (int i = 0; i < n; i++) {
                Instant at = minute.plus(step.multipliedBy(i));
                if (at.isAfter(p.leave()) || at.isAfter(to)) {
                    break;
                }
                if (at.isAfter(from)) {
                    if (sample == null) {
                        sample = qos.sample(m, p, minute);
                    }
                    out.add(new WebhookEvent(m.accountId(), SimulatedZoom.QSS_EVENT, at, m.uuid(),
                            ZoomRenderer.qss(at, m, p, sample)));
                }
            }
        }
        if (p.leave().isAfter(from) && !p.leave().isAfter(to)) {
            out.add(new WebhookEvent(m.accountId(), SimulatedZoom.QSS_SUMMARY_EVENT, p.leave(), m.uuid(),
                    ZoomRenderer.qssSummary(p.leave(), m, p, qos.samples(m, p, p.leave()))));
        }
    }

    private static void addLifecycle(List<WebhookEvent> out, SimMeeting m, @Nullable SimParticipant p, String event,
                                     Instant at, Instant from, Instant to) {
        if (at.isAfter(from) && !at.isAfter(to)) {
            out.add(new WebhookEvent(m.accountId(), event, at, m.uuid(),
                    ZoomRenderer.webhook(event, at, m, p, event.equals("meeting.ended"))));
        }
    }

    /** Among events of the same instant, the order Zoom's causality implies. */
    private static int order(String event) {
        return switch (event) {
            case "meeting.started" -> 0;
            case "meeting.participant_joined" -> 1;
            case SimulatedZoom.QSS_EVENT -> 2;
            case "meeting.participant_left" -> 3;
            case SimulatedZoom.QSS_SUMMARY_EVENT -> 4;
            default -> 5;
        };
    }
}
