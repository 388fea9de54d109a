package dev.secondbrain.worker.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Lower-cased words of letters and digits, at most {@link #MAX_TOKENS} of them per document. */
final class Tokens {

    static final int MAX_TOKENS = 2000;

    private Tokens() {
    }

    static List<String> of(String... texts) {
        var tokens = new ArrayList<String>();
        for (var text : texts) {
            if (text == null) {
                continue;
            }
            int start = -1;
            for (int i = 0; i <= text.length() && tokens.size() < MAX_TOKENS; i++) {
                boolean word = i < text.length() && Character.isLetterOrDigit(text.charAt(i));
                if (word && start < 0) {
                    start = i;
                } else if (!word && start >= 0) {
                    if (i - start > 1 && i - start < 40) {
                        tokens.add(text.substring(start, i).toLowerCase(Locale.ROOT));
                    }
                    start = -1;
                }
            }
        }
        return tokens;
    }
}
