package dev.secondbrain.api.webhooks;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebhookWiring {

    @Bean
    Destinations destinations(WebhookSettings settings) {
        return new Destinations(settings.allowLoopback(), settings.maxUrlLength());
    }
}
