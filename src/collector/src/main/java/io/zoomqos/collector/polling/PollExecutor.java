package io.zoomqos.collector.polling;

import reactor.core.publisher.Mono;

/**
 * Carries out one {@link PollJob}: Zoom calls (each through the account budget) and storage.
 * Never errors: every failure is an outcome, so one bad meeting cannot stop the planner.
 */
@FunctionalInterface
public interface PollExecutor {

    Mono<PollOutcome> execute(PollJob job);
}
