package dev.agora.notification.delivery;

import java.time.Duration;
import java.util.Date;
import java.util.Deque;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.LongSupplier;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.StreamProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Sends emails over SMTP connections kept open between them. Opening one costs a TCP connect, the
 * greeting, EHLO (and STARTTLS and AUTH where configured) and QUIT on top of the email's own MAIL,
 * RCPT and DATA; under load that was about half of each send's work. A connection is used by one
 * send at a time, kept at most {@link #MAX_IDLE} between sends, and closed when it fails.
 * <p>
 * A server may drop an idle connection at any time. When a send over a kept connection fails and
 * the connection no longer answers, the email is sent once more over a new one: the failure was the
 * connection's, and the email is still due. A refusal the server answered (an unknown mailbox, a
 * rejected message) is the email's, and is thrown like any failure on a new connection. As after a
 * crash mid-send, a connection that dropped after the server took the email but before it said so
 * means the email arrives twice: delivery is at least once.
 * <p>
 * Blocking: call off the event loop.
 */
@Component
class SmtpConnections implements AutoCloseable {

    /** As many as the sender sends at once; more would sit idle. */
    static final int KEPT = 4;

    /** Well under the idle timeouts of SMTP servers (RFC 5321 asks for at least five minutes), long enough to carry a burst. */
    static final Duration MAX_IDLE = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(SmtpConnections.class);

    /** The system property that names jakarta.mail's {@link StreamProvider}; it reads it before looking one up. */
    static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    private record Idle(Transport transport, long since) {
    }

    private final JavaMailSenderImpl mail;
    private final LongSupplier nanoTime;
    private final Deque<Idle> idle = new ConcurrentLinkedDeque<>();

    @Autowired
    SmtpConnections(JavaMailSenderImpl mail) {
        this(mail, System::nanoTime);
    }

    SmtpConnections(JavaMailSenderImpl mail, LongSupplier nanoTime) {
        this.mail = mail;
        this.nanoTime = nanoTime;
        nameStreamProvider();
    }

    /**
     * jakarta.mail finds its {@link StreamProvider} anew for every multipart and body part of an
     * email and again while writing it, with a ServiceLoader over the whole class path unless
     * {@link #STREAM_PROVIDER} names one: about 0.75 ms of CPU per email, where building and writing
     * it takes under 0.1 ms once the provider is named (docs/benchmarks.md). So it is named once,
     * with what that same lookup finds, unless the deployment named one already.
     */
    static void nameStreamProvider() {
        if (System.getProperty(STREAM_PROVIDER) == null) {
            ServiceLoader.load(StreamProvider.class, SmtpConnections.class.getClassLoader()).findFirst()
                .ifPresent(provider -> System.setProperty(STREAM_PROVIDER, provider.getClass().getName()));
        }
    }

    MimeMessage createMimeMessage() {
        return mail.createMimeMessage();
    }

    /** Sends one email over a kept connection, or a new one; throws the server's refusal or the failure to reach it. */
    void send(MimeMessage message) throws MessagingException {
        prepare(message);
        Address[] recipients = message.getAllRecipients();
        Transport kept = take();
        if (kept != null) {
            try {
                kept.sendMessage(message, recipients);
                release(kept);
                return;
            }
            catch (MessagingException | IllegalStateException ex) {
                // isConnected() asks the server (NOOP): an answer means it refused this email.
                boolean answers = kept.isConnected();
                close(kept);
                if (answers) {
                    throw ex;
                }
                log.debug("A kept SMTP connection was gone ({}); sending over a new one", ex.toString());
            }
            catch (RuntimeException ex) {
                close(kept);
                throw ex;
            }
        }
        Transport fresh = open();
        try {
            fresh.sendMessage(message, recipients);
        }
        catch (MessagingException | RuntimeException ex) {
            close(fresh);
            throw ex;
        }
        release(fresh);
    }

    /** Whether a kept connection has been idle too long; {@link #closeStale()} closes them. */
    boolean hasStale() {
        Idle oldest = idle.peekLast();
        return oldest != null && stale(oldest);
    }

    /** Closes the connections idle longer than {@link #MAX_IDLE}. Blocking (QUIT). */
    void closeStale() {
        for (Idle each = idle.pollLast(); each != null; each = idle.pollLast()) {
            if (!stale(each)) {
                // The rest are newer; put it back where it was.
                if (!idle.offerLast(each)) {
                    close(each.transport());
                }
                return;
            }
            close(each.transport());
        }
    }

    @Override
    public void close() {
        for (Idle each = idle.pollFirst(); each != null; each = idle.pollFirst()) {
            close(each.transport());
        }
    }

    /**
     * The most recently used kept connection that is not stale, closing stale ones on the way. Not
     * checked with a NOOP first: that would cost a round trip per email to save one per dropped connection.
     */
    private Transport take() {
        for (Idle each = idle.pollFirst(); each != null; each = idle.pollFirst()) {
            if (!stale(each)) {
                return each.transport();
            }
            close(each.transport());
        }
        return null;
    }

    private void release(Transport transport) {
        if (idle.size() >= KEPT) {
            close(transport);
            return;
        }
        // Newest first, so the oldest go stale and are closed while a few carry the load.
        idle.offerFirst(new Idle(transport, nanoTime.getAsLong()));
    }

    private boolean stale(Idle each) {
        return nanoTime.getAsLong() - each.since() > MAX_IDLE.toNanos();
    }

    /** As Spring's JavaMailSenderImpl connects: its session, host, port and credentials. */
    private Transport open() throws MessagingException {
        String username = mail.getUsername();
        String password = mail.getPassword();
        if ("".equals(username)) {
            username = null;
            if ("".equals(password)) {
                password = null;
            }
        }
        String protocol = mail.getProtocol();
        if (protocol == null) {
            protocol = mail.getSession().getProperty("mail.transport.protocol");
        }
        Transport transport = mail.getSession().getTransport(protocol == null ? "smtp" : protocol);
        transport.connect(mail.getHost(), mail.getPort(), username, password);
        return transport;
    }

    /** As Spring's JavaMailSenderImpl prepares a message: a sent date, and a Message-ID set beforehand kept. */
    private static void prepare(MimeMessage message) throws MessagingException {
        if (message.getSentDate() == null) {
            message.setSentDate(new Date());
        }
        String messageId = message.getMessageID();
        message.saveChanges();
        if (messageId != null) {
            message.setHeader("Message-ID", messageId);
        }
    }

    private static void close(Transport transport) {
        try {
            transport.close();
        }
        catch (MessagingException | RuntimeException ex) {
            log.debug("Closing an SMTP connection failed: {}", ex.toString());
        }
    }
}
