package dev.agora.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URL;

/** Free local ports and build facts. */
public final class Ports {

    private Ports() {
    }

    /** A port free right now on the loopback interface. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Names the PostgreSQL binaries by the jar that ships them, so a new version extracts anew. */
    static String binariesVersion() {
        URL bundle = Ports.class.getClassLoader().getResource("postgres-linux-x86_64.txz");
        if (bundle == null) {
            return "unknown";
        }
        String path = bundle.getPath();
        int bang = path.indexOf("!/");
        String jar = bang > 0 ? path.substring(0, bang) : path;
        return jar.substring(jar.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
