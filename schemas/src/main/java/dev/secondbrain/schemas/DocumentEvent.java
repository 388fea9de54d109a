package dev.secondbrain.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.UUID;

/**
 * An event on {@link Topics#EVENTS}: what a source says happened to one document. The JSON carries its
 * kind in {@code "type"} ({@code DocumentUpserted} or {@code DocumentDeleted}), described by the JSON
 * Schema files under {@code schemas/}. Connectors posting to the intake leave {@code tenantId} out: the
 * API key decides it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = DocumentUpserted.class, name = "DocumentUpserted"),
        @JsonSubTypes.Type(value = DocumentDeleted.class, name = "DocumentDeleted")})
public sealed interface DocumentEvent permits DocumentUpserted, DocumentDeleted {

    UUID tenantId();

    String externalId();

    String source();

    long version();

    UUID syncId();

    /** The same event bound to a tenant (the intake takes it from the API key). */
    DocumentEvent withTenant(UUID tenantId);

    /** Record key on the topic, so every version of a document is ordered on one partition. */
    @JsonIgnore
    default String key() {
        return tenantId() + "/" + externalId();
    }

    /** The value of the {@link EventHeaders#EVENT_TYPE} header and of {@code "type"} in the JSON. */
    @JsonIgnore
    default String type() {
        return getClass().getSimpleName();
    }
}
