package dev.eventscheduler.localkafka;

/** The local broker could not be prepared, started or reached. */
public class LocalKafkaException extends RuntimeException {

    public LocalKafkaException(String message) {
        super(message);
    }

    public LocalKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
