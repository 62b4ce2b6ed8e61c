package dev.eventscheduler.scheduler.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What every request passes before a route runs: security headers on every response, the Host
 * check of a server bound to loopback (DNS rebinding), the bearer token and what its role allows
 * ({@link #requiredRole}), the refusal of cross-site
 * writes (CSRF: {@code Sec-Fetch-Site} and {@code Origin}, and bodies only as
 * {@code application/json}), and the body size limit, which {@link #body} also enforces on
 * chunked bodies that declare no length.
 */
final class RequestGuard {

    /** Request bodies larger than this get 413, whether or not they declare their length. */
    static final int MAX_BODY_BYTES = 1024 * 1024;
    /** What a 413 says. */
    static final String TOO_LARGE = "request body larger than " + MAX_BODY_BYTES + " bytes";
    private static final Set<HandlerType> WRITES = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
            HandlerType.DELETE);

    /** The request's {@link ApiTokens.Token}, as a {@link Context} attribute; absent when no token is asked for. */
    static final String TOKEN_ATTRIBUTE = "apiToken";
    /** The actions an {@link ApiTokens.Role#OPERATE} token may take on a schedule or run (POST .../{action}). */
    private static final Pattern OPERATE_PATHS = Pattern.compile(
            "/api/schedules/[^/]+/(pause|resume|trigger|backfill)|/api/runs/[^/]+/(cancel|rerun)|/api/dead-letters/(redrive|discard)|/api/events");

    private final ApiTokens tokens;
    private final boolean loopbackOnly;

    RequestGuard(ApiTokens tokens, String bindHost) {
        this.tokens = tokens;
        this.loopbackOnly = ApiServer.isLoopback(bindHost);
    }

    /**
     * The role a request needs: {@code READ} for reading (and the preview, which writes nothing),
     * {@code OPERATE} for acting on schedules, runs and dead letters, {@code ADMIN} for creating,
     * replacing and deleting schedules and calendars, and for any write not named here.
     */
    static ApiTokens.Role requiredRole(HandlerType method, String path) {
        if (!WRITES.contains(method) || method == HandlerType.POST && path.equals("/api/schedules/preview")) {
            return ApiTokens.Role.READ;
        }
        return method == HandlerType.POST && OPERATE_PATHS.matcher(path).matches() ? ApiTokens.Role.OPERATE : ApiTokens.Role.ADMIN;
    }

    /** Before every request, the dashboard's files included. */
    void everyRequest(Context ctx) {
        SecurityHeaders.ALL.forEach(ctx::header);
        if (loopbackOnly && !isLoopbackName(hostName(ctx.header("Host")))) {
            // a page on another site whose name was pointed at 127.0.0.1 (DNS rebinding) is not this server's
            throw new ApiException(421, "this server answers only to localhost, 127.0.0.1 or [::1], not Host '"
                    + ctx.header("Host") + "'");
        }
    }

    /** Before every {@code /api} request. */
    void apiRequest(Context ctx) {
        if (!tokens.isEmpty()) {
            authorize(ctx);
        }
        if (WRITES.contains(ctx.method())) {
            refuseCrossSite(ctx);
            if (hasBody(ctx) && !isJson(ctx.header("Content-Type"))) {
                throw new ApiException(415, "request bodies must be sent as 'Content-Type: application/json', was '"
                        + ctx.header("Content-Type") + "'");
            }
        }
        if (ctx.contentLength() > MAX_BODY_BYTES) {
            throw new ApiException(413, TOO_LARGE);
        }
    }

    /** The token presented must be one of ours (401), and its role must allow the request (403). */
    private void authorize(Context ctx) {
        String presented = bearer(ctx.header("Authorization"));
        if (presented == null && ctx.path().equals("/api/stream")) {
            // EventSource cannot send headers
            presented = ctx.queryParam("access_token");
        }
        ApiTokens.Token token = presented == null ? null : tokens.match(presented);
        if (token == null) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "missing or wrong API token: send 'Authorization: Bearer <token>'");
        }
        ApiTokens.Role needed = requiredRole(ctx.method(), ctx.path());
        if (!token.role().allows(needed)) {
            throw new ApiException(403, "token '" + token.name() + "' has the role " + token.role() + "; "
                    + ctx.method() + " " + ctx.path() + " needs " + needed);
        }
        ctx.attribute(TOKEN_ATTRIBUTE, token);
    }

    /** The request body, read to at most {@link #MAX_BODY_BYTES}: a larger one, chunked or not, is a 413. */
    static byte[] body(Context ctx) {
        // a declared length past the limit was refused before the route ran, in apiRequest
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new ApiException(413, TOO_LARGE);
            }
            return bytes;
        } catch (IOException e) {
            throw new ApiException(400, "request body could not be read: " + e.getMessage());
        }
    }

    /**
     * A browser says where a request comes from: {@code Sec-Fetch-Site} (all current browsers) and
     * {@code Origin} (on every cross-origin write). A page on another site may not write here, even
     * without a token; tools such as curl send neither header and are not affected.
     */
    private static void refuseCrossSite(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new ApiException(403, "cross-site write refused (Sec-Fetch-Site: " + site + ")");
        }
        String origin = ctx.header("Origin");
        if (origin != null && !sameOrigin(origin, ctx.header("Host"))) {
            throw new ApiException(403, "cross-site write refused: Origin '" + origin + "' is not this server");
        }
    }

    private static boolean sameOrigin(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            String authority = uri.getRawAuthority();
            return host != null && authority != null && authority.equalsIgnoreCase(host)
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The token of an {@code Authorization: Bearer <token>} header; the scheme is case-insensitive (RFC 7235). */
    static String bearer(String header) {
        if (header == null) {
            return null;
        }
        int space = header.indexOf(' ');
        return space > 0 && header.substring(0, space).equalsIgnoreCase("Bearer") ? header.substring(space + 1).trim() : null;
    }

    private static boolean hasBody(Context ctx) {
        return ctx.contentLength() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].trim().equals("application/json");
    }

    private static String hostName(String host) {
        if (host == null) {
            return "";
        }
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static boolean isLoopbackName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("localhost") || lower.equals("[::1]") || lower.matches("127(\\.\\d{1,3}){3}");
    }

}
