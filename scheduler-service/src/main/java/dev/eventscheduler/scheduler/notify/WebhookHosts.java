package dev.eventscheduler.scheduler.notify;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hosts webhooks may go to ({@code SCHEDULER_WEBHOOK_ALLOWED_HOSTS}): {@code host} or
 * {@code host:port} entries, compared without case. Anyone who may write a rule could otherwise
 * make the scheduler call any address it reaches.
 */
public final class WebhookHosts {

    private final Set<String> allowed = new TreeSet<>();

    public WebhookHosts(Set<String> allowed) {
        allowed.forEach(host -> this.allowed.add(host.trim().toLowerCase(Locale.ROOT)));
    }

    /** Why {@code url} may not be sent to; null when its host is allowed. */
    public String refusal(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "is not a URL";
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        String host = String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return allowed.contains(host) || allowed.contains(host + ":" + port) ? null
                : "host " + host + ":" + port + " is not allowed; allowed webhook hosts (SCHEDULER_WEBHOOK_ALLOWED_HOSTS): "
                + (allowed.isEmpty() ? "none" : allowed);
    }

    @Override
    public String toString() {
        return allowed.toString();
    }
}
