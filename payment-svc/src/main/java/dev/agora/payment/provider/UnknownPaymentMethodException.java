package dev.agora.payment.provider;

import org.springframework.http.HttpStatus;

import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.Problems;

/** The provider knows no payment method by this token: bad input, nothing is charged. */
public class UnknownPaymentMethodException extends AgoraException {

    public UnknownPaymentMethodException() {
        super(HttpStatus.BAD_REQUEST, "unknown-payment-method", "Unknown payment method",
                "The payment method token is not known to the payment provider.");
        withErrors(java.util.List.of(new Problems.FieldError("paymentMethod", "is not a known payment method token")));
    }
}
