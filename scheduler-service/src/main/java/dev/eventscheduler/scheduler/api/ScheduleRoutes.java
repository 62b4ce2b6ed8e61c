package dev.eventscheduler.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventscheduler.client.SchedulerClient;
import dev.eventscheduler.model.Backfill;
import dev.eventscheduler.model.BackfillProgress;
import dev.eventscheduler.model.Pause;
import dev.eventscheduler.model.ScheduleDefinition;
import dev.eventscheduler.model.TaskEvent;
import dev.eventscheduler.model.json.EventJson;
import dev.eventscheduler.model.validation.BackfillRequests;
import dev.eventscheduler.model.validation.EventReader;
import dev.eventscheduler.model.validation.ScheduleRecord;
import dev.eventscheduler.model.validation.ScheduleValidator;
import dev.eventscheduler.model.validation.ValidationException;
import dev.eventscheduler.model.validation.Violation;
import dev.eventscheduler.scheduler.tracker.StatusTracker;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/schedules} and {@code POST /api/events}: writes go to Kafka through the client, never
 * straight into memory, so every instance sees them the same way; reads come from the tracker's
 * catalog, and a write answers once this instance's catalog shows it.
 */
final class ScheduleRoutes {

    private final StatusTracker tracker;
    private final SchedulerClient publisher;
    private final Clock clock;

    ScheduleRoutes(StatusTracker tracker, SchedulerClient publisher, Clock clock) {
        this.tracker = tracker;
        this.publisher = publisher;
        this.clock = clock;
    }

    void putSchedule(Context ctx) {
        String id = pathId(ctx);
        JsonNode body = ApiServer.bodyObject(ctx);
        if (body.has("id") && !id.equals(body.get("id").asText())) {
            throw new ValidationException("schedule", List.of(new Violation("id", "must match the path ('" + id + "'), was '"
                    + body.get("id").asText() + "'")));
        }
        ((ObjectNode) body).put("id", id);
        ScheduleDefinition definition = readFiring(body);
        boolean existed = tracker.catalog().record(id).isPresent();
        ApiServer.writer(ctx, publisher).upsert(definition);
        awaitCatalog(id, definition);
        ctx.status(existed ? 200 : 201);
        ObjectNode answer = EventJson.mapper().valueToTree(definition);
        ArrayNode warnings = ScheduleWarnings.of(definition, tracker.taskTypes(), tracker.calendars());
        if (!warnings.isEmpty()) {
            answer.set("warnings", warnings);
        }
        ApiServer.json(ctx, answer);
    }

    /**
     * Validates a definition without writing it and answers its next fire times: the dashboard's
     * form checks what is typed as it is typed. The id may be left out.
     */
    void preview(Context ctx) {
        ObjectNode body = ApiServer.bodyObject(ctx);
        if (!body.hasNonNull("id")) {
            body.put("id", "preview");
        }
        ScheduleDefinition definition = readFiring(body);
        ObjectNode answer = SchedulePreview.of(definition, tracker.catalog().progress(definition.id()), tracker.calendars(),
                clock.instant());
        answer.set("warnings", ScheduleWarnings.of(definition, tracker.taskTypes(), tracker.calendars()));
        ApiServer.json(ctx, answer);
    }

    /** A definition the scheduler would fire: valid, and with a time still to come ({@link SchedulePreview#requireTimeToCome}). */
    private ScheduleDefinition readFiring(JsonNode body) {
        return SchedulePreview.requireTimeToCome(EventReader.readSchedule(EventJson.toBytes(body)), clock.instant());
    }

    /** One page of the schedules that match the query's filters ({@link ScheduleListing}). */
    void listSchedules(Context ctx) {
        ApiServer.json(ctx, ScheduleListing.page(tracker.catalog(), tracker.runs(), ScheduleListing.Query.of(ctx), clock.instant(),
                this::scheduleView));
    }

    void getSchedule(Context ctx) {
        ApiServer.json(ctx, scheduleView(stored(ctx)));
    }

    /** Deletes what is stored under the key, a refused record too: that is the way to remove one. */
    void deleteSchedule(Context ctx) {
        ScheduleRecord record = stored(ctx);
        ApiServer.writer(ctx, publisher).delete(record.key());
        awaitCatalog(record.key(), null);
        ctx.status(204);
    }

    /**
     * Pauses a schedule, with an optional body {@code {"note": "why", "by": "who"}} kept with it
     * until it is resumed, stamped with this instance's time.
     */
    void pause(Context ctx) {
        ScheduleDefinition current = existing(ctx);
        ObjectNode body = ApiServer.bodyObject(ctx);
        Pause pause = new Pause(ApiServer.optionalText(body, "note", "note"), ApiServer.optionalText(body, "by", "by"),
                clock.instant());
        List<Violation> problems = ScheduleValidator.validatePause(pause);
        if (!problems.isEmpty()) {
            throw new ValidationException("pause", problems);
        }
        write(ctx, current.withPaused(true, pause));
    }

