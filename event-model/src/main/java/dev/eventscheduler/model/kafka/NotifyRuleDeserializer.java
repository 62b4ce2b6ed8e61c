package dev.eventscheduler.model.kafka;

import dev.eventscheduler.model.NotifyRule;

/** Kafka deserializer for {@link NotifyRule}; usable by class name in consumer configuration. */
public final class NotifyRuleDeserializer extends JsonEventDeserializer<NotifyRule> {

    public NotifyRuleDeserializer() {
        super(EventType.NOTIFY_RULE, NotifyRule.class);
    }
}
