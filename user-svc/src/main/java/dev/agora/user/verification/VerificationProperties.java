package dev.agora.user.verification;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Email verification.
 *
 * @param tokenTtl how long an emailed verification link works
 * @param perHour verification emails one account gets per hour at most, the sign-up's included; a
 *        further resend is a 429 with Retry-After, so nobody can flood a mailbox through the button
 */
@ConfigurationProperties("agora.users.email-verification")
record VerificationProperties(@DefaultValue("24h") Duration tokenTtl, @DefaultValue("3") int perHour) {
}
