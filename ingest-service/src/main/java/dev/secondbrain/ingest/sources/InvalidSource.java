package dev.secondbrain.ingest.sources;

import java.util.regex.Pattern;

/** A source named in a path that is not a source name: 400. */
public final class InvalidSource extends RuntimeException {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    InvalidSource() {
        super(null, null, false, false);
    }

    /** {@code source} when it is a source name. */
    public static String check(String source) {
        if (source == null || !NAME.matcher(source).matches()) {
            throw new InvalidSource();
        }
        return source;
    }
}
