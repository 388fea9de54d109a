package dev.secondbrain.access;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an API key may do. A key carries one or more; each endpoint needs one (see {@link AccessRules}).
 * As a Spring Security authority a scope is {@code SCOPE_<value>}.
 */
public enum Scope {

    /** The intake: events, syncs. */
    EVENTS_WRITE("events:write"),
    /** Lists, lookups, search, statistics, changes, job and gap reads. */
    DOCUMENTS_READ("documents:read"),
    /** Bulk operations, restore, purge, delete-all and reverts, confirming a sync's deletions, knowledge gaps. */
    DOCUMENTS_WRITE("documents:write"),
    /** The tenant's own keys and its audit log. */
    TENANT_ADMIN("tenant:admin");

    static final String AUTHORITY_PREFIX = "SCOPE_";

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    /** As written in requests, responses and the store: {@code documents:read}. */
    public String value() {
        return value;
    }

    public String authority() {
        return AUTHORITY_PREFIX + value;
    }

    public static Optional<Scope> of(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }
}
