package dev.secondbrain.faults;

import dev.secondbrain.faults.Oracle.Sent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Connector traffic with the shapes that break naive pipelines: every key gets increasing versions, one
 * event in ten is a delete, and one in twenty is an older event sent again (a duplicate delivery, or an
 * upsert older than the tombstone that must not resurrect it). Each client thread owns its share of the
 * tenants, so a key's versions are sent in order by one client, as a connector does.
 */
final class Load {

    private final Connector connector;
    private final List<Connector.Tenant> tenants;
    private final int keysPerTenant;
    private final Duration patience;

    Load(Stack stack, Oracle oracle, List<Connector.Tenant> tenants, int keysPerTenant, Duration patience) {
        this.connector = new Connector(stack.ingestUrl(), oracle);
        this.tenants = tenants;
        this.keysPerTenant = keysPerTenant;
        this.patience = patience;
    }

    Connector connector() {
        return connector;
    }

    /** Sends {@code requests} requests of {@code perRequest} events from each of {@code clients} threads. */
    CompletableFuture<Void> start(int clients, int requests, int perRequest) {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        var all = new ArrayList<CompletableFuture<Void>>();
        for (int client = 0; client < clients; client++) {
            var share = new ArrayList<Connector.Tenant>();
            for (int t = client; t < tenants.size(); t += clients) {
                share.add(tenants.get(t));
            }
            int seed = client;
            all.add(CompletableFuture.runAsync(() -> client(share, new Random(seed), requests, perRequest), pool));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).whenComplete((r, e) -> pool.shutdown());
    }

    void run(int clients, int requests, int perRequest) {
        start(clients, requests, perRequest).join();
    }

    private void client(List<Connector.Tenant> share, Random random, int requests, int perRequest) {
        var history = new HashMap<Oracle.Key, List<Sent>>();
        for (int r = 0; r < requests; r++) {
            var tenant = share.get(random.nextInt(share.size()));
            var keys = new LinkedHashSet<String>();
            while (keys.size() < Math.min(perRequest, keysPerTenant)) {
                keys.add("doc-" + random.nextInt(keysPerTenant));
            }
            var events = new ArrayList<Sent>();
            for (var externalId : keys) {
                var sent = history.computeIfAbsent(new Oracle.Key(tenant.id(), externalId), k -> new ArrayList<>());
                events.add(next(tenant, externalId, sent, random));
            }
            connector.send(tenant, events, patience);
        }
    }

    private static Sent next(Connector.Tenant tenant, String externalId, List<Sent> sent, Random random) {
        int roll = random.nextInt(100);
        if (roll < 5 && sent.size() >= 2) {
            return sent.get(sent.size() - 2); // an older event again
        }
        long version = sent.isEmpty() ? 1 : sent.getLast().version() + 1;
        var event = new Sent(tenant.id(), externalId, version, roll < 15
                ? null : "version " + version + " of " + externalId + " " + Long.toHexString(random.nextLong()));
        sent.add(event);
        return event;
    }
}
