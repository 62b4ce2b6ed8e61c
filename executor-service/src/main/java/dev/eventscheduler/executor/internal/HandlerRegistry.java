package dev.eventscheduler.executor.internal;

import dev.eventscheduler.executor.TaskHandler;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handlers by task type. Handlers given to the builder win over those found through
 * {@link ServiceLoader}, which win over the built-ins, so an application can replace any of them.
 */
public final class HandlerRegistry {

    private static final Logger log = LoggerFactory.getLogger(HandlerRegistry.class);

    private final Map<String, TaskHandler> byType;

    private HandlerRegistry(Map<String, TaskHandler> byType) {
        this.byType = Map.copyOf(byType);
    }

    /** Built-ins first, then service-loaded handlers, then registered ones, each overriding the last. */
    public static HandlerRegistry of(Collection<TaskHandler> builtIns, Collection<TaskHandler> registered) {
        Map<String, TaskHandler> byType = new LinkedHashMap<>();
        builtIns.forEach(handler -> byType.put(handler.taskType(), handler));
        for (TaskHandler handler : ServiceLoader.load(TaskHandler.class)) {
            put(byType, handler, "ServiceLoader");
        }
        registered.forEach(handler -> put(byType, handler, "registration"));
        return new HandlerRegistry(byType);
    }

    private static void put(Map<String, TaskHandler> byType, TaskHandler handler, String source) {
        TaskHandler replaced = byType.put(handler.taskType(), handler);
        if (replaced != null && replaced.getClass() != handler.getClass()) {
            log.info("Handler for task type '{}' from {} replaces {}", handler.taskType(), source,
                    replaced.getClass().getName());
        }
    }

    /** The handler for {@code taskType}, or null. */
    public TaskHandler find(String taskType) {
        return taskType == null ? null : byType.get(taskType);
    }

    public Set<String> types() {
        return new TreeSet<>(byType.keySet());
    }
}
