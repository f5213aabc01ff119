package io.zoomqos.collector.polling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

/**
 * Decides which meeting of one account is read next, and when.
 *
 * <p>Earliest deadline first, with at most one pending job per meeting: every meeting has one
 * deadline, and a job is handed to the executor only when one of {@code concurrency} slots (plus
 * one kept for sweeps and for watched or pinned meetings) is free. The executor's Zoom calls wait for the account budget, so slots
 * free up exactly as fast as the budget allows: the planner is pulled by the budget rather than pushing into a queue.
 * When demand exceeds the budget, every meeting's deadline slips by the same amount (each next
 * deadline is counted from when its poll actually started), which stretches intervals evenly
 * instead of starving anyone. Due sweeps of ended meetings go before due live polls.
 *
 * <p>Due live polls are served by {@link Attention}: watched, then pinned, then recently poor,
 * then the rest, earliest deadline first within each level; so when the budget's live share is
 * short, the meetings people look at keep their interval and the rest stretch evenly. When the
 * live share is spent ({@link #liveShareSpent}: what is left of today's quota is the sweeps'),
 * recently poor and other meetings are no longer polled live (sweep-only) and never hold a slot
 * waiting for permits that will not come.
 *
 * <p>All time comes from the {@link Scheduler}, so tests drive it with virtual time.
 */
