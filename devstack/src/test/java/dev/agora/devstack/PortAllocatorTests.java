package dev.agora.devstack;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PortAllocatorTests {

    @Test
    void handsOutEachPortOnceAndOnlyFreeOnesBelowTheEphemeralRange() throws Exception {
        PortAllocator ports = new PortAllocator();
        List<Integer> given = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            given.add(ports.next());
        }
        assertThat(given).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).isBetween(PortAllocator.FIRST, PortAllocator.LAST));
        assertThat(given).allSatisfy(p -> assertThat(LocalPorts.isFree(p)).as("port %d", p).isTrue());
    }

    @Test
    void skipsAPortSomeoneHolds() throws Exception {
        PortAllocator ports = new PortAllocator();
        List<ServerSocket> held = new ArrayList<>();
        try {
            // Hold the free ports of a small window: none of them may be handed out.
            for (int p = PortAllocator.FIRST; p < PortAllocator.FIRST + 50; p++) {
                if (LocalPorts.isFree(p)) {
                    ServerSocket socket = new ServerSocket();
                    socket.bind(new InetSocketAddress(p));
                    held.add(socket);
                }
            }
            for (int i = 0; i < 2_000; i++) {
                int port = ports.next();
                assertThat(port).isNotIn(held.stream().map(ServerSocket::getLocalPort).toList());
            }
        }
        finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }
}
