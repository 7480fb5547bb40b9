package dev.agora.user.recovery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Password reset.
 *
 * @param tokenTtl how long an emailed reset link works
 * @param perHour reset emails one account gets per hour at most; more requests are answered alike
 *        and send nothing, so nobody can flood a mailbox through the form
 * @param answerAfter the shortest time a "forgot password" request takes, whether or not the address
 *        has an account, so the answer's timing does not tell which; longer than the work takes
 */
@ConfigurationProperties("agora.users.password-reset")
record RecoveryProperties(@DefaultValue("30m") Duration tokenTtl, @DefaultValue("3") int perHour,
        @DefaultValue("400ms") Duration answerAfter) {
}
