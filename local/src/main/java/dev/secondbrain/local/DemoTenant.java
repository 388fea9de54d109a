package dev.secondbrain.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A tenant with an API key and the bundled sample notes pushed through the intake, for a first look. */
record DemoTenant(String apiKey, int notes) {

    private static final String[] SAMPLE_NOTES = {
            "work/q3-roadmap.md", "work/incident-review.md", "work/hiring-plan.md",
            "personal/birthday-dinner.md", "personal/holiday-packing.md", "personal/recipe-lentil-soup.md",
            "inbox/you-won.md", "inbox/newsletter.md"};

    static DemoTenant create(LocalPipeline pipeline) {
        try {
            var admin = new ConnectorClient(pipeline.ingestUrl(), pipeline.adminToken());
            var tenantId = admin.post("/v1/admin/tenants", Map.of("name", "demo")).get("tenantId").asString();
            var key = admin.post("/v1/admin/tenants/" + tenantId + "/keys", Map.of()).get("key").asString();
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
                Files.copy(in, target);
            }
        }
        return folder;
    }
}
