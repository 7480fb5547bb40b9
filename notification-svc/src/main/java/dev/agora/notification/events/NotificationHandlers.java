package dev.agora.notification.events;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.events.EventHandler;
import dev.agora.defaults.events.EventStreams;
import dev.agora.notification.inbox.Notifier;

/** The platform events notification-svc turns into notifications, per producer stream: every subscription of the service. */
@Configuration(proxyBeanMethods = false)
class NotificationHandlers {

    @Bean
    EventHandler welcomes(Recipients recipients) {
        return EventHandler.of(EventStreams.USERS, Set.of("user.registered"), recipients::handle);
    }

    @Bean
    EventHandler orderNotifications(CustomerEvents customers) {
        return EventHandler.of(EventStreams.ORDERS,
                Set.of("order.confirmed", "order.payment_failed", "order.shipped", "order.cancelled"), customers::handle);
    }

    @Bean
    EventHandler refundNotifications(CustomerEvents customers) {
        return EventHandler.of(EventStreams.PAYMENTS, Set.of("payment.refunded"), customers::handle);
    }

    @Bean
    EventHandler lowStockAlerts(VendorDirectory vendors, Notifier notifier, JsonMapper json) {
        return EventHandler.of(EventStreams.INVENTORY, Set.of("inventory.low_stock"),
                new LowStockAlerts(vendors, notifier, json)::handle);
    }
}
