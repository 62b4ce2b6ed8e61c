package dev.eventscheduler.model.topics;

import dev.eventscheduler.model.EventSchedulerException;

/** The topics exist but are laid out so that the system's guarantees cannot hold. */
public class TopicLayoutException extends EventSchedulerException {

    public TopicLayoutException(String message) {
        super(message);
    }
}
