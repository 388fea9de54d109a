package dev.secondbrain.testkit;

import dev.secondbrain.embedded.PostgresServer;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.UUID;

/**
 * Points a Spring test context at the shared broker and PostgreSQL with a database and topics of its
 * own. Use through {@link WithPipelineInfrastructure}, which also closes the context after the class so
 * the next class starts fresh.
 */
public class FreshInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        var postgres = Infrastructure.postgres();
        var kafka = Infrastructure.kafka();
        var database = postgres.createDatabase("test");
        var suffix = UUID.randomUUID().toString().substring(0, 8);
        var topics = TestTopics.withSuffix(suffix);
        kafka.createTopics(topics.events(), topics.deadLetter(), topics.changes());
        TestPropertyValues.of(
                "spring.datasource.url=" + postgres.jdbcUrl(database),
                "spring.datasource.username=" + PostgresServer.USER,
                "spring.datasource.password=",
                "spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "pipeline.topics.events=" + topics.events(),
                "pipeline.topics.dead-letter=" + topics.deadLetter(),
                "pipeline.topics.changes=" + topics.changes(),
                "pipeline.topics.create=false",
                "pipeline.test.database=" + database
        ).applyTo(context);
    }
}
