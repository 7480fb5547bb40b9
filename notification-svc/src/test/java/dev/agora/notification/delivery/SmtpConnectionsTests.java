package dev.agora.notification.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpConnectionsTests {

    @Test
    void buildsAndWritesAnEmailWithoutSearchingTheClassPathForMailStreams() throws Exception {
        // As a fresh JVM meets it: nothing named yet (another test may have constructed one already).
        System.clearProperty(SmtpConnections.STREAM_PROVIDER);
        SmtpConnections connections = new SmtpConnections(new JavaMailSenderImpl(), System::nanoTime);
        LookupCounter lookups = new LookupCounter(getClass().getClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(lookups);
        try {
            for (int i = 0; i < 3; i++) {
                // As EmailSender builds one: text and HTML alternatives.
                MimeMessage message = connections.createMimeMessage();
                MimeMessageHelper helper = new MimeMessageHelper(message, true, StandardCharsets.UTF_8.name());
                helper.setFrom("shop@agora.test");
                helper.setTo("ada@example.com");
                helper.setSubject("Order AG-1 confirmed");
                helper.setText("Confirmed.", "<p>Confirmed.</p>");
                message.saveChanges();
                message.writeTo(OutputStream.nullOutputStream());
            }
        }
        finally {
            thread.setContextClassLoader(previous);
            connections.close();
        }

        assertThat(lookups.streamProviderLookups.get()).isZero();
        assertThat(System.getProperty(SmtpConnections.STREAM_PROVIDER)).isEqualTo("org.eclipse.angus.mail.util.MailStreamProvider");
    }

    /** Counts the searches for jakarta.mail's stream provider service file that a ServiceLoader makes. */
    private static final class LookupCounter extends ClassLoader {

        final AtomicInteger streamProviderLookups = new AtomicInteger();

        LookupCounter(ClassLoader parent) {
            super(parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (name.equals("META-INF/services/jakarta.mail.util.StreamProvider")) {
                streamProviderLookups.incrementAndGet();
            }
            return super.getResources(name);
        }
    }
}
