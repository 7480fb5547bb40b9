package dev.agora.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback between one service and a service it calls, which can be told to drop
 * the callee's responses: requests still reach the callee and take effect, but the caller never
 * hears back, so every such call has an unknown outcome (the hardest case for a saga).
 */
final class FaultyProxy implements AutoCloseable {

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile int targetPort;
    private volatile boolean dropResponses;

    FaultyProxy() throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        threads.submit(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Where to forward; set once the callee's port is known. */
    void target(int port) {
        targetPort = port;
    }

    void dropResponses(boolean drop) {
        dropResponses = drop;
    }

    /** Bytes of responses thrown away so far, in reads. */
    int dropped() {
        return dropped.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.submit(() -> connect(client));
            }
            catch (IOException closed) {
                return;
            }
        }
    }

    private void connect(Socket client) {
        try (client; Socket upstream = new Socket()) {
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
            var requests = threads.submit(() -> pump(client.getInputStream(), upstream.getOutputStream(), false));
            pump(upstream.getInputStream(), client.getOutputStream(), true);
            requests.cancel(true);
        }
        catch (IOException | RuntimeException gone) {
            // Either side went away (a killed service, a timed-out caller): so does the connection.
        }
    }

    private Void pump(InputStream from, OutputStream to, boolean responses) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        int read;
        while ((read = from.read(buffer)) >= 0) {
            if (responses && dropResponses) {
                dropped.incrementAndGet();
                continue;
            }
            to.write(buffer, 0, read);
            to.flush();
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
