package dev.agora.payment.provider;


import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.Problems;
import dev.agora.defaults.web.ProblemType;

/** The provider knows no payment method by this token: bad input, nothing is charged. */
public class UnknownPaymentMethodException extends AgoraException {

    public UnknownPaymentMethodException() {
        super(ProblemType.UNKNOWN_PAYMENT_METHOD, "The payment method token is not known to the payment provider.");
        withErrors(java.util.List.of(new Problems.FieldError("paymentMethod", "is not a known payment method token")));
    }
}
