package dev.agora.defaults.security;

import java.util.Set;

/**
 * What a service client may do, one scope per kind of call (DESIGN.md: least privilege per
 * service). user-svc puts a client's scopes in its service token's {@code scope} claim; an
 * endpoint names the scope a service caller needs with {@link RequiresScope}. People's tokens carry
 * no scopes: their roles decide.
 */
public final class Scopes {

    /** A product's price, name and seller (product-svc's internal products). */
    public static final String CATALOG_READ = "catalog:read";
    /** A vendor's contact details (product-svc's internal vendors). */
    public static final String VENDORS_READ = "vendors:read";
    /** Reserve, commit and release stock for orders (inventory-svc). */
    public static final String INVENTORY_RESERVE = "inventory:reserve";
    /** Charge a customer on their behalf (payment-svc). */
    public static final String PAYMENTS_CHARGE = "payments:charge";
    /** Refund a payment (payment-svc). */
    public static final String PAYMENTS_REFUND = "payments:refund";
    /** Read payments and payment methods (payment-svc). */
    public static final String PAYMENTS_READ = "payments:read";
    /** Read orders and purchases (order-svc). */
    public static final String ORDERS_READ = "orders:read";
    /** A user's public profile (user-svc). */
    public static final String USERS_READ = "users:read";
    /** Grant and take away the vendor role (user-svc). */
    public static final String USERS_VENDOR = "users:vendor";
    /** Read the shipping address a customer checks out with from their address book (user-svc). */
    public static final String USERS_ADDRESSES = "users:addresses";
    /** Whether a user has proven their email address, asked at checkout when the token is older (user-svc). */
    public static final String USERS_VERIFICATION = "users:verification";

    /** Every scope there is. */
    public static final Set<String> ALL = Set.of(CATALOG_READ, VENDORS_READ, INVENTORY_RESERVE, PAYMENTS_CHARGE,
            PAYMENTS_REFUND, PAYMENTS_READ, ORDERS_READ, USERS_READ, USERS_VENDOR, USERS_ADDRESSES,
            USERS_VERIFICATION);

    private Scopes() {
    }
}
