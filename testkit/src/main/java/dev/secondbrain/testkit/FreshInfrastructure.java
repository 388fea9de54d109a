package dev.secondbrain.testkit;

import org.flywaydb.core.Flyway;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Points a Spring test context at the shared broker and PostgreSQL with a database and topic names of its
 * own. The database is migrated as the owner, as the intake (the owner of migrations) would have done before any
 * other service starts; the service logs in with its own login as deployed (found by its
 * {@code spring.application.name}). The topics are not created: each is created by its owning service when it
 * starts, as in a deployment (the broker's auto-create is off). Use through {@link WithPipelineInfrastructure},
 * which also closes the context after the class so the next class starts fresh.
 */
public class FreshInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        var kafka = Infrastructure.kafka();
        var database = Infrastructure.createDatabase("test");
        var suffix = UUID.randomUUID().toString().substring(0, 8);
        var topics = TestTopics.withSuffix(suffix);
        var owner = Infrastructure.logins().ownerLogin();
        Flyway.configure().dataSource(Infrastructure.postgres().jdbcUrl(database), owner.user(), owner.password())
                .locations("classpath:db/migration").load().migrate();
        var properties = new ArrayList<>(databaseProperties(context.getEnvironment().getProperty("spring.application.name"),
                database));
        properties.addAll(List.of(
                "spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "pipeline.topics.events=" + topics.events(),
                "pipeline.topics.dead-letter=" + topics.deadLetter(),
                "pipeline.topics.changes=" + topics.changes()));
        TestPropertyValues.of(properties).applyTo(context);
    }

    /**
     * {@code key=value} properties that connect {@code service} to {@code database} (made by
     * {@link Infrastructure#createDatabase}) with its own login, Flyway with the owner's, and name the database in
     * {@code pipeline.test.database} (see {@link TestDatabase}).
     */
    public static List<String> databaseProperties(String service, String database) {
        var logins = Infrastructure.logins();
        var login = logins.of(service);
        var owner = logins.ownerLogin();
        return List.of(
                "spring.datasource.url=" + Infrastructure.postgres().jdbcUrl(database),
                "spring.datasource.username=" + login.user(),
                "spring.datasource.password=" + login.password(),
                "spring.flyway.user=" + owner.user(),
                "spring.flyway.password=" + owner.password(),
                "pipeline.test.database=" + database);
    }
}
