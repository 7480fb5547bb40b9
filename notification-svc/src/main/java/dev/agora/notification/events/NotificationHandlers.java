package dev.agora.notification.events;

import java.time.Clock;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.events.EventHandler;
import dev.agora.defaults.events.EventStreams;
import dev.agora.notification.NotificationProperties;
import dev.agora.notification.inbox.Notifier;
import dev.agora.defaults.events.types.EmailVerificationRequested;
import dev.agora.defaults.events.types.EventTypes;
import dev.agora.defaults.events.types.PasswordResetRequested;

/** The platform events notification-svc turns into notifications, per producer stream: every subscription of the service. */
@Configuration(proxyBeanMethods = false)
class NotificationHandlers {

    @Bean
    EventHandler welcomes(Recipients recipients) {
        return EventHandler.of(EventStreams.USERS, Set.of(EventTypes.USER_REGISTERED), recipients::handle);
    }

    @Bean
    EventHandler verifiedAddresses(Recipients recipients) {
        return EventHandler.of(EventStreams.USERS, Set.of(EventTypes.USER_EMAIL_VERIFIED), recipients::verified);
    }

    @Bean
    EventHandler passwordResets(Notifier notifier, NotificationProperties properties, Clock clock) {
        return EventHandler.of(EventStreams.USERS, Set.of(EventTypes.USER_PASSWORD_RESET_REQUESTED),
                new LinkEmails(notifier, PasswordResetRequested.class, properties.webPage("/reset-password"), clock)::handle);
    }

    @Bean
    EventHandler emailVerifications(Notifier notifier, NotificationProperties properties, Clock clock) {
        return EventHandler.of(EventStreams.USERS, Set.of(EventTypes.USER_EMAIL_VERIFICATION_REQUESTED),
                new LinkEmails(notifier, EmailVerificationRequested.class, properties.webPage("/verify-email"), clock)::handle);
    }

    @Bean
    EventHandler orderNotifications(CustomerEvents customers) {
        return EventHandler.of(EventStreams.ORDERS,
                Set.of(EventTypes.ORDER_CONFIRMED, EventTypes.ORDER_PAYMENT_FAILED, EventTypes.ORDER_PARTIALLY_SHIPPED,
                        EventTypes.ORDER_SHIPPED, EventTypes.ORDER_PART_CANCELLED, EventTypes.ORDER_CANCELLED),
                customers::handle);
    }

    @Bean
    EventHandler vendorPartAlerts(VendorDirectory vendors, Notifier notifier, NotificationProperties properties) {
        return EventHandler.of(EventStreams.ORDERS, Set.of(EventTypes.ORDER_CONFIRMED, EventTypes.ORDER_PART_CANCELLED),
                new VendorPartAlerts(vendors, notifier, properties.webPage("/vendor/orders"))::handle);
    }

    @Bean
    EventHandler productModerationAlerts(VendorDirectory vendors, Notifier notifier, NotificationProperties properties) {
        return EventHandler.of(EventStreams.PRODUCTS, Set.of(EventTypes.PRODUCT_APPROVED, EventTypes.PRODUCT_REJECTED),
                new ProductModerationAlerts(vendors, notifier, properties.webPage("/vendor/products/{id}"))::handle);
    }

    @Bean
    EventHandler refundNotifications(CustomerEvents customers) {
        return EventHandler.of(EventStreams.PAYMENTS, Set.of(EventTypes.PAYMENT_REFUNDED), customers::handle);
    }

    @Bean
    EventHandler lowStockAlerts(VendorDirectory vendors, Notifier notifier, LowStockDigestQueue digests, StockItems stockItems,
            NotificationProperties properties, JsonMapper json, Clock clock) {
        return EventHandler.of(EventStreams.INVENTORY, Set.of(EventTypes.INVENTORY_LOW_STOCK),
                new LowStockAlerts(vendors, notifier, digests, stockItems, properties.webPage("/vendor/stock/{id}"), json, clock)::handle);
    }
}
