package dev.secondbrain.testkit;

/** The topic names one test class uses: the production names with a suffix of its own. */
public record TestTopics(String events, String deadLetter, String changes) {

    public static TestTopics withSuffix(String suffix) {
        return new TestTopics("documents.events." + suffix, "documents.events-dlt." + suffix,
                "documents.changes." + suffix);
    }
}
