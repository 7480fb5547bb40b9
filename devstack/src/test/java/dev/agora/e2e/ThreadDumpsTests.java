package dev.agora.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadDumpsTests {

    @Test
    void namesTheGatewayEventLoopsThatAreNotWaitingForIo(@TempDir Path dir) throws Exception {
        Path dump = dir.resolve("gateway.txt");
        Files.writeString(dump, """
                "reactor-http-epoll-1" #40 daemon prio=5 os_prio=0 cpu=120ms elapsed=60s tid=0x1 nid=41 runnable
                   java.lang.Thread.State: RUNNABLE
                	at io.netty.channel.epoll.Native.epollWait(Native Method)
                	at io.netty.channel.epoll.EpollIoHandler.run(EpollIoHandler.java:491)

                "reactor-http-epoll-2" #41 daemon prio=5 os_prio=0 cpu=9000ms elapsed=60s tid=0x2 nid=42 waiting on condition
                   java.lang.Thread.State: WAITING (parking)
                	at jdk.internal.misc.Unsafe.park(Native Method)
                	at reactor.core.publisher.BlockingSingleSubscriber.blockingGet(BlockingSingleSubscriber.java:129)

                "lettuce-epollEventLoop-4-1" #50 daemon prio=5 os_prio=0 tid=0x3 nid=51 waiting on condition
                   java.lang.Thread.State: WAITING (parking)
                	at jdk.internal.misc.Unsafe.park(Native Method)
                """);

        String summary = ThreadDumps.busy(dump);

        assertThat(summary).contains("reactor-http-epoll-2", "BlockingSingleSubscriber.blockingGet")
            .doesNotContain("reactor-http-epoll-1", "lettuce");
    }

    @Test
    void saysSoWhenEveryEventLoopWasIdle(@TempDir Path dir) throws Exception {
        Path dump = dir.resolve("gateway.txt");
        Files.writeString(dump, """
                "reactor-http-epoll-1" #40 daemon prio=5 runnable
                	at io.netty.channel.epoll.Native.epollWait(Native Method)
                """);

        assertThat(ThreadDumps.busy(dump)).contains("all idle");
    }

    @Test
    void dumpsOnceForManyRequestsThatGetNoAnswerAtOnceAndAgainOnlyAfterAWhile() throws Exception {
        AtomicInteger dumps = new AtomicInteger();
        AtomicLong now = new AtomicLong();
        ThreadDumps threadDumps = new ThreadDumps(() -> {
            dumps.incrementAndGet();
            try {
                // A dump of nine JVMs takes a while: the other requests time out meanwhile.
                Thread.sleep(200);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return Path.of("threads-" + dumps.get());
        }, dir -> "", now::get);

        List<CompletableFuture<String>> answers = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 50; i++) {
                answers.add(CompletableFuture.supplyAsync(threadDumps, pool));
            }
            for (CompletableFuture<String> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).contains("threads-1");
            }
        }
        assertThat(dumps).hasValue(1);

        now.addAndGet(ThreadDumps.REUSE.toNanos());
        assertThat(threadDumps.get()).contains("threads-2");
        assertThat(dumps).hasValue(2);
    }
}
