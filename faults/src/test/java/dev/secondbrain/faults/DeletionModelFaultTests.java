package dev.secondbrain.faults;

import dev.secondbrain.faults.DeletionModel.Rules;
import dev.secondbrain.faults.DeletionRun.Result;
import dev.secondbrain.worker.consume.FaultPoints.Point;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The model-based oracle of deletions: seeded sequences of upserts, deletes, out-of-order and duplicate
 * deliveries, full syncs with partial listings and live events during them, confirmations, user deletes,
 * restores, erasures, delete-all and its revert, and sync reverts, each in a tenant of its own, many at once on
 * one pipeline (intake, two workers of which one crashes mid-run and is replaced, the read API). After each
 * sequence the store must be exactly what {@link DeletionModel} predicts. A failure prints its seed and the
 * shortest failing subsequence found by removing steps (delta debugging), each re-run in a fresh tenant.
 *
 * <p>CI runs seeds 1..{@value #CI_SEQUENCES}; {@code -Dfaults.sequences=N} runs N sequences from
 * {@code -Dfaults.seed} (default 1), {@code -Dfaults.parallel} at a time.
 */
class DeletionModelFaultTests {

    private static final Logger log = LoggerFactory.getLogger(DeletionModelFaultTests.class);
    static final int CI_SEQUENCES = 48;
    private static final Duration SHRINK_BUDGET = Duration.ofMinutes(4);

    @Test
    void everySequenceEndsInTheStoreTheReferenceModelPredicts() throws Exception {
        int sequences = Integer.getInteger("faults.sequences", CI_SEQUENCES);
        long firstSeed = Long.getLong("faults.seed", 1);
        int parallel = Integer.getInteger("faults.parallel", 16);
        long started = System.nanoTime();
        try (var stack = Stack.start()) {
            var crash = new Faults().crashAt(Point.COMMITTING, 30);
            stack.worker(crash, "pipeline.sync.sweep-interval=100ms");
            stack.worker("pipeline.sync.sweep-interval=100ms");
            var apiUrl = "http://localhost:" + stack.api().port();
            var replacement = Thread.ofPlatform().daemon().start(() -> {
                await().atMost(Duration.ofHours(12)).until(() -> crash.fired(Point.COMMITTING));
                stack.worker("pipeline.sync.sweep-interval=100ms");
            });
            try (var applied = new Applied(stack); var pool = Executors.newFixedThreadPool(parallel)) {
                var runs = new ArrayList<Future<Result>>();
                LongStream.range(firstSeed, firstSeed + sequences).forEach(seed -> runs.add(pool.submit(
                        (Callable<Result>) () -> new DeletionRun(DeletionSteps.generate(seed), stack, applied, apiUrl).run())));
                var results = new ArrayList<Result>();
                for (var run : runs) {
                    results.add(run.get());
                }
                log.info("{} sequences (seeds {}..{}) in {} s; the stores they left: {}; syncs: {}; jobs: {}",
                        sequences, firstSeed, firstSeed + sequences - 1,
                        Duration.ofNanos(System.nanoTime() - started).toSeconds(), stack.jdbc().queryForList("""
                                select k || ': ' || count(*) from (
                                    select coalesce(deleted_by, 'live') || case when purged_at is null then '' else ' purged' end
                                    from documents) d(k)
                                group by k order by k""", String.class),
                        stack.jdbc().queryForList("select state || ': ' || count(*) from sync_runs group by state",
                                String.class),
                        stack.jdbc().queryForList("select kind || ': ' || count(*) from jobs group by kind", String.class));

                var shrinker = new Shrinker(stack, applied, apiUrl, pool);
                var failed = results.stream().filter(r -> !r.violations().isEmpty()).toList();
                assertThat(failed).as(() -> report(failed, shrinker)).isEmpty();

                // control: each copy of the model with one wrong rule (the two sweep findings) is reported by the
                // same comparison on the same stores
                if (sequences >= CI_SEQUENCES) {
                    for (var wrong : List.of(Rules.OLD_SWEEP, Rules.SWEEP_IGNORES_LIVE_EVENTS)) {
                        assertThat(results).as("the wrong rule %s is reported", wrong).anyMatch(r ->
                                !r.wrongModelViolations().getOrDefault(wrong, List.of()).isEmpty());
                    }
                    // control of the shrinker: judged by a wrong rule, a failing sequence shrinks to a shorter one
                    // that still fails
                    var failing = results.stream()
                            .filter(r -> !r.wrongModelViolations().get(Rules.OLD_SWEEP).isEmpty()).findFirst().orElseThrow();
                    var judged = new Result(failing.steps(), failing.wrongModelViolations().get(Rules.OLD_SWEEP), Map.of());
                    var shortest = shrinker.shrink(judged, Rules.OLD_SWEEP, System.nanoTime() + Duration.ofSeconds(90).toNanos());
                    log.info("control: wrong rule OLD_SWEEP fails {}; shortest failing: {} {}", failing.steps(),
                            shortest.steps(), shortest.violations());
                    assertThat(shortest.steps().steps()).hasSizeLessThan(failing.steps().steps().size());
                    assertThat(shortest.violations()).isNotEmpty();
                }
                // control: a store changed by hand is reported
                var tampered = new DeletionRun(DeletionSteps.generate(firstSeed), stack, applied, apiUrl);
                assertThat(tampered.run().violations()).isEmpty();
                assertThat(tampered.afterTampering()).isNotEmpty();
                if (sequences >= CI_SEQUENCES) {
                    assertThat(crash.fired(Point.COMMITTING)).as("a worker crashed during the run").isTrue();
                }
            } finally {
                replacement.interrupt();
            }
        }
        log.info("model run finished in {} s", Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    /** The failing seeds, and for the first few the shortest failing subsequence found. */
    private static String report(List<Result> failed, Shrinker shrinker) {
        var report = new StringBuilder(failed.size() + " sequences differ from the model\n");
        long deadline = System.nanoTime() + SHRINK_BUDGET.toNanos();
        for (var result : failed) {
            report.append("FAILED ").append(result.steps()).append("\n  ").append(result.violations()).append('\n');
            if (System.nanoTime() < deadline) {
                var shortest = shrinker.shrink(result, Rules.DESIGN, deadline);
                report.append("  shortest failing: ").append(shortest.steps()).append("\n  ")
                        .append(shortest.violations()).append('\n');
            }
        }
        log.error("{}", report);
        return report.toString();
    }

    /**
     * Delta debugging: removes chunks of steps while the sequence still fails. The tries of one round run at once,
     * each in a fresh tenant; the first (in order) that still fails is kept.
     */
    record Shrinker(Stack stack, Applied applied, String apiUrl, ExecutorService pool) {

        Result shrink(Result failing, Rules reference, long deadline) {
            var best = failing;
            int chunks = 2;
            while (best.steps().steps().size() >= 2 && System.nanoTime() < deadline) {
                var steps = best.steps().steps();
                int size = (int) Math.ceil(steps.size() / (double) chunks);
                var tries = new ArrayList<Future<Result>>();
                for (int from = 0; from < steps.size(); from += size) {
                    var rest = new ArrayList<>(steps.subList(0, from));
                    rest.addAll(steps.subList(Math.min(steps.size(), from + size), steps.size()));
                    var candidate = best.steps().with(rest);
                    tries.add(pool.submit(() -> new DeletionRun(candidate, stack, applied, apiUrl, reference).run()));
                }
                Result smaller = null;
                for (var tried : tries) {
                    var result = join(tried);
                    if (smaller == null && !result.violations().isEmpty()) {
                        smaller = result;
                    }
                }
                if (smaller != null) {
                    best = smaller;
                    chunks = Math.max(chunks - 1, 2);
                } else if (size == 1) {
                    break;
                } else {
                    chunks = Math.min(steps.size(), chunks * 2);
                }
            }
            return best;
        }

        private static Result join(Future<Result> future) {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
