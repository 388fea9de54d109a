package dev.secondbrain.api;

import dev.secondbrain.schemas.StoreSchema;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ApiApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /**
     * This service reading its own {@code api-service.yml} (then any {@code application.yml} an
     * operator adds), so that services sharing a classpath or a JVM (fault tests, the bench) each find their own
     * configuration.
     */
    public static SpringApplication application() {
        return new SpringApplicationBuilder(ApiApplication.class)
                .properties("spring.config.name=api-service,application").build();
    }

    /**
     * The intake owns the store's migrations; this service only validates, waiting (not ready) while the
     * schema is behind: see {@link StoreSchema}.
     */
    @Bean
    FlywayMigrationStrategy validateOnly() {
        return StoreSchema::awaitMigrated;
    }
}
