package dev.secondbrain.worker.classify;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the tenant model sees of a document: the distinct features of its title, author and content. Mail-aware,
 * because mail is a second brain's largest source: title words are marked apart ({@code s:}), the author's
 * address parts too ({@code f:}), links by host ({@code u:}), HTML remnants by tag ({@code h:}); numbers by their
 * length ({@code #3}); money, exclamation and percent signs by how many ({@code p:$8}, in the title {@code sp:!1});
 * shouting by a {@code caps} mark; and adjacent words as bigrams. Bounded to
 * {@link Tokens#MAX_TOKENS} words of content, so a huge document costs no more than a long one.
 */
final class Features {

    private static final Pattern URL_HOST = Pattern.compile("(?i)(?:https?://|www\\.)([a-z0-9.-]+)");
    private static final Pattern HTML_TAG = Pattern.compile("<\\s*/?\\s*([a-zA-Z][a-zA-Z0-9]{0,10})");
    private static final int MAX_SCAN = Classifier.CONTENT_CHARS;
    private static final String SYMBOLS = "$!%";
    private static final int[] CONTENT_SYMBOLS = {2, 8, 32};
    private static final int[] TITLE_SYMBOLS = {1, 2};

    private Features() {
    }

    static Set<String> of(String title, String author, String content) {
        var features = new LinkedHashSet<String>();
        words(title, "s:", features, false);
        words(author, "f:", features, false);
        var text = content == null ? "" : content.length() > MAX_SCAN ? content.substring(0, MAX_SCAN) : content;
        marked(URL_HOST, text, "u:", features);
        marked(HTML_TAG, text, "h:", features);
        symbols(title, "sp:", TITLE_SYMBOLS, features);
        symbols(text, "p:", CONTENT_SYMBOLS, features);
        words(title, "", features, true);
        words(text, "", features, true);
        return features;
    }

    /**
     * Money, exclamation and percent signs, counted in one pass: a feature per symbol and threshold reached (content
     * {@code p:$2 p:$8 p:$32}, title {@code sp:$1 sp:$2}), so that more of them is more evidence, not other evidence.
     */
    private static void symbols(String text, String prefix, int[] thresholds, Set<String> features) {
        if (text == null) {
            return;
        }
        var counts = new int[SYMBOLS.length()];
        for (int i = 0; i < text.length(); i++) {
            int s = SYMBOLS.indexOf(text.charAt(i));
            if (s >= 0) {
                counts[s]++;
            }
        }
        for (int s = 0; s < counts.length; s++) {
            for (int threshold : thresholds) {
                if (counts[s] >= threshold) {
                    features.add(prefix + SYMBOLS.charAt(s) + threshold);
                }
            }
        }
    }

    private static void marked(Pattern pattern, String text, String prefix, Set<String> features) {
        var matcher = pattern.matcher(text);
        for (int n = 0; n < 200 && matcher.find(); n++) {
            var found = matcher.group(1).toLowerCase(Locale.ROOT);
            features.add(prefix + found);
            int dot = found.lastIndexOf('.', found.lastIndexOf('.') - 1);
            if (prefix.equals("u:") && dot > 0) {
                features.add(prefix + found.substring(dot + 1));
            }
        }
    }

    /** Words of letters and digits (2..39 characters), optionally with the bigram of each word and the one before. */
    private static void words(String text, String prefix, Set<String> features, boolean bigrams) {
        if (text == null) {
            return;
        }
        String previous = null;
        int start = -1;
        int count = 0;
        for (int i = 0; i <= text.length() && count < Tokens.MAX_TOKENS; i++) {
            boolean word = i < text.length() && Character.isLetterOrDigit(text.charAt(i));
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                if (i - start > 1 && i - start < 40) {
                    var token = token(text.substring(start, i), features);
                    features.add(prefix + token);
                    if (bigrams && previous != null) {
                        features.add(previous + "_" + token);
                    }
                    previous = token;
                    count++;
                }
                start = -1;
            }
        }
    }

    private static String token(String raw, Set<String> features) {
        if (raw.chars().allMatch(Character::isDigit)) {
            return "#" + raw.length();
        }
        if (raw.length() > 2 && raw.chars().allMatch(c -> !Character.isLetter(c) || Character.isUpperCase(c))) {
            features.add("caps");
        }
        return raw.toLowerCase(Locale.ROOT);
    }
}
