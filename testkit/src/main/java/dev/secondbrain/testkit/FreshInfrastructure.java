package dev.secondbrain.testkit;

import dev.secondbrain.embedded.PostgresServer;
import org.flywaydb.core.Flyway;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.UUID;

/**
 * Points a Spring test context at the shared broker and PostgreSQL with a database and topic names of its
 * own. The database is migrated, as the intake (the owner of migrations) would have done before any other
 * service starts; the topics are not created: each is created by its owning service when it starts, as in a
 * deployment (the broker's auto-create is off). Use through {@link WithPipelineInfrastructure}, which also closes
 * the context after the class so the next class starts fresh.
 */
public class FreshInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        var postgres = Infrastructure.postgres();
        var kafka = Infrastructure.kafka();
        var database = postgres.createDatabase("test");
        var suffix = UUID.randomUUID().toString().substring(0, 8);
        var topics = TestTopics.withSuffix(suffix);
        Flyway.configure().dataSource(postgres.jdbcUrl(database), PostgresServer.USER, "")
                .locations("classpath:db/migration").load().migrate();
        TestPropertyValues.of(
                "spring.datasource.url=" + postgres.jdbcUrl(database),
                "spring.datasource.username=" + PostgresServer.USER,
                "spring.datasource.password=",
                "spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "pipeline.topics.events=" + topics.events(),
                "pipeline.topics.dead-letter=" + topics.deadLetter(),
                "pipeline.topics.changes=" + topics.changes(),
                "pipeline.test.database=" + database
        ).applyTo(context);
    }
}
