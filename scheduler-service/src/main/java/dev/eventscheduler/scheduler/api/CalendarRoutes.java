package dev.eventscheduler.scheduler.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.client.SchedulerClient;
import dev.eventscheduler.model.Calendar;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.validation.EventReader;
import dev.eventscheduler.scheduler.tracker.StatusTracker;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * {@code /api/calendars}: exclusion calendars, written to the calendars topic through the client and
 * read from the tracker's copy of it; a write answers once this instance's copy shows it.
 */
final class CalendarRoutes {

    private final StatusTracker tracker;
    private final SchedulerClient publisher;

    CalendarRoutes(StatusTracker tracker, SchedulerClient publisher) {
        this.tracker = tracker;
        this.publisher = publisher;
    }

    void list(Context ctx) {
        ArrayNode list = EventJson.mapper().createArrayNode();
        tracker.calendars().all().forEach(calendar -> list.add(EventJson.mapper().valueToTree(calendar)));
        ApiServer.json(ctx, EventJson.mapper().createObjectNode().put("total", list.size()).set("calendars", list));
    }

    void get(Context ctx) {
        ApiServer.json(ctx, EventJson.mapper().valueToTree(existing(ctx)));
    }

    /** Creates (201) or replaces (200) the calendar named in the path; the body's name, if any, must match. */
    void put(Context ctx) {
        String name = NamedResources.pathName(ctx, "calendar");
        Calendar calendar = EventReader.readCalendar(NamedResources.bodyNamed(ctx, name, "calendar"));
        boolean existed = tracker.calendars().get(name).isPresent();
        ApiServer.writer(ctx, publisher).putCalendar(calendar);
        ApiServer.awaitShown(() -> tracker.calendars().get(name).filter(calendar::equals).isPresent());
        ctx.status(existed ? 200 : 201);
        ApiServer.json(ctx, EventJson.mapper().valueToTree(calendar));
    }

    /** Deletes the calendar (204): the schedules that name it no longer skip by it. */
    void delete(Context ctx) {
        String name = existing(ctx).name();
        ApiServer.writer(ctx, publisher).deleteCalendar(name);
        ApiServer.awaitShown(() -> tracker.calendars().get(name).isEmpty());
        ctx.status(204);
    }

    private Calendar existing(Context ctx) {
        String name = NamedResources.pathName(ctx, "calendar");
        Optional<Calendar> calendar = tracker.calendars().get(name);
        return calendar.orElseThrow(() -> new ApiException(404, "no calendar named '" + name + "'"));
    }
}
