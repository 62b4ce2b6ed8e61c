package dev.eventscheduler.scheduler.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.client.SchedulerClient;
import dev.eventscheduler.model.NotifyRule;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.validation.EventReader;
import dev.eventscheduler.model.validation.ValidationException;
import dev.eventscheduler.model.validation.Violation;
import dev.eventscheduler.scheduler.notify.WebhookHosts;
import dev.eventscheduler.scheduler.tracker.StatusTracker;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code /api/notify-rules}: who is told when runs end badly, written to the notify-rules topic
 * through the client and read from the tracker's copy of it; a write answers once this instance's
 * copy shows it. A rule whose webhook host the scheduler does not allow is refused (400 naming
 * {@code webhook}), as it could never be sent.
 */
final class NotifyRuleRoutes {

    private final StatusTracker tracker;
    private final SchedulerClient publisher;
    private final WebhookHosts hosts;

    NotifyRuleRoutes(StatusTracker tracker, SchedulerClient publisher, WebhookHosts hosts) {
        this.tracker = tracker;
        this.publisher = publisher;
        this.hosts = hosts;
    }

    void list(Context ctx) {
        ArrayNode list = EventJson.mapper().createArrayNode();
        tracker.notifyRules().all().forEach(rule -> list.add(EventJson.mapper().valueToTree(rule)));
        ApiServer.json(ctx, EventJson.mapper().createObjectNode().put("total", list.size()).set("notifyRules", list));
    }

    void get(Context ctx) {
        ApiServer.json(ctx, EventJson.mapper().valueToTree(existing(ctx)));
    }

    /** Creates (201) or replaces (200) the rule named in the path; the body's name, if any, must match. */
    void put(Context ctx) {
        String name = NamedResources.pathName(ctx, "notify rule");
        NotifyRule rule = EventReader.readNotifyRule(NamedResources.bodyNamed(ctx, name, "notify rule"));
        String refused = hosts.refusal(rule.webhook());
        if (refused != null) {
            throw new ValidationException("notify rule", List.of(new Violation("webhook", refused)));
        }
        boolean existed = tracker.notifyRules().get(name).isPresent();
        ApiServer.writer(ctx, publisher).putNotifyRule(rule);
        ApiServer.awaitShown(() -> tracker.notifyRules().get(name).filter(rule::equals).isPresent());
        ctx.status(existed ? 200 : 201);
        ApiServer.json(ctx, EventJson.mapper().valueToTree(rule));
    }

    /** Deletes the rule (204). */
    void delete(Context ctx) {
        String name = existing(ctx).name();
        ApiServer.writer(ctx, publisher).deleteNotifyRule(name);
        ApiServer.awaitShown(() -> tracker.notifyRules().get(name).isEmpty());
        ctx.status(204);
    }

    private NotifyRule existing(Context ctx) {
        String name = NamedResources.pathName(ctx, "notify rule");
        return tracker.notifyRules().get(name).orElseThrow(() -> new ApiException(404, "no notify rule named '" + name + "'"));
    }
}
