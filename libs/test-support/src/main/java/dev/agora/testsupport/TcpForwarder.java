package dev.agora.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder in front of a local server: counts the connections clients opened through it, and
 * drops them all at once, as a server's idle timeout or a restart would.
 */
public final class TcpForwarder implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();

    private TcpForwarder(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("tcp-forwarder-accept").start(this::accept);
    }

    public static TcpForwarder to(int port) {
        try {
            return new TcpForwarder(port);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections opened through the forwarder so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Connections open through the forwarder now: neither side has closed it. */
    public int open() {
        return clients.size();
    }

    /** Closes every open connection, both sides. */
    public void dropAll() {
        open.forEach(TcpForwarder::closeQuietly);
        open.clear();
        clients.clear();
    }

    @Override
    public void close() {
        closeQuietly(server);
        dropAll();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            }
            catch (IOException ex) {
                continue; // closed: the loop ends
            }
            accepted.incrementAndGet();
            try {
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                clients.add(client);
                open.add(client);
                open.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            }
            catch (IOException ex) {
                // The server behind is not there: the client sees its connection end.
                closeQuietly(client);
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread.ofPlatform().daemon().name("tcp-forwarder-pipe").start(() -> {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
            }
            catch (IOException ex) {
                // One side closed; the other is closed below.
            }
            finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
                clients.remove(from);
                clients.remove(to);
            }
        });
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        }
        catch (Exception ex) {
            // Already closed.
        }
    }
}
