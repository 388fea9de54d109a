package dev.secondbrain.schemas;

/** Input limits shared by the intake (which rejects) and the worker (which dead-letters). */
public final class EventLimits {

    public static final int MAX_EVENTS_PER_REQUEST = 1000;
    public static final int MAX_EXTERNAL_ID_CHARS = 512;
    public static final int MAX_SOURCE_CHARS = 64;
    public static final int MAX_TITLE_CHARS = 1000;
    public static final int MAX_CONTENT_BYTES = 1024 * 1024;
    public static final int MAX_MIME_TYPE_CHARS = 255;
    public static final int MAX_URL_CHARS = 4096;
    public static final int MAX_AUTHOR_CHARS = 512;
    public static final int MAX_METADATA_BYTES = 64 * 1024;
    public static final int MAX_JSON_NESTING = 32;

    private EventLimits() {
    }
}
