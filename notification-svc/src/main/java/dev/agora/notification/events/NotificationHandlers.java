package dev.agora.notification.events;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.events.EventHandler;
import dev.agora.notification.inbox.Notifier;

/** The platform events notification-svc turns into notifications, per producer stream. */
@Configuration(proxyBeanMethods = false)
class NotificationHandlers {

    @Bean
    EventHandler orderNotifications(CustomerEvents customers) {
        return EventHandler.of("agora:events:orders",
                Set.of("order.confirmed", "order.payment_failed", "order.shipped", "order.cancelled"), customers::handle);
    }

    @Bean
    EventHandler refundNotifications(CustomerEvents customers) {
        return EventHandler.of("agora:events:payments", Set.of("payment.refunded"), customers::handle);
    }

    @Bean
    LowStockAlerts lowStockAlerts(VendorDirectory vendors, Notifier notifier, JsonMapper json) {
        return new LowStockAlerts(vendors, notifier, json);
    }
}
