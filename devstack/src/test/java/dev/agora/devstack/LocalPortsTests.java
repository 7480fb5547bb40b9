package dev.agora.devstack;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalPortsTests {

    @Test
    void aTakenPortIsNamedWithTheProcessHoldingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();
            assertThat(LocalPorts.isFree(port)).isFalse();
            assertThat(LocalPorts.holder(port)).hasValueSatisfying(h -> assertThat(h).startsWith("pid " + ProcessHandle.current().pid()));
        }
    }

    @Test
    void aFreePortIsKept() {
        int port = dev.agora.testsupport.Ports.free();
        assertThat(LocalPorts.isFree(port)).isTrue();
        assertThat(LocalPorts.holder(port)).isEmpty();
    }

    @Test
    void makeRunStopsWithOneLineWhenTheGatewayOrTheWebAppCannotHaveItsPort() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();
            int free = dev.agora.testsupport.Ports.free();
            assertThat(DevStack.portInUse(Map.of("AGORA_GATEWAY_PORT", String.valueOf(port), "AGORA_WEB_PORT",
                    String.valueOf(free)))).hasValueSatisfying(line -> assertThat(line)
                        .startsWith("Port " + port + " (the gateway) is in use by pid " + ProcessHandle.current().pid())
                        .endsWith("stop it, or start with AGORA_GATEWAY_PORT=<another port> make run")
                        .doesNotContain("\n"));
            assertThat(DevStack.portInUse(Map.of("AGORA_GATEWAY_PORT", String.valueOf(free), "AGORA_WEB_PORT",
                    String.valueOf(port)))).hasValueSatisfying(line -> assertThat(line).contains("(the web app)", "AGORA_WEB_PORT="));
            assertThat(DevStack.portInUse(Map.of("AGORA_GATEWAY_PORT", String.valueOf(free), "AGORA_WEB_PORT",
                    String.valueOf(dev.agora.testsupport.Ports.free())))).isEmpty();
        }
    }
}
