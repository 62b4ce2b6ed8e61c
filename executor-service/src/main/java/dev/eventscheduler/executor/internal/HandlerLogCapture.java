package dev.eventscheduler.executor.internal;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import dev.eventscheduler.executor.TaskLog;
import dev.eventscheduler.model.RunLogChunk;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Puts what a handler logs through SLF4J on its task's thread into its attempt's {@link TaskLog}:
 * while the handler runs, its thread's MDC names the attempt ({@value #MDC_KEY}), and a Logback
 * appender on the root logger adds each event so marked to that attempt's log. The lines still go
 * to the executor's own log as configured. Works only where Logback is SLF4J's binding (the
 * executor's main); elsewhere only {@code TaskContext.log()} is captured. One appender and one
 * registry serve every executor in the JVM: an attempt's mark is unique within it.
 */
final class HandlerLogCapture extends AppenderBase<ILoggingEvent> {

    /** The MDC key naming the attempt whose handler runs on the thread. */
    static final String MDC_KEY = "run-log";
    static final String APPENDER_NAME = "event-scheduler-run-logs";

    private static final Map<String, TaskLog> OPEN = new ConcurrentHashMap<>();
    private static final AtomicLong MARKS = new AtomicLong();

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
        String mark = Long.toString(MARKS.incrementAndGet());
        OPEN.put(mark, log);
        MDC.put(MDC_KEY, mark);
        return () -> {
            MDC.remove(MDC_KEY);
            OPEN.remove(mark);
        };
    }

    /** The time a handler's thread is marked; closing it never throws. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    protected void append(ILoggingEvent event) {
        String mark = event.getMDCPropertyMap().get(MDC_KEY);
        TaskLog log = mark == null ? null : OPEN.get(mark);
        if (log == null) {
            return; // not logged by a running handler, or after its attempt ended
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        String message = thrown == null ? event.getFormattedMessage()
                : event.getFormattedMessage() + ": " + thrown.getClassName() + ": " + thrown.getMessage();
        log.add(new RunLogChunk.Line(Instant.ofEpochMilli(event.getTimeStamp()), event.getLevel().toString(),
                event.getLoggerName(), message));
    }
}
