package io.zoomqos.collector.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class GroupCommitTest {

    /** What the fake database was asked to commit, batch by batch. */
    private final List<List<String>> attempts = new CopyOnWriteArrayList<>();

    /** A database that rejects any batch holding an event named "huge", as PostgreSQL does an oversized index entry. */
    private Mono<List<String>> write(List<String> batch) {
        attempts.add(List.copyOf(batch));
        if (batch.contains("huge")) {
            return Mono.error(new R2dbcNonTransientResourceException("index row requires 40064 bytes", "54000"));
        }
        return Mono.just(batch.stream().map(e -> e + ":stored").toList());
    }

    private GroupCommit<String, String> commits(GroupCommit.BatchWriter<String, String> writer, int capacity) {
        return new GroupCommit<>(new GroupCommit.Limits(capacity, 1_000, 100, 1, Duration.ofSeconds(2), "test"),
                writer, String::length, IllegalStateException::new,
                (error, dataError) -> new IllegalArgumentException(dataError ? "bad data" : "unavailable"),
                new SimpleMeterRegistry());
    }

    @Test
    void oneEventTooLargeForAnIndexFailsAloneAndItsNeighboursAreStored() {
        List<Mono<String>> results = commits(this::write, 100).submitAll(List.of("a", "b", "huge", "c"));

        StepVerifier.create(results.get(0)).expectNext("a:stored").verifyComplete();
        StepVerifier.create(results.get(1)).expectNext("b:stored").verifyComplete();
        StepVerifier.create(results.get(2)).verifyErrorMessage("bad data");
        StepVerifier.create(results.get(3)).expectNext("c:stored").verifyComplete();
        assertThat(attempts.get(0)).containsExactly("a", "b", "huge", "c");
    }

    @Test
    void aFailingConnectionFailsTheWholeBatchAsUnavailableWithoutRetrying() {
        GroupCommit<String, String> commits = commits(batch -> {
            attempts.add(batch);
            return Mono.error(new R2dbcTransientResourceException("connection reset"));
        }, 100);
        List<Mono<String>> results = commits.submitAll(List.of("a", "b"));

        StepVerifier.create(results.get(0)).verifyErrorMessage("unavailable");
        StepVerifier.create(results.get(1)).verifyErrorMessage("unavailable");
        assertThat(attempts).hasSize(1);
    }

    @Test
    void eventsArrivingWhileACommitIsInFlightShareTheNextBatch() {
        Sinks.One<List<String>> firstCommit = Sinks.one();
        List<List<String>> batches = new ArrayList<>();
        GroupCommit<String, String> commits = commits(batch -> {
            batches.add(batch);
            return batches.size() == 1 ? firstCommit.asMono() : Mono.just(batch.stream().map(e -> e + ":ok").toList());
        }, 100);

        Mono<String> first = commits.submit("a");
        first.subscribe();
        List<Mono<String>> later = List.of(commits.submit("b"), commits.submit("c"));
        later.forEach(Mono::subscribe);
        assertThat(batches).containsExactly(List.of("a")); // one writer, busy

        firstCommit.tryEmitValue(List.of("a:ok"));

        assertThat(batches).containsExactly(List.of("a"), List.of("b", "c"));
        StepVerifier.create(later.get(1)).expectNext("c:ok").verifyComplete();
    }

    @Test
    void aFullQueueRefusesAtOnce() {
        GroupCommit<String, String> commits = commits(batch -> Mono.never(), 1);
        commits.submit("a").subscribe(); // taken by the writer, which never finishes
        commits.submit("b").subscribe(); // waits: the queue is full

        StepVerifier.create(commits.submit("c")).verifyErrorMessage("queue is full");
        assertThat(commits.queued()).isEqualTo(1);
    }
}
