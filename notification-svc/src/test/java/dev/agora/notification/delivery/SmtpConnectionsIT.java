package dev.agora.notification.delivery;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import dev.agora.testsupport.Ports;
import dev.agora.testsupport.TcpForwarder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Kept SMTP connections against a real SMTP server (GreenMail), counted by a forwarder in front of it. */
class SmtpConnectionsIT {

    static final GreenMail SMTP = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", "smtp"));

    static {
        SMTP.start();
    }

    final AtomicLong nanos = new AtomicLong();
    TcpForwarder link;
    SmtpConnections connections;

    @BeforeEach
    void connect() {
        link = TcpForwarder.to(SMTP.getSmtp().getPort());
        JavaMailSenderImpl mail = new JavaMailSenderImpl();
        mail.setHost("127.0.0.1");
        mail.setPort(link.port());
        connections = new SmtpConnections(mail, nanos::get);
    }

    @AfterEach
    void close() {
        connections.close();
        link.close();
    }

    @AfterAll
    static void stop() {
        SMTP.stop();
    }

    @Test
    void sendsTheNextEmailOverTheConnectionTheLastOneLeftOpen() throws MessagingException {
        int received = SMTP.getReceivedMessages().length;

        connections.send(email("first"));
        connections.send(email("second"));

        assertThat(SMTP.getReceivedMessages()).hasSize(received + 2);
        assertThat(link.accepted()).isEqualTo(1);
        assertThat(link.open()).isEqualTo(1);
    }

    @Test
    void opensANewConnectionInsteadOfOneIdleLongerThanItsLimit() throws MessagingException {
        connections.send(email("first"));
        nanos.addAndGet(SmtpConnections.MAX_IDLE.toNanos() + 1);

        connections.send(email("second"));

        assertThat(link.accepted()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> link.open() == 1);
    }

    @Test
    void closesTheConnectionsIdleLongerThanItsLimitAndKeepsTheOthers() throws MessagingException {
        connections.send(email("first"));
        assertThat(connections.hasStale()).isFalse();
        connections.closeStale();
        assertThat(link.open()).isEqualTo(1);

        nanos.addAndGet(SmtpConnections.MAX_IDLE.toNanos() + 1);
        assertThat(connections.hasStale()).isTrue();
        connections.closeStale();

        assertThat(connections.hasStale()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> link.open() == 0);
    }

    @Test
    void closesItsConnectionsWhenItIsClosed() throws MessagingException {
        connections.send(email("first"));

        connections.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> link.open() == 0);
    }

    private MimeMessage email(String subject) throws MessagingException {
        MimeMessage message = connections.createMimeMessage();
        message.setFrom("shop@agora.test");
        message.setRecipients(MimeMessage.RecipientType.TO, "ada@example.com");
        message.setSubject(subject);
        message.setText("Text");
        return message;
    }
}
