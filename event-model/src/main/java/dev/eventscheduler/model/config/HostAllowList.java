package dev.eventscheduler.model.config;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hosts a service may send HTTP requests to on someone else's say (the executor's {@code http}
 * handler, the scheduler's webhooks): {@code host} or {@code host:port} entries, compared without
 * case, a URL without a port taking its scheme's. Whoever may write a task or a rule must not make
 * the service call any address it reaches.
 */
public final class HostAllowList {

    private final Set<String> allowed = new TreeSet<>();
    private final String name;

    /** @param name how a refusal names the list, e.g. {@code allowed hosts (EXECUTOR_HTTP_ALLOWED_HOSTS)} */
    public HostAllowList(Set<String> allowed, String name) {
        allowed.forEach(host -> this.allowed.add(host.trim().toLowerCase(Locale.ROOT)));
        this.name = name;
    }

    /** Why {@code uri} (an http or https URL with a host) may not be called; null when its host is allowed. */
    public String refusal(URI uri) {
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        String host = String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return allowed.contains(host) || allowed.contains(host + ":" + port) ? null
                : "host " + host + ":" + port + " is not allowed; " + name + ": " + (allowed.isEmpty() ? "none" : allowed);
    }

    @Override
    public String toString() {
        return allowed.toString();
    }
}
