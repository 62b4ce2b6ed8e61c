package dev.eventscheduler.scheduler.api;

import java.util.Map;

/**
 * Headers on every response: the dashboard loads only its own scripts and styles, is never framed
 * (clickjacking), and no response is sniffed as another content type.
 */
final class SecurityHeaders {

    static final Map<String, String> ALL = Map.of(
            "Content-Security-Policy", "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
                    + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer");

    private SecurityHeaders() {
    }
}
