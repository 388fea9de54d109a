package dev.secondbrain.schemas;

/** Kafka header names on {@link Topics#EVENTS} and on the dead-letter topic. Values are UTF-8 text. */
public final class EventHeaders {

    public static final String TENANT_ID = "tenant-id";
    public static final String EVENT_TYPE = "event-type";
    public static final String SCHEMA_VERSION = "schema-version";
    public static final String EVENT_ID = "event-id";

    /** The schema version this code writes and reads. */
    public static final String CURRENT_SCHEMA_VERSION = "1";

    /** Why a record was dead-lettered, and where it came from. */
    public static final String DLT_EXCEPTION_CLASS = "dlt-exception-class";
    public static final String DLT_EXCEPTION_MESSAGE = "dlt-exception-message";
    public static final String DLT_ORIGINAL_TOPIC = "dlt-original-topic";
    public static final String DLT_ORIGINAL_PARTITION = "dlt-original-partition";
    public static final String DLT_ORIGINAL_OFFSET = "dlt-original-offset";

    private EventHeaders() {
    }
}
