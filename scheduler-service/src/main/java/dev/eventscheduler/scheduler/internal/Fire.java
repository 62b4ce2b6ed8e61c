package dev.eventscheduler.scheduler.internal;

import java.time.Instant;

/**
 * One scheduled time that came due, on its way from the timing engine to the firing loop.
 *
 * @param scheduleId  the schedule
 * @param scheduledAt the time it was due
 * @param firedAt     when the timing engine (or a catch-up) produced it
 */
public record Fire(String scheduleId, Instant scheduledAt, Instant firedAt) {
}
