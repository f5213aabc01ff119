package io.zoomqos.collector.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-second arithmetic on its own: no clock, no scheduler, "now" is whatever the test says. */
class SlidingWindowGcraTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long INTERVAL = BudgetHarness.INTERVAL;

    @Test
    void theCeilingIsTheEffectiveCapFlooredToWholeRequests() {
        assertThat(new SlidingWindowGcra(14.4).ceilingRate()).isEqualTo(14.0);
        assertThat(new SlidingWindowGcra(10 * 0.9).ceilingRate()).as("8.999... is 9").isEqualTo(9.0);
        assertThat(new SlidingWindowGcra(0.5).ceilingRate()).as("below 1/s the fraction is kept").isEqualTo(0.5);
        assertThat(new SlidingWindowGcra(14.4).intervalAt(1_000)).as("never closer than the ceiling").isEqualTo(INTERVAL);
        assertThat(new SlidingWindowGcra(14.4).intervalAt(2)).isEqualTo(SECOND / 2);
    }

    @Test
    void grantsAreDueOneIntervalApart() {
        SlidingWindowGcra window = new SlidingWindowGcra(14.4);
        assertThat(window.dueAt()).isLessThan(0);
        window.grant(0, INTERVAL);
        assertThat(window.dueAt()).isEqualTo(INTERVAL);
        window.grant(INTERVAL, INTERVAL);
        assertThat(window.dueAt()).isEqualTo(2 * INTERVAL);
    }

    @Test
    void aSlightlyLateGrantKeepsTheScheduleALateOneStartsAnew() {
        SlidingWindowGcra window = new SlidingWindowGcra(14.4);
        window.grant(0, INTERVAL);
        window.grant(INTERVAL + INTERVAL / 8, INTERVAL); // a timer 1/8 interval late: caught up
        assertThat(window.dueAt()).isEqualTo(2 * INTERVAL);
        window.grant(5 * INTERVAL, INTERVAL); // idle for a while: no credit for the idle time
        assertThat(window.dueAt()).isEqualTo(6 * INTERVAL);
    }

    @Test
    void aGivenBackGrantIsUndoneUnlessAnotherCameSince() {
        SlidingWindowGcra window = new SlidingWindowGcra(14.4);
        window.grant(0, INTERVAL);
        SlidingWindowGcra.Grant unused = window.grant(INTERVAL, INTERVAL);
        window.giveBack(unused);
        assertThat(window.dueAt()).as("the slot is free again").isEqualTo(INTERVAL);

        SlidingWindowGcra.Grant first = window.grant(INTERVAL, INTERVAL);
        window.grant(2 * INTERVAL, INTERVAL);
        window.giveBack(first);
        assertThat(window.dueAt()).as("too late to undo: kept counted").isEqualTo(3 * INTERVAL);
    }

    @Test
    void grantingWheneverDueWithRandomLatenessNeverPutsFifteenIntoASecond() {
        for (int seed = 1; seed <= 100; seed++) {
            Random random = new Random(seed);
            SlidingWindowGcra window = new SlidingWindowGcra(14.4);
            List<Long> grants = new ArrayList<>();
            long now = random.nextInt(1_000_000);
            for (int i = 0; i < 2_000; i++) {
                now = Math.max(now, window.dueAt()) + (random.nextInt(4) == 0 ? random.nextInt(20_000_000) : 0);
                window.grant(now, window.intervalAt(14.0));
                grants.add(now);
            }
            for (int i = 14; i < grants.size(); i++) {
                assertThat(grants.get(i) - grants.get(i - 14)).as("seed %d", seed).isGreaterThan(SECOND);
            }
        }
    }
}
