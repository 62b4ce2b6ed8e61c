package dev.eventscheduler.scheduler.internal;

import java.time.Instant;

/**
 * One scheduled time of one schedule that came due, on its way from the next-fire index to the
 * firing loop's transaction.
 *
 * @param scheduleId  the schedule
 * @param scheduledAt the time it was due
 */
record Fire(String scheduleId, Instant scheduledAt) {
}
