package dev.secondbrain.bench;

import dev.secondbrain.schemas.DocumentDeleted;
import dev.secondbrain.schemas.DocumentEvent;
import dev.secondbrain.schemas.DocumentUpserted;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A reproducible corpus (fixed seed): ~1 KB documents of word-salad text with topic words, spread over
 * many tenants, followed by a share of updates, deletes and exact duplicates, in a shuffled order that
 * keeps each document's versions in order (as a partition would).
 */
record Corpus(List<DocumentEvent> events, int documents, int tenants) {

    private static final String[] TOPIC_WORDS = {
            "meeting", "deadline", "project", "invoice", "budget", "roadmap", "customer", "release",
            "family", "birthday", "dinner", "holiday", "doctor", "weekend", "garden", "recipe",
            "winner", "prize", "offer", "unsubscribe", "discount", "lottery", "urgent", "click"};
    private static final String[] FILLER = {
            "the", "and", "notes", "about", "with", "from", "team", "plan", "update", "review", "idea",
            "draft", "list", "time", "week", "today", "tomorrow", "question", "answer", "summary"};

    static Corpus generate(long seed, int documents, int tenants) {
        var random = new Random(seed);
        var tenantIds = new ArrayList<UUID>();
        for (int t = 0; t < tenants; t++) {
            tenantIds.add(new UUID(seed, t));
        }
        var events = new ArrayList<DocumentEvent>(documents * 6 / 5);
        for (int d = 0; d < documents; d++) {
            events.add(upsert(random, tenantIds.get(d % tenants), d, 1));
        }
        for (int d = 0; d < documents; d++) {
            var tenant = tenantIds.get(d % tenants);
            var roll = random.nextInt(100);
            if (roll < 10) {
                events.add(upsert(random, tenant, d, 2));
            } else if (roll < 12) {
                events.add(new DocumentDeleted(tenant, externalId(d), "bench", 2, null));
            } else if (roll < 17) {
                events.add(events.get(d));
            }
        }
        return new Corpus(List.copyOf(events), documents, tenants);
    }

    /** The newest state of every document, as the store should hold it after the corpus is applied. */
    List<DocumentEvent> latest() {
        var newest = new java.util.LinkedHashMap<String, DocumentEvent>();
        for (var event : events) {
            newest.merge(event.key(), event, (a, b) -> b.version() >= a.version() ? b : a);
        }
        return List.copyOf(newest.values());
    }

    static String externalId(int d) {
        return "bench/doc-" + d + ".md";
    }

    private static DocumentUpserted upsert(Random random, UUID tenant, int d, long version) {
        var topic = TOPIC_WORDS[random.nextInt(TOPIC_WORDS.length)];
        var text = new StringBuilder(1100);
        while (text.length() < 1000) {
            text.append(random.nextInt(6) == 0 ? topic : FILLER[random.nextInt(FILLER.length)])
                    .append(random.nextInt(12) == 0 ? ". " : " ");
        }
        var at = Instant.ofEpochSecond(1_700_000_000L + d * 60L + version);
        return new DocumentUpserted(tenant, externalId(d), "bench", version, "About " + topic + " " + d,
                text.toString(), "text/markdown", "https://example.org/" + d, "author" + (d % 50),
                at, at, Map.of("folder", "bench/" + (d % 20)), null);
    }
}
