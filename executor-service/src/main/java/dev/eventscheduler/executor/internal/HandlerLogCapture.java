package dev.eventscheduler.executor.internal;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import dev.eventscheduler.executor.TaskLog;
import dev.eventscheduler.model.RunLogChunk;
import java.time.Instant;
import org.slf4j.LoggerFactory;

/**
 * Puts what a handler logs through SLF4J on its task's thread into its attempt's {@link TaskLog}:
 * while the handler runs, its thread is marked with the attempt's log, and a Logback appender on
 * the root logger adds each event logged on a marked thread to that log. The lines still go to the
 * executor's own log as configured. Works only where Logback is SLF4J's binding (the executor's
 * main); elsewhere only {@code TaskContext.log()} is captured. One appender serves every executor in
 * the JVM, without a lock: it only reads its thread. The mark is a thread-local rather than an MDC entry: it is set and cleared on every
 * attempt, a noop one included, and Logback calls a root appender on the logging thread.
 */
final class HandlerLogCapture extends UnsynchronizedAppenderBase<ILoggingEvent> {

    static final String APPENDER_NAME = "event-scheduler-run-logs";

    private static final ThreadLocal<TaskLog> RUNNING = new ThreadLocal<>();

    private HandlerLogCapture() {
    }

    /** Adds the appender to Logback's root logger, once per JVM; says whether lines logged through SLF4J are captured. */
    static synchronized boolean install() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return false;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(APPENDER_NAME) == null) {
            HandlerLogCapture appender = new HandlerLogCapture();
            appender.setName(APPENDER_NAME);
            appender.setContext(context);
            appender.start();
            root.addAppender(appender);
        }
        return true;
    }

    /** Marks this thread as running {@code log}'s handler until the returned scope closes. */
    static Scope capture(TaskLog log) {
        RUNNING.set(log);
        return RUNNING::remove;
    }

    /** The time a handler's thread is marked; closing it never throws. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    protected void append(ILoggingEvent event) {
        TaskLog log = RUNNING.get();
        if (log == null) {
            return; // not logged by a running handler's thread
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        String message = thrown == null ? event.getFormattedMessage()
                : event.getFormattedMessage() + ": " + thrown.getClassName() + ": " + thrown.getMessage();
        log.add(new RunLogChunk.Line(Instant.ofEpochMilli(event.getTimeStamp()), event.getLevel().toString(),
                event.getLoggerName(), message));
    }
}
