package dev.secondbrain.local;

import dev.secondbrain.tools.ConnectorClient;
import dev.secondbrain.tools.FolderConnector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A tenant with an API key and the bundled sample notes pushed through the intake, for a first look. Made on
 * the first run only: its key is kept with the data, and later runs find the tenant's documents where they were.
 *
 * @param apiKey the demo tenant's key
 * @param notes  sample notes pushed by this run (0 when the tenant existed already)
 */
record DemoTenant(String apiKey, int notes) {

    private static final String[] SAMPLE_NOTES = {
            "work/q3-roadmap.md", "work/incident-review.md", "work/hiring-plan.md",
            "personal/birthday-dinner.md", "personal/holiday-packing.md", "personal/recipe-lentil-soup.md",
            "inbox/you-won.md", "inbox/newsletter.md"};

    /** The demo tenant of this installation, created with its sample notes when there is none yet. */
    static DemoTenant ensure(LocalPipeline pipeline) {
        var credentials = pipeline.credentials();
        if (credentials.demoApiKey() != null) {
            return new DemoTenant(credentials.demoApiKey(), 0);
        }
        try {
            var admin = new ConnectorClient(pipeline.ingestUrl(), pipeline.adminToken());
            var tenantId = admin.post("/v1/admin/tenants", Map.of("name", "demo")).get("tenantId").asString();
            // one key for every demo (the folder connector, the page, curl): every scope
            var key = admin.post("/v1/admin/tenants/" + tenantId + "/keys", Map.of("scopes", List.of("events:write",
                    "documents:read", "documents:write", "tenant:admin"))).get("key").asString();
            credentials.withDemoApiKey(key).saveIn(pipeline.dataDirectory());
            var folder = copySampleNotes(pipeline.dataDirectory().resolve("sample-notes"));
            var report = new FolderConnector(pipeline.ingestUrl(), key, "notes", System.out).push(folder);
            return new DemoTenant(key, report.sent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path copySampleNotes(Path folder) throws IOException {
        for (var note : SAMPLE_NOTES) {
            var target = folder.resolve(note);
            Files.createDirectories(target.getParent());
            try (var in = DemoTenant.class.getResourceAsStream("/sample-notes/" + note)) {
                Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return folder;
    }
}
