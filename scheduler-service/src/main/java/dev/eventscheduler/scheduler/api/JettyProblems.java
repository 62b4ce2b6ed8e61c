package dev.eventscheduler.scheduler.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own errors (a URI too long, a malformed request line or header, anything answered before
 * a route runs) in the API's problem format, rather than Jetty's HTML page.
 */
final class JettyProblems extends ErrorHandler {

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE));
        SecurityHeaders.ALL.forEach(fields::put);
        return ByteBuffer.wrap(Problems.bytes(status, reason == null ? "bad request" : reason));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
                                              int code, String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType(Problems.CONTENT_TYPE);
        SecurityHeaders.ALL.forEach(response::setHeader);
        response.getOutputStream().write(Problems.bytes(code, message == null ? "request failed" : message));
    }
}
