package dev.agora.defaults.web;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.netty.Connection;

/**
 * Whether the caller's own connection is gone. An {@code AbortedException} says only that some
 * connection closed: the caller's (it hung up mid-request) or, in the gateway, a service's. Only
 * the channel of the request tells them apart.
 */
final class ClientConnection {

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
}
