package dev.secondbrain.local;

import dev.secondbrain.api.ApiApplication;
import dev.secondbrain.ingest.IngestApplication;
import dev.secondbrain.worker.WorkerApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.UrlResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;

/** The three services, started in this JVM each with its own application.yml. */
enum Service {

    INGEST("ingest-service", IngestApplication.class),
    WORKER("classify-worker", WorkerApplication.class),
    API("api-service", ApiApplication.class);

    private final String module;
    private final Class<?> application;

    Service(String module, Class<?> application) {
        this.module = module;
        this.application = application;
    }

    ConfigurableApplicationContext start(List<String> properties) {
        var environment = new StandardEnvironment();
        // Every service jar has an application.yml at the classpath root; in one JVM only the first would be
        // found by name, so load this service's own file explicitly and switch off the default lookup.
        environment.getPropertySources().addLast(ownConfiguration());
        return new SpringApplicationBuilder(application)
                .environment(environment)
                .properties("spring.config.name=" + module + "-none")
                .properties(properties.toArray(String[]::new))
                .run();
    }

    private org.springframework.core.env.PropertySource<?> ownConfiguration() {
        try {
            var urls = Collections.list(Service.class.getClassLoader().getResources("application.yml"));
            URL own = urls.stream().filter(u -> u.toString().contains(module)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no application.yml of " + module + " in " + urls));
            var sources = new YamlPropertySourceLoader().load(module, new UrlResource(own));
            return sources.getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
