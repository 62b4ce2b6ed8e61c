package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.NotifyRule;

/** Kafka serializer for {@link NotifyRule}; usable by class name in producer configuration. */
public final class NotifyRuleSerializer extends JsonEventSerializer<NotifyRule> {

    public NotifyRuleSerializer() {
        super(EventType.NOTIFY_RULE);
    }
}
