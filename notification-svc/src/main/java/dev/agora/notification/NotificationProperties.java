package dev.agora.notification;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param from the sender of every email
 * @param templateDir a directory whose templates override the built-in ones, file by file; read on
 *        every use, so a changed template takes effect without a rebuild or restart
 * @param maxAttempts sends of one email before it is dead-lettered (listed as failed)
 * @param retryDelay wait after the first failed send; doubles per attempt up to {@code retryMaxDelay}
 * @param retryMaxDelay longest wait between sends
 * @param pollInterval how often due emails are looked for besides when one is queued (which wakes the sender
 *        at once): retries come due by this clock, so a retry goes out up to this much after it is
 *        due (the first retry waits {@code retryDelay} anyway)
 * @param batchSize emails claimed at a time; a pass claims again until a claim comes back short
 * @param sendLease how long a claimed email belongs to the sender that claimed it; after a crash it
 *        is sent again once this has passed
 * @param webUrl the web app's address as recipients reach it, for the links in emails
 * @param lowStockDigestDelay how long a vendor's first low-stock alert waits for others to join it in one email
 * @param lowStockDigestInterval the least time between two low-stock digests to one vendor
 */
@ConfigurationProperties("agora.notifications")
public record NotificationProperties(@DefaultValue("Agora <no-reply@agora.local>") String from, Path templateDir,
        @DefaultValue("5") int maxAttempts, @DefaultValue("30s") Duration retryDelay,
        @DefaultValue("1h") Duration retryMaxDelay, @DefaultValue("15s") Duration pollInterval,
        @DefaultValue("20") int batchSize, @DefaultValue("2m") Duration sendLease,
        @DefaultValue("http://localhost:3000") URI webUrl, @DefaultValue("10m") Duration lowStockDigestDelay,
        @DefaultValue("1h") Duration lowStockDigestInterval) {

    /** A page of the web app, e.g. {@code webPage("/vendor/orders")}, whether or not {@code webUrl} ends in a slash. */
    public String webPage(String path) {
        return webUrl.toString().replaceAll("/+$", "") + path;
    }
}
