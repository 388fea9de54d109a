package dev.secondbrain.ingest.intake;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A client that sends {@code Expect: 100-continue} with a body over the limit gets 413 without sending the
 * body: Tomcat says "100 Continue" only when the intake starts reading (its default is at once).
 */
@Configuration(proxyBeanMethods = false)
class LargeBodies {

    @Bean
    TomcatConnectorCustomizer continueOnlyWhenTheBodyIsRead() {
        return connector -> connector.setProperty("continueResponseTiming", "onRead");
    }
}
