package dev.eventscheduler.model.validation;

import dev.eventscheduler.model.EventSchedulerException;
import java.util.List;
import java.util.stream.Collectors;

/** Input was refused; {@link #violations()} holds every problem found, each naming its field. */
public class ValidationException extends EventSchedulerException {

    private final transient List<Violation> violations;

    public ValidationException(String what, List<Violation> violations) {
        super("invalid " + what + ": "
                + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