    /** Resumes a schedule; its pause note goes. */
    void resume(Context ctx) {
        write(ctx, existing(ctx).withPaused(false));
    }

    private void write(Context ctx, ScheduleDefinition updated) {
        ApiServer.writer(ctx, publisher).upsert(updated);
        awaitCatalog(updated.id(), updated);
        ApiServer.json(ctx, EventJson.mapper().valueToTree(updated));
    }

    /**
     * Starts a backfill of the schedule's times in {@code [from, to)}: 202 with its id and how many
     * times it fires; 409 while the schedule's last backfill has not finished.
     */
    void backfill(Context ctx) {
        ScheduleDefinition current = existing(ctx);
        BackfillRequests.Request request = BackfillRequests.read(EventJson.toBytes(ApiServer.bodyObject(ctx)));
        BackfillProgress progress = tracker.catalog().progress(current.id()).backfill();
        Backfill running = current.backfill();
        if (running != null && !running.doneBy(progress)) {
            BackfillProgress own = running.progressIn(progress);
            throw new ApiException(409, "backfill " + running.id() + " of schedule '" + current.id() + "' has not finished ("
                    + (own != null ? own.fired() : 0) + " of " + running.times()
                    + " fired); start another once it has");
        }
        Backfill backfill = BackfillRequests.plan(current, request.from(), request.to(), request.overlap(), clock.instant());
        ScheduleDefinition updated = current.withBackfill(backfill);
        ApiServer.writer(ctx, publisher).upsert(updated);
        awaitCatalog(updated.id(), updated);
        ctx.status(202);
        ApiServer.json(ctx, EventJson.mapper().createObjectNode().put("backfillId", backfill.id()).put("times", backfill.times()));
    }

    /** Fires the schedule once now, outside its trigger; its trigger state is not touched. */
    void trigger(Context ctx) {
        String eventId = ApiServer.writer(ctx, publisher).triggerNow(existing(ctx));
        ctx.status(202);
        ApiServer.json(ctx, EventJson.mapper().createObjectNode().put("eventId", eventId));
    }

    /**
     * A one-off event: the id and key are filled in when absent (key: the event id). It may not name
     * a schedule or take an id of the form the scheduler gives its fires, so it cannot stand in for
     * another run in the history.
     */
    void postEvent(Context ctx) {
        ObjectNode body = ApiServer.bodyObject(ctx);
        if (!body.hasNonNull("eventId")) {
            body.put("eventId", UUID.randomUUID().toString());
        }
        if (!body.hasNonNull("taskKey")) {
            body.set("taskKey", body.get("eventId"));
        }
        Instant now = clock.instant();
        if (!body.hasNonNull("scheduledAt")) {
            body.put("scheduledAt", now.toString());
        }
        body.put("firedAt", now.toString());
        TaskEvent event = EventReader.readOneOffEvent(EventJson.toBytes(body));
        ApiServer.writer(ctx, publisher).publish(event);
        ctx.status(202);
        ApiServer.json(ctx, EventJson.mapper().createObjectNode().put("eventId", event.eventId()));
    }

    /** Read-your-writes: a GET right after a PUT or DELETE answers with what it wrote. */
    private void awaitCatalog(String id, ScheduleDefinition expected) {
        ApiServer.awaitShown(() -> matches(tracker.catalog().record(id).orElse(null), expected));
    }

    private static boolean matches(ScheduleRecord record, ScheduleDefinition expected) {
        return expected == null ? record == null : record != null && expected.equals(record.definition());
    }

    private ObjectNode scheduleView(ScheduleRecord record) {
        ObjectNode view = ScheduleView.of(record, tracker.catalog().progress(record.key()), tracker.calendars(),
                tracker.runs().summary(record.key()), clock.instant());
        String writtenBy = tracker.catalog().writtenBy(record.key());
        if (writtenBy != null) {
            view.put("writtenBy", writtenBy);
        }
        return view;
    }

    /** The record stored under the path's id, valid or refused (its key need not be a valid id). */
    private ScheduleRecord stored(Context ctx) {
        String key = ctx.pathParam("id");
        return tracker.catalog().record(key).orElseThrow(() -> {
            pathId(ctx);
            return new ApiException(404, "no schedule with id '" + key + "'");
        });
    }

    /** The schedule under the path's id, which must be one the scheduler fires. */
    private ScheduleDefinition existing(Context ctx) {
        ScheduleRecord record = stored(ctx);
        if (!record.valid()) {
            throw new ValidationException("schedule", record.problems().stream()
                    .map(v -> new Violation(v.field(), v.message() + " (the stored record is refused and does not fire; "
                            + "PUT a valid definition or DELETE it)")).toList());
        }
        return record.definition();
    }

    private static String pathId(Context ctx) {
        String id = ctx.pathParam("id");
        List<Violation> problems = ScheduleValidator.validateId(id);
        if (!problems.isEmpty()) {
            throw new ValidationException("schedule", problems);
        }
        return id;
    }
}
