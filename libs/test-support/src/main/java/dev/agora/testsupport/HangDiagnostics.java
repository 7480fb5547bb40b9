package dev.agora.testsupport;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * When a test gives up waiting for a response, logs what every thread of the test JVM (server
 * included) was doing, so a hang seen once in CI can be explained from its log instead of
 * reproduced. Imported by {@code @AutoConfigureWebTestClient}.
 */
@AutoConfiguration
@ConditionalOnClass(WebTestClientBuilderCustomizer.class)
public class HangDiagnostics {

    private static final Logger log = LoggerFactory.getLogger(HangDiagnostics.class);

    @Bean
    WebTestClientBuilderCustomizer agoraHangDiagnostics() {
        // WebTestClient cancels the exchange when its response timeout expires; nothing else does.
        return builder -> builder.filter((request, next) -> next.exchange(request)
            .doOnCancel(() -> log.error("No response to {} {}; threads:\n{}", request.method(), request.url(), threadDump())));
    }

    static String threadDump() {
        StringBuilder dump = new StringBuilder();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                dump.append(" on ").append(info.getLockName());
            }
            dump.append('\n');
            for (StackTraceElement frame : info.getStackTrace()) {
                dump.append("    at ").append(frame).append('\n');
            }
        }
        return dump.toString();
    }
}
