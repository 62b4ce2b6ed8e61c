package dev.eventscheduler.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The {@code kafka-acls.sh $A ...} lines of docs/production-kafka.md, read as the ACLs they add, so
 * the secured test grants exactly what the documentation tells operators to grant. Understands the
 * flags those lines use: {@code --allow-principal}, {@code --operation}, {@code --topic},
 * {@code --group}, {@code --transactional-id} and {@code --resource-pattern-type}.
 */
final class DocumentedAcls {

    static final Path PAGE = Path.of("..", "docs", "production-kafka.md");
    private static final String COMMAND = "kafka-acls.sh $A ";

    private DocumentedAcls() {
    }

    /** Every ACL the page's lines add, in their order. */
    static List<AclBinding> read() {
        try {
            return Files.readAllLines(PAGE).stream().filter(line -> line.startsWith(COMMAND))
                    .flatMap(line -> parse(line.substring(COMMAND.length())).stream()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page's ACLs of {@code from}, given to {@code to} instead: the standalone jar's principal. */
    static List<AclBinding> asPrincipal(List<AclBinding> acls, String from, String to) {
        return acls.stream().filter(acl -> acl.entry().principal().equals(from))
                .map(acl -> new AclBinding(acl.pattern(), new AccessControlEntry(to, "*", acl.entry().operation(), AclPermissionType.ALLOW)))
                .toList();
    }

    private static List<AclBinding> parse(String line) {
        String[] words = line.trim().split("\\s+");
        String principal = null;
        List<AclOperation> operations = new ArrayList<>();
        ResourceType type = null;
        String name = null;
        PatternType pattern = PatternType.LITERAL;
        for (int i = 0; i < words.length; i += 2) {
            String value = words[i + 1];
            switch (words[i]) {
                case "--allow-principal" -> principal = value;
                case "--operation" -> operations.add(AclOperation.fromString(value.replaceAll("([a-z])([A-Z])", "$1_$2")));
                case "--topic" -> { type = ResourceType.TOPIC; name = value; }
                case "--group" -> { type = ResourceType.GROUP; name = value; }
                case "--transactional-id" -> { type = ResourceType.TRANSACTIONAL_ID; name = value; }
                case "--resource-pattern-type" -> pattern = PatternType.fromString(value.toUpperCase(Locale.ROOT));
                default -> throw new IllegalArgumentException("unknown flag " + words[i] + " in: " + line);
            }
        }
        if (principal == null || type == null || operations.contains(AclOperation.UNKNOWN) || operations.isEmpty()) {
            throw new IllegalArgumentException("not a complete ACL: " + line);
        }
        ResourcePattern resource = new ResourcePattern(type, name, pattern);
        String who = principal;
        return operations.stream().map(op -> new AclBinding(resource, new AccessControlEntry(who, "*", op, AclPermissionType.ALLOW))).toList();
    }
}
