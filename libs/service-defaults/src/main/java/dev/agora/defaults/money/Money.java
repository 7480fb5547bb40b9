package dev.agora.defaults.money;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.media.Schema;

import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.Problems;

/**
 * An amount of one currency, as the API carries it: {@code {"amount": "19.99", "currency": "USD"}}.
 * The amount is a decimal string, never a binary float.
 *
 * @param amount non-negative decimal with at most as many fraction digits as the currency has
 * @param currency ISO 4217 code
 */
@Schema(description = "An amount of one currency; the amount is a decimal string, never a binary float.")
public record Money(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = "^\\d{1,15}(\\.\\d{1,4})?$", example = "19.99") String amount,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = "^[A-Z]{3}$", example = "USD") String currency) {

    private static final Pattern DECIMAL = Pattern.compile("\\d{1,15}(\\.\\d{1,4})?");

    /** A money value from a stored decimal, rendered with the currency's fraction digits. */
    public static Money of(BigDecimal value, String currency) {
        int digits = Currency.getInstance(currency).getDefaultFractionDigits();
        return new Money(value.setScale(Math.max(digits, 0), java.math.RoundingMode.UNNECESSARY).toPlainString(), currency);
    }

    /** The amount as a number; only call on validated money. */
    public BigDecimal value() {
        return new BigDecimal(amount);
    }

    /** Field errors of this money under {@code field}; empty when valid. */
    public List<Problems.FieldError> errors(String field) {
        List<Problems.FieldError> errors = new ArrayList<>();
        Currency known = null;
        try {
            if (currency != null && currency.equals(currency.toUpperCase(Locale.ROOT))) {
                known = Currency.getInstance(currency);
            }
        }
        catch (IllegalArgumentException ex) {
            known = null;
        }
        if (known == null || known.getDefaultFractionDigits() < 0) {
            errors.add(new Problems.FieldError(field + ".currency", "must be an ISO 4217 currency code"));
        }
        if (amount == null || !DECIMAL.matcher(amount).matches()) {
            errors.add(new Problems.FieldError(field + ".amount", "must be a non-negative decimal string such as \"19.99\""));
        }
        else if (known != null && known.getDefaultFractionDigits() >= 0
                && new BigDecimal(amount).stripTrailingZeros().scale() > known.getDefaultFractionDigits()) {
            errors.add(new Problems.FieldError(field + ".amount",
                    "has more decimals than " + known.getCurrencyCode() + " allows (" + known.getDefaultFractionDigits() + ")"));
        }
        return errors;
    }

    /** Throws a 400 naming the fields unless valid. */
    public Money validate(String field) {
        List<Problems.FieldError> errors = errors(field);
        if (!errors.isEmpty()) {
            throw AgoraException.badRequest("The money value is invalid.").withErrors(errors);
        }
        return this;
    }
}
