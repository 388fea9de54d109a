package dev.secondbrain.local;

import dev.secondbrain.api.ApiApplication;
import dev.secondbrain.ingest.IngestApplication;
import dev.secondbrain.worker.WorkerApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.UrlResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The three services, started in this JVM each with its own application.yml. */
public enum Service {

    INGEST("ingest-service", IngestApplication.class),
    WORKER("classify-worker", WorkerApplication.class),
    API("api-service", ApiApplication.class);

    /** A started service: its context and the HTTP port it listens on. */
    public record Running(ConfigurableApplicationContext context) implements AutoCloseable {

        public int port() {
            return ((WebServerApplicationContext) context).getWebServer().getPort();
        }

        @Override
        public void close() {
            context.close();
        }
    }

    private final String module;
    private final Class<?> application;

    Service(String module, Class<?> application) {
        this.module = module;
        this.application = application;
    }

    /** Starts the service with these {@code key=value} properties on {@code port} (0 = any free port). */
    public Running start(List<String> properties, int port) {
        return start(properties, port, Map.of());
    }

    /** As {@link #start(List, int)}, with these objects registered as beans by name (fault tests use it). */
    public Running start(List<String> properties, int port, Map<String, Object> beans) {
        var overrides = new LinkedHashMap<String, Object>();
        for (var property : properties) {
            var split = property.indexOf('=');
            overrides.put(property.substring(0, split), property.substring(split + 1));
        }
        overrides.put("server.port", port);
        // Every service jar has an application.yml at the classpath root; in one JVM only the first would be
        // found by name, so load this service's own file explicitly and switch the default lookup off.
        overrides.put("spring.config.name", module + "-defaults-only");
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("local-pipeline", overrides));
        environment.getPropertySources().addLast(ownConfiguration());
        return new Running(new SpringApplicationBuilder(application).environment(environment)
                .initializers(context -> beans.forEach(context.getBeanFactory()::registerSingleton)).run());
    }

    private PropertySource<?> ownConfiguration() {
        try {
            var urls = Collections.list(Service.class.getClassLoader().getResources("application.yml"));
            var own = urls.stream().filter(u -> u.toString().contains(module)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no application.yml of " + module + " in " + urls));
            return new YamlPropertySourceLoader().load(module, new UrlResource(own)).getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
