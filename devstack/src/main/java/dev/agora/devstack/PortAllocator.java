package dev.agora.devstack;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for one platform, each handed out once. Asking the kernel for a free port (binding to
 * port 0) can answer the same port twice once the first socket is closed, and answers from the
 * ephemeral range (32768 and up on Linux), where any outgoing connection may take the port before
 * its service binds it. Both happened: order-svc was given review-svc's port, failed to start,
 * and the gateway sent /orders to review-svc. So ports come from below that range, and never twice.
 */
final class PortAllocator {

    static final int FIRST = 20_000;
    static final int LAST = 32_000;

    private final Set<Integer> given = new HashSet<>();

    synchronized int next() {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(FIRST, LAST);
            if (!given.contains(candidate) && LocalPorts.isFree(candidate)) {
                given.add(candidate);
                return candidate;
            }
        }
        throw new IllegalStateException("No free port between " + FIRST + " and " + LAST);
    }
}