public final class PollPlanner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PollPlanner.class);
    private static final Comparator<MeetingSchedule> BY_DEADLINE =
            Comparator.comparing((MeetingSchedule m) -> m.nextDue).thenComparing(m -> m.meetingUuid);

    private final String accountId;
    private final PollingProperties properties;
    private final Scheduler scheduler;
    private final PollExecutor executor;
    private final PlannerEvents events;
    private final RandomGenerator random;

    private final Map<String, MeetingSchedule> meetings = new HashMap<>();
    private final PriorityQueue<MeetingSchedule> sweepsWaiting = new PriorityQueue<>(BY_DEADLINE);
    private final Map<Attention, PriorityQueue<MeetingSchedule>> liveWaiting = new java.util.EnumMap<>(Attention.class);
    private final AttentionSource attention;
    private boolean liveShareSpent;
    private int inFlight;
    private int sweepsInFlight;
    /** Running jobs, so that losing the account's lease stops their Zoom calls at once. */
    private final Disposable.Composite running = Disposables.composite();
    private Disposable wakeUp;
    private Instant wakeUpAt;
    private boolean closed;

    public PollPlanner(String accountId, PollingProperties properties, Scheduler scheduler, PollExecutor executor,
                       PlannerEvents events, RandomGenerator random) {
        this(accountId, properties, scheduler, executor, events, random, AttentionSource.NONE);
    }

    public PollPlanner(String accountId, PollingProperties properties, Scheduler scheduler, PollExecutor executor,
                       PlannerEvents events, RandomGenerator random, AttentionSource attention) {
        this.attention = attention;
        for (Attention a : Attention.values()) {
            liveWaiting.put(a, new PriorityQueue<>(BY_DEADLINE));
        }
        this.accountId = accountId;
        this.properties = properties;
        this.scheduler = scheduler;
        this.executor = executor;
        this.events = events;
        this.random = random;
    }

    public String accountId() {
        return accountId;
    }

    /** A meeting started: first live poll one interval (plus jitter) after its start. Idempotent. */
    public void meetingStarted(String meetingUuid, Instant startedAt) {
        track(meetingUuid, startedAt, null, null);
    }

    /** A meeting ended: its live polls stop and the final sweep is scheduled. Idempotent. */
    public void meetingEnded(String meetingUuid, Instant startedAt, Instant endedAt) {
        track(meetingUuid, startedAt, endedAt, null);
    }

    /**
     * Adds a meeting known from PostgreSQL (start-up and periodic reload) or from a signal.
     * Meetings already tracked keep their deadline; an end time not seen before turns them to
     * their sweep.
     *
     * @param lastPolledAt when it was last polled live, so a restart resumes instead of restarting the clock
     */
    public void track(String meetingUuid, Instant startedAt, Instant endedAt, Instant lastPolledAt) {
        synchronized (this) {
            if (closed) {
                return;
            }
            Instant now = now();
            // Times from Zoom (or a simulator running faster than real time) can lie ahead of our
            // clock; a deadline must never wait for a moment that has, for us, not come yet.
            startedAt = notAfter(startedAt, now);
            endedAt = endedAt == null ? null : notAfter(endedAt, now);
            MeetingSchedule m = meetings.get(meetingUuid);
            if (m == null) {
                Instant start = startedAt;
                m = endedAt == null
                        ? new MeetingSchedule(meetingUuid, start, PollJob.Kind.LIVE, firstLiveDeadline(start, lastPolledAt))
                        : new MeetingSchedule(meetingUuid, start, PollJob.Kind.SWEEP, endedAt.plus(properties.sweepDelay()));
                m.endedAt = endedAt;
                meetings.put(meetingUuid, m);
                enqueue(m);
            } else if (endedAt != null && m.endedAt == null) {
                m.endedAt = endedAt;
                if (!m.inFlight) {
                    dequeue(m);
                    toSweep(m, endedAt);
                    enqueue(m);
                }
                // In flight: the completion sees endedAt and schedules the sweep.
            }
        }
        pump();
    }

    private static Instant notAfter(Instant t, Instant now) {
        return t == null || t.isAfter(now) ? now : t;
    }

    private Instant firstLiveDeadline(Instant startedAt, Instant lastPolledAt) {
        if (lastPolledAt != null) {
            return lastPolledAt.plus(properties.interval());
        }
        long intervalMs = properties.interval().toMillis();
        long jitterMs = (long) (intervalMs * properties.jitter());
        return startedAt.plusMillis(intervalMs + (jitterMs > 0 ? random.nextLong(jitterMs + 1) : 0));
    }

    private void toSweep(MeetingSchedule m, Instant endedAt) {
        m.phase = PollJob.Kind.SWEEP;
        m.sweepAttempt = 0;
        m.nextDue = endedAt.plus(properties.sweepDelay());
    }

    /** Starts every job that is due while slots are free; otherwise sets a timer for the next deadline. */
    private void pump() {
        List<MeetingSchedule> starting = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            Instant now = now();
            MeetingSchedule next;
            while ((next = nextStartable(now)) != null) {
                dequeue(next);
                next.inFlight = true;
                inFlight++;
                if (next.phase == PollJob.Kind.SWEEP) {
                    sweepsInFlight++;
                }
                starting.add(next);
            }
            armWakeUp(now);
        }
        for (MeetingSchedule m : starting) {
            start(m);
        }
    }

    /**
     * The next job that may start now. Live polls use at most {@code concurrency} slots; one more
     * slot is kept for sweeps, so live polls that wait long at the budget (e.g. normal calls'
     * share of the day is spent) can never keep the final sweeps, which may use the reserve,
     * from starting.
     */
    private MeetingSchedule nextStartable(Instant now) {
        MeetingSchedule next = nextDue(now);
        if (next == null) {
            return null;
        }
        return inFlight < slots(next) ? next : null;
    }

    /**
     * Sweeps, and live polls of watched and pinned meetings (which take permits at the sweeps'
     * priority and so finish quickly), may use the one slot kept beyond {@code concurrency}.
     */
    private int slots(MeetingSchedule m) {
        boolean kept = m.phase == PollJob.Kind.SWEEP || m.attention.keepsInterval();
        return kept ? properties.concurrency() + 1 : properties.concurrency();
    }

    private MeetingSchedule nextDue(Instant now) {
        MeetingSchedule sweep = sweepsWaiting.peek();
        if (sweep != null && !sweep.nextDue.isAfter(now)) {
            return sweep;
        }
        for (Attention level : Attention.values()) {
            MeetingSchedule live = servedLive(level) ? liveWaiting.get(level).peek() : null;
            if (live != null && !live.nextDue.isAfter(now)) {
                // A due meeting of a higher level without a free slot never lets a lower one pass it.
                return live;
            }
        }
        return null;
    }

    /** Whether live polls of this level are started at all now. */
    private boolean servedLive(Attention level) {
        return !liveShareSpent || level.keepsInterval();
    }

    /** The earliest deadline of a live poll that may start and would have a slot (null if none). */
    private MeetingSchedule earliestLive() {
        MeetingSchedule earliest = null;
        for (Attention level : Attention.values()) {
            MeetingSchedule live = servedLive(level) ? liveWaiting.get(level).peek() : null;
            if (live != null && inFlight >= slots(live)) {
                continue;
            }
            if (live != null && (earliest == null || live.nextDue.isBefore(earliest.nextDue))) {
                earliest = live;
            }
        }
        return earliest;
    }

    /** A timer for the earliest deadline of a job that will have a slot; completions pump the rest. */
    private void armWakeUp(Instant now) {
        Instant earliest = null;
        if (inFlight < properties.concurrency() + 1 && sweepsWaiting.peek() != null) {
            earliest = sweepsWaiting.peek().nextDue;
        }
        MeetingSchedule live = earliestLive();
        if (live != null && (earliest == null || live.nextDue.isBefore(earliest))) {
            earliest = live.nextDue;
        }
        if (earliest == null || earliest.equals(wakeUpAt)) {
            return;
        }
        if (wakeUp != null) {
            wakeUp.dispose();
        }
        wakeUpAt = earliest;
        long delayMs = Math.max(0, Duration.between(now, earliest).toMillis());
        wakeUp = scheduler.schedule(() -> {
            synchronized (this) {
                wakeUpAt = null;
            }
            pump();
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    private void start(MeetingSchedule m) {
        PollJob job;
        synchronized (this) {
            job = m.job(accountId);
        }
        Instant startedAt = now();
        Disposable[] handle = new Disposable[1];
        handle[0] = executor.execute(job)
                .onErrorReturn(PollOutcome.FAILED)
                .defaultIfEmpty(PollOutcome.FAILED)
                .doFinally(signal -> {
                    if (handle[0] != null) {
                        running.remove(handle[0]);
                    }
                })
                .subscribe(outcome -> completed(m, job, outcome, startedAt));
        if (!handle[0].isDisposed()) {
            running.add(handle[0]);
        }
    }

    private void completed(MeetingSchedule m, PollJob job, PollOutcome outcome, Instant startedAt) {
        safely(() -> events.polled(job, outcome, startedAt));
        synchronized (this) {
            inFlight--;
            if (job.kind() == PollJob.Kind.SWEEP) {
                sweepsInFlight--;
            }
            m.inFlight = false;
            if (!closed) {
                reschedule(m, job, outcome, startedAt, now());
            }
        }
        // Never pump from inside an executor's completion stack: a synchronous executor would
        // recurse once per due meeting.
        scheduler.schedule(this::pump);
    }

    private void reschedule(MeetingSchedule m, PollJob job, PollOutcome outcome, Instant startedAt, Instant now) {
        if (job.kind() == PollJob.Kind.LIVE) {
            rescheduleLive(m, outcome, startedAt, now);
        } else {
            rescheduleSweep(m, outcome, now);
        }
        if (meetings.containsKey(m.meetingUuid)) {
            enqueue(m);
        }
    }

    private void rescheduleLive(MeetingSchedule m, PollOutcome outcome, Instant startedAt, Instant now) {
        if (outcome == PollOutcome.GONE) {
            forget(m);
            safely(() -> events.sweepGivenUp(accountId, m.meetingUuid, "zoom-gone", now));
            return;
        }
        m.notLiveStrikes = outcome == PollOutcome.NOT_LIVE ? m.notLiveStrikes + 1 : 0;
        if (m.endedAt != null) {
            toSweep(m, m.endedAt);
        } else if (m.notLiveStrikes >= properties.notLiveStrikes()) {
            closeByStopRule(m, "zoom-not-live", now);
        } else if (!now.isBefore(m.startedAt.plus(properties.maxLiveDuration()))) {
            closeByStopRule(m, "max-live-duration", now);
        } else if (outcome == PollOutcome.RATE_LIMITED) {
            // The budget paused the account; the next permit comes when it may. Keep the deadline.
            m.nextDue = now;
        } else {
            // Counted from when this poll started, not from its deadline: a late poll does not
            // cause a burst of catch-up polls, and every meeting's interval stretches alike.
            m.nextDue = startedAt.plus(properties.interval());
        }
    }

    private void closeByStopRule(MeetingSchedule m, String reason, Instant now) {
        m.endedAt = now;
        toSweep(m, now);
        log.info("meeting closed by stop rule account={} meeting={} reason={}", accountId, m.meetingUuid, reason);
        safely(() -> events.closedByStopRule(accountId, m.meetingUuid, reason, now));
    }

    private void rescheduleSweep(MeetingSchedule m, PollOutcome outcome, Instant now) {
        switch (outcome) {
            case DONE -> {
                forget(m);
                safely(() -> events.swept(accountId, m.meetingUuid, now));
            }
            case GONE -> giveUp(m, "zoom-gone", now);
            case RATE_LIMITED -> m.nextDue = now;
            default -> {
                if (!now.isBefore(m.endedAt.plus(properties.sweepGiveUpAfter()))) {
                    giveUp(m, "not-ready-after-" + properties.sweepGiveUpAfter(), now);
                    return;
                }
                m.sweepAttempt++;
                m.nextDue = now.plus(sweepBackoff(m.sweepAttempt));
            }
        }
    }

    /** first, 2x first, 4x first ... capped at the maximum. */
    Duration sweepBackoff(int attempt) {
        Duration wait = properties.sweepRetryFirst();
        for (int i = 1; i < attempt && wait.compareTo(properties.sweepRetryMax()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(properties.sweepRetryMax()) > 0 ? properties.sweepRetryMax() : wait;
    }

    private void giveUp(MeetingSchedule m, String reason, Instant now) {
        forget(m);
        log.warn("sweep given up account={} meeting={} reason={} attempts={}", accountId, m.meetingUuid, reason,
                m.sweepAttempt + 1);
        safely(() -> events.sweepGivenUp(accountId, m.meetingUuid, reason, now));
    }

    private void forget(MeetingSchedule m) {
        meetings.remove(m.meetingUuid);
    }

    private void enqueue(MeetingSchedule m) {
        if (m.phase == PollJob.Kind.SWEEP) {
            sweepsWaiting.add(m);
        } else {
            m.attention = attentionOf(m.meetingUuid);
            liveWaiting.get(m.attention).add(m);
        }
    }

    private void dequeue(MeetingSchedule m) {
        sweepsWaiting.remove(m);
        liveWaiting.get(m.attention).remove(m);
    }

    private Attention attentionOf(String meetingUuid) {
        try {
            Attention a = attention.of(meetingUuid);
            return a == null ? Attention.OTHER : a;
        } catch (RuntimeException e) {
            // A broken view must not stop polling: the meeting is then served like any other.
            log.warn("attention unknown account={} meeting={} error={}", accountId, meetingUuid, e.toString());
            return Attention.OTHER;
        }
    }

    /**
     * Asks the {@link AttentionSource} again for every waiting live meeting (someone opened or
     * closed a page, a pin was set) and re-orders those whose level changed.
     */
    public void refreshAttention() {
        synchronized (this) {
            if (closed) {
                return;
            }
            List<MeetingSchedule> waiting = new ArrayList<>();
            liveWaiting.values().forEach(waiting::addAll);
            for (MeetingSchedule m : waiting) {
                if (attentionOf(m.meetingUuid) != m.attention) {
                    dequeue(m);
                    enqueue(m);
                }
            }
        }
        pump();
    }

    /**
     * True when what is left of today's quota is needed by the final sweeps (the sweep
     * forecast's reserve): recently poor and other meetings become sweep-only; watched and
     * pinned ones are still polled. False again when the live share returns (a new day).
     */
    public void liveShareSpent(boolean spent) {
        synchronized (this) {
            if (closed || liveShareSpent == spent) {
                return;
            }
            liveShareSpent = spent;
        }
        pump();
    }

    /**
     * Every live meeting's state as of now: sweep-only (live share spent, not watched or
     * pinned), stretched (its poll's deadline passed more than a quarter of the interval ago and
     * the poll has not completed: not started, or waiting for the budget's permit), or fresh.
     */
    public synchronized List<LiveState> liveStates() {
        Instant now = now();
        Duration tolerance = properties.interval().dividedBy(4);
        List<LiveState> states = new ArrayList<>();
        for (MeetingSchedule m : meetings.values()) {
            if (m.phase != PollJob.Kind.LIVE) {
                continue;
            }
            Attention level = m.attention;
            if (!servedLive(level)) {
                states.add(new LiveState(m.meetingUuid, LiveState.SWEEP_ONLY,
                        "today's quota left is reserved for the final sweeps; collected completely after the end",
                        level));
            } else if (Duration.between(m.nextDue, now).compareTo(tolerance) > 0) {
                // also while its poll runs: a poll that waits for the budget's permit is late all the same
                states.add(new LiveState(m.meetingUuid, LiveState.STRETCHED, "budget: polled less often than every "
                        + properties.interval() + "; " + level.name().toLowerCase()
                        + " meetings wait behind watched, pinned and poor ones, earliest deadline first", level));
            } else {
                states.add(new LiveState(m.meetingUuid, LiveState.FRESH, level.name().toLowerCase()
                        + ": polled every " + properties.interval(), level));
            }
        }
        states.sort(Comparator.comparing(LiveState::meetingUuid));
        return states;
    }

    private Instant now() {
        return Instant.ofEpochMilli(scheduler.now(TimeUnit.MILLISECONDS));
    }

    public synchronized PlannerSnapshot snapshot() {
        Instant now = now();
        int live = 0;
        int sweeping = 0;
        int overdue = 0;
        Duration oldest = Duration.ZERO;
        for (MeetingSchedule m : meetings.values()) {
            if (m.phase == PollJob.Kind.LIVE) {
                live++;
            } else {
                sweeping++;
            }
            if (!m.inFlight && m.nextDue.isBefore(now)) {
                overdue++;
                Duration late = Duration.between(m.nextDue, now);
                oldest = late.compareTo(oldest) > 0 ? late : oldest;
            }
        }
        return new PlannerSnapshot(accountId, live, sweeping, inFlight, overdue, oldest);
    }

    /** True while the meeting is tracked (live or waiting for its sweep). */
    public synchronized boolean tracks(String meetingUuid) {
        return meetings.containsKey(meetingUuid);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (wakeUp != null) {
                wakeUp.dispose();
            }
            // Cancels the jobs' Zoom calls and their places in the budget queue: after a lost
            // lease another replica drives the account, and two must never spend its budget.
            running.dispose();
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("planner event listener failed error={}", e.toString());
        }
    }
}
