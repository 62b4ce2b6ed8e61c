package dev.eventscheduler.scheduler.notify;

import dev.eventscheduler.model.config.HostAllowList;
import java.net.URI;
import java.util.Set;

/**
 * The hosts webhooks may go to ({@code SCHEDULER_WEBHOOK_ALLOWED_HOSTS}): {@code host} or
 * {@code host:port} entries, compared without case. Anyone who may write a rule could otherwise
 * make the scheduler call any address it reaches.
 */
public final class WebhookHosts {

    private final HostAllowList allowed;

    public WebhookHosts(Set<String> allowed) {
        this.allowed = new HostAllowList(allowed, "allowed webhook hosts (SCHEDULER_WEBHOOK_ALLOWED_HOSTS)");
    }

    /** Why {@code url} may not be sent to; null when its host is allowed. */
    public String refusal(String url) {
        try {
            return allowed.refusal(URI.create(url));
        } catch (IllegalArgumentException e) {
            return "is not a URL";
        }
    }

    @Override
    public String toString() {
        return allowed.toString();
    }
}
