package io.zoomqos.collector.polling;

import java.time.Duration;

/**
 * One account's polling as it stands: the visible side of fair degradation.
 *
 * @param accountId the account
 * @param live meetings being polled live
 * @param sweeping ended meetings waiting for or in their final sweep
 * @param inFlight polls running now
 * @param overdue meetings whose deadline has passed but that are not running yet
 * @param oldestOverdue how late the most overdue of them is (zero if none)
 */
public record PlannerSnapshot(String accountId, int live, int sweeping, int inFlight, int overdue, Duration oldestOverdue) {
}
