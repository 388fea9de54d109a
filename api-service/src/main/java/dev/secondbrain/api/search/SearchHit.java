package dev.secondbrain.api.search;

/** A matching document; {@code snippet} is its content with the matches between {@code <b>} and {@code </b>}. */
record SearchHit(String externalId, String title, String category, String classificationStatus, float rank,
                 String snippet) {
}
