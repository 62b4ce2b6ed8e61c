package dev.eventscheduler.standalone;

import dev.eventscheduler.model.config.Environment;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The environment variables a service's main reads: its public String constants, and the shared ones. */
final class ServiceVariables {

    private ServiceVariables() {
    }

    static Set<String> of(Class<?> main) {
        List<Field> fields = new ArrayList<>(Arrays.asList(main.getFields()));
        fields.addAll(Arrays.asList(Environment.class.getFields()));
        return fields.stream()
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(ServiceVariables::value)
                .collect(Collectors.toSet());
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
