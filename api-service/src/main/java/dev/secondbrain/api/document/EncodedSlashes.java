package dev.secondbrain.api.document;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.stereotype.Component;

/**
 * External ids often contain '/' (paths, URLs). Tomcat rejects an encoded slash in a path by default; passed
 * through, Spring decodes it inside the {@code {externalId}} segment, so {@code a%2Fb} is the id {@code a/b}.
 */
@Component
class EncodedSlashes implements TomcatConnectorCustomizer {

    @Override
    public void customize(org.apache.catalina.connector.Connector connector) {
        connector.setEncodedSolidusHandling("passthrough");
    }
}
