package dev.secondbrain.api;

import dev.secondbrain.api.cursor.Cursors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.annotation.UserConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/** An empty cursor secret stops the service from starting, unless a random one is explicitly allowed. */
class CursorSecretTests {

    @EnableConfigurationProperties(ApiSettings.class)
    @Import(Cursors.class)
    static class CursorsOnly {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(UserConfigurations.of(CursorsOnly.class));

    @Test
    void anEmptyCursorSecretFailsStartup() {
        runner.run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("pipeline.api.cursor-secret is empty"));
    }

    @Test
    void aRandomSecretStartsOnlyWhenAllowedAndASetOneAlways() {
        runner.withPropertyValues("pipeline.api.random-cursor-secret=true")
                .run(context -> assertThat(context).hasNotFailed());
        runner.withPropertyValues("pipeline.api.cursor-secret=set")
                .run(context -> assertThat(context).hasNotFailed());
    }
}
