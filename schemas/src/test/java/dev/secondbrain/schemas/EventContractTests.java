package dev.secondbrain.schemas;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JSON Schema files and the records describe the same events: every valid example validates and
 * round-trips through the records, every invalid example is refused by the schema and by the code a
 * consumer of the topic runs ({@link EventCodec}, {@link EventRules}, a tenant present).
 */
class EventContractTests {

    private static final String ID_PREFIX = "https://schemas.secondbrain.dev/events/";
    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                    builder -> builder.schemaIdResolvers(ids -> ids.mapPrefix(ID_PREFIX, "classpath:schemas/")))
            .getSchema(SchemaLocation.of(ID_PREFIX + "document-event.json"));

    @TestFactory
    Stream<DynamicTest> validExampleValidatesAndRoundTripsThroughTheRecords() throws IOException {
        return examples("valid").map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            var json = Files.readAllBytes(file);
            assertThat(SCHEMA.validate(tree(json))).isEmpty();
            var event = EventCodec.read(json);
            assertThat(EventRules.violations(event)).isEmpty();
            var written = EventCodec.write(event);
            assertThat(EventCodec.read(written)).isEqualTo(event);
            assertThat(SCHEMA.validate(tree(written))).as("what the intake writes").isEmpty();
            assertThat(tree(written).get("type").asString()).isEqualTo(event.type());
        }));
    }

    @TestFactory
    Stream<DynamicTest> invalidExampleIsRefusedBySchemaAndByConsumers() throws IOException {
        return examples("invalid").map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            var json = Files.readAllBytes(file);
            assertThat(SCHEMA.validate(tree(json))).as("schema errors").isNotEmpty();
            var refused = refusedByConsumer(json);
            assertThat(refused).as("refused by EventCodec/EventRules").isTrue();
        }));
    }

    @Test
    void schemaRefusesAnEventWhoseTypeDoesNotMatchItsFields() {
        var deletedWithTitle = """
                {"type":"DocumentDeleted","tenantId":"3f1c1a2e-5b6d-4c7e-8f90-a1b2c3d4e5f6",
                 "externalId":"n1","source":"notes","version":1,"title":"t"}""";
        assertThat(SCHEMA.validate(tree(deletedWithTitle.getBytes()))).isNotEmpty();
        assertThatThrownBy(() -> EventCodec.read(deletedWithTitle.getBytes())).isInstanceOf(MalformedEvent.class);
    }

    @Test
    void everyExampleFolderHasExamples() throws IOException {
        assertThat(examples("valid")).hasSizeGreaterThanOrEqualTo(5);
        assertThat(examples("invalid")).hasSizeGreaterThanOrEqualTo(10);
    }

    private static boolean refusedByConsumer(byte[] json) {
        try {
            var event = EventCodec.read(json);
            return event.tenantId() == null || !EventRules.violations(event).isEmpty();
        } catch (MalformedEvent e) {
            return true;
        }
    }

    private static JsonNode tree(byte[] json) {
        return EventCodec.mapper().readTree(json);
    }

    private static Stream<Path> examples(String folder) throws IOException {
        try {
            var dir = Path.of(EventContractTests.class.getResource("/examples/" + folder).toURI());
            try (var files = Files.list(dir)) {
                List<Path> sorted = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
                return sorted.stream();
            }
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
