package dev.agora.defaults.web;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerResponse;

/**
 * What the HTTP server knows of the caller's connection and the application does not. An
 * {@code AbortedException} says only that some connection closed: the caller's (it hung up
 * mid-request) or, in the gateway, a service's; only the request's channel tells them apart. And
 * Reactor Netty may have answered a request itself (a malformed chunked body found after the
 * request was handed on), after which the application's answer fails.
 */
final class ClientConnection {

    /** Reactor Netty's message when a response's status is set after the server sent one. */
    static final String ALREADY_SENT = "Status and headers already sent";

    private ClientConnection() {
    }

    static boolean closed(ServerHttpRequest request) {
        Object nativeRequest;
        try {
            nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
        }
        catch (IllegalArgumentException notAServerRequest) {
            // A request built by hand (a test's mock, a replayed body) that wraps no server's.
            return false;
        }
        return nativeRequest instanceof Connection connection && !connection.channel().isActive();
    }

    /** Whether {@code error} is the application's answer failing because the server sent its own. */
    static boolean answeredByServer(Throwable error, ServerHttpResponse response) {
        if (!(error instanceof IllegalStateException) || !ALREADY_SENT.equals(error.getMessage())) {
            return false;
        }
        Object nativeResponse;
        try {
            nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
        }
        catch (IllegalArgumentException notAServerResponse) {
            return false;
        }
        return nativeResponse instanceof HttpServerResponse netty && netty.hasSentHeaders();
    }
}
