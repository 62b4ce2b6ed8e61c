package dev.eventscheduler.scheduler.notify;

import dev.eventscheduler.model.kafka.EventHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications to their webhooks: {@value #ATTEMPTS} tries, the first wait {@code backoff}
 * and each later one twice the one before, each try within {@link #REQUEST_TIMEOUT}; a 2xx ends it.
 * One that never got through, or whose host is not allowed, goes to the notification dead-letter
 * topic with the last error. Redirects are not followed: the allow-list is the whole of where we send.
 */
final class WebhookSender {

    static final int ATTEMPTS = 4;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The header naming why a notification was dead-lettered. */
    static final String ERROR_HEADER = EventHeaders.DLQ_ERROR_MESSAGE;

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final WebhookHosts hosts;
    private final Duration backoff;
    private final Producer<String, byte[]> deadLetters;
    private final String deadLetterTopic;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    WebhookSender(WebhookHosts hosts, Duration backoff, Producer<String, byte[]> deadLetters, String deadLetterTopic) {
        this.hosts = hosts;
        this.backoff = backoff;
        this.deadLetters = deadLetters;
        this.deadLetterTopic = deadLetterTopic;
    }

    /** Sends {@code notification}; completes once it got through or is dead-lettered, never exceptionally. */
    CompletableFuture<Void> send(Notification notification) {
        String refused = hosts.refusal(notification.rule().webhook());
        if (refused != null) {
            return deadLetter(notification, refused);
        }
        return attempt(notification, notification.body(), 1).thenCompose(error -> error == null
                ? CompletableFuture.completedFuture(null) : deadLetter(notification, error));
    }

    /** Try {@code attempt} and those after it; completes with the last error, or null once a try got a 2xx. */
    private CompletableFuture<String> attempt(Notification notification, byte[] body, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(notification.rule().webhook())).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").header("Idempotency-Key", notification.id())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
            if (failure == null && response.statusCode() / 100 == 2) {
                return null;
            }
            return failure != null ? "no answer: " + failure : "answered HTTP " + response.statusCode();
        }).thenCompose(error -> {
            if (error == null || attempt >= ATTEMPTS) {
                return CompletableFuture.completedFuture(error);
            }
            log.debug("Notification {} try {} failed ({}); trying again", notification.id(), attempt, error);
            return CompletableFuture.supplyAsync(() -> null, after(backoff.multipliedBy(1L << (attempt - 1))))
                    .thenCompose(ignored -> attempt(notification, body, attempt + 1));
        });
    }

    private static Executor after(Duration wait) {
        return CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<Void> deadLetter(Notification notification, String error) {
        log.warn("Notification {} to {} was not delivered ({}); it is kept on {}", notification.id(),
                notification.rule().webhook(), error, deadLetterTopic);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(deadLetterTopic, notification.rule().name(), notification.body());
        EventHeaders.set(record.headers(), ERROR_HEADER, error);
        CompletableFuture<Void> written = new CompletableFuture<>();
        try {
            deadLetters.send(record, (metadata, failure) -> {
                if (failure != null) {
                    log.error("Notification {} could not be dead-lettered either: {}", notification.id(), failure.toString());
                }
                written.complete(null);
            });
        } catch (RuntimeException e) {
            log.error("Notification {} could not be dead-lettered either: {}", notification.id(), e.toString());
            written.complete(null);
        }
        return written;
    }
}
