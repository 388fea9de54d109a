package dev.secondbrain.worker.deadletter;

import dev.secondbrain.schemas.EventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends records the worker cannot apply to the dead-letter topic: original key, value and headers, plus
 * the reason and origin in {@link EventHeaders}{@code .DLT_*}. {@link #send} returns only once the broker
 * acknowledged every dead letter, because the batch's offsets are committed right after: a dead letter
 * is never lost, at worst duplicated.
 */
public final class DeadLetters {

    private static final int MAX_MESSAGE_CHARS = 1000;

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Duration timeout;

    public DeadLetters(Producer<byte[], byte[]> producer, String topic, Duration timeout) {
        this.producer = producer;
        this.topic = topic;
        this.timeout = timeout;
    }

    public record DeadLetter(ConsumerRecord<byte[], byte[]> record, Throwable reason) {
    }

    /** Sends and waits for the acknowledgements; throws {@link DeadLetteringFailed} (transient) if the broker does not take them. */
    public void send(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        var sent = new ArrayList<Future<RecordMetadata>>(letters.size());
        for (var letter : letters) {
            sent.add(producer.send(toRecord(letter)));
        }
        producer.flush();
        try {
            for (var future : sent) {
                future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetteringFailed(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new DeadLetteringFailed(e);
        }
    }

    private ProducerRecord<byte[], byte[]> toRecord(DeadLetter letter) {
        var original = letter.record();
        var headers = new RecordHeaders(original.headers().toArray());
        header(headers, EventHeaders.DLT_EXCEPTION_CLASS, letter.reason().getClass().getName());
        header(headers, EventHeaders.DLT_EXCEPTION_MESSAGE, message(letter.reason()));
        header(headers, EventHeaders.DLT_ORIGINAL_TOPIC, original.topic());
        header(headers, EventHeaders.DLT_ORIGINAL_PARTITION, String.valueOf(original.partition()));
        header(headers, EventHeaders.DLT_ORIGINAL_OFFSET, String.valueOf(original.offset()));
        return new ProducerRecord<>(topic, null, original.key(), original.value(), headers);
    }

    private static String message(Throwable reason) {
        var message = String.valueOf(reason.getMessage());
        return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The broker did not acknowledge dead letters: a transient failure, the batch is retried. */
    public static class DeadLetteringFailed extends RuntimeException {
        DeadLetteringFailed(Throwable cause) {
            super("dead letters not acknowledged", cause);
        }
    }
}
