package dev.secondbrain.schemas;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A topic a service writes to, as that service sees it. Its owner creates it when it is missing (with the owner's
 * partitions and configs; an existing topic is never changed), at startup and again whenever it is found missing
 * later (a broker that was away at startup, a topic deleted by hand); a writer that does not own it only checks.
 * Readiness asks {@link #problem()}: each look at the broker runs in the background and waits at most
 * {@code timeout}; its answer is reused for {@code reuse}, so a probe waits on Kafka only for the very first look,
 * and never longer than {@code timeout}.
 */
public final class OwnedTopic implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OwnedTopic.class);

    private record Look(Optional<String> problem, long atNanos) {
    }

    private final Admin admin;
    private final NewTopic topic;
    private final boolean create;
    private final Duration timeout;
    private final Duration reuse;
    private volatile Look last;
    private CompletableFuture<Look> looking;

    /**
     * @param adminProperties the cluster to look at (the writer's own bootstrap servers and security)
     * @param topic           the topic as its owner creates it
     * @param create          whether this service creates it when missing (it owns it and may)
     * @param timeout         the longest one look at the broker may take
     * @param reuse           how long an answer is reused before the next look
     */
    public OwnedTopic(Map<String, Object> adminProperties, NewTopic topic, boolean create, Duration timeout,
                      Duration reuse) {
        this.admin = Admin.create(adminProperties);
        this.topic = topic;
        this.create = create;
        this.timeout = timeout;
        this.reuse = reuse;
    }

    public String name() {
        return topic.name();
    }

    /**
     * Looks now (creating the topic if this service owns it), giving the broker up to {@code atMost}, and returns
     * the answer: a service calls it once at startup, so that its topic exists before it first writes.
     */
    public Optional<String> ensure(Duration atMost) {
        return await(look(atMost), atMost);
    }

    /** Why the topic cannot be written to now (missing, or Kafka does not answer), or empty when it can. */
    public Optional<String> problem() {
        var current = last;
        if (current != null && System.nanoTime() - current.atNanos() < reuse.toNanos()) {
            return current.problem();
        }
        var next = look(timeout);
        return current != null ? current.problem() : await(next, timeout);
    }

    private Optional<String> await(CompletableFuture<Look> look, Duration atMost) {
        try {
            return look.get(atMost.toMillis() + 100, TimeUnit.MILLISECONDS).problem();
        } catch (TimeoutException e) {
            return Optional.of("topic " + name() + ": Kafka did not answer within " + atMost.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while looking for topic " + name());
        } catch (ExecutionException e) {
            return Optional.of(reason(e.getCause()));
        }
    }

    /** One look at a time: a probe that comes while one runs shares it. */
    private synchronized CompletableFuture<Look> look(Duration patience) {
        if (looking != null && !looking.isDone()) {
            return looking;
        }
        int ms = (int) patience.toMillis();
        looking = admin.describeTopics(List.of(name()), new DescribeTopicsOptions().timeoutMs(ms)).allTopicNames()
                .toCompletionStage().toCompletableFuture()
                .thenApply(found -> Optional.<String>empty())
                .exceptionallyCompose(e -> missing(e) ? createOrReport(ms) : failed(e))
                .exceptionally(e -> Optional.of(reason(e)))
                .thenApply(this::remember);
        return looking;
    }

    private CompletableFuture<Optional<String>> createOrReport(int ms) {
        if (!create) {
            return CompletableFuture.completedFuture(Optional.of("topic " + name()
                    + " does not exist (this service does not create it: pipeline.topics.create=false)"));
        }
        return admin.createTopics(List.of(topic), new CreateTopicsOptions().timeoutMs(ms)).all().toCompletionStage()
                .toCompletableFuture()
                .thenApply(created -> {
                    log.info("created topic {}: {} partitions, configs {}", name(), topic.numPartitions(), topic.configs());
                    return Optional.<String>empty();
                })
                .exceptionallyCompose(e -> unwrap(e) instanceof TopicExistsException
                        ? CompletableFuture.completedFuture(Optional.empty()) : failed(e));
    }

    private Look remember(Optional<String> problem) {
        var before = last;
        if (before == null || !before.problem().equals(problem)) {
            problem.ifPresentOrElse(p -> log.warn("cannot write to topic {}: {}", name(), p),
                    () -> log.info("topic {} is there", name()));
        }
        var look = new Look(problem, System.nanoTime());
        last = look;
        return look;
    }

    private static boolean missing(Throwable e) {
        return unwrap(e) instanceof UnknownTopicOrPartitionException;
    }

    private static CompletableFuture<Optional<String>> failed(Throwable e) {
        return CompletableFuture.failedFuture(unwrap(e));
    }

    private String reason(Throwable e) {
        var cause = unwrap(e);
        return "topic " + name() + ": " + cause.getClass().getSimpleName() + ": " + Objects.toString(cause.getMessage(), "");
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    @Override
    public void close() {
        admin.close(timeout);
    }
}
