package dev.secondbrain.bench;

import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.tokenize.SimpleTokenizer;
import opennlp.tools.util.CollectionObjectStream;
import opennlp.tools.util.TrainingParameters;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The library a user would otherwise pick: Apache OpenNLP's document categorizer (maximum entropy over a bag of
 * words, its default feature generator and trainer: GIS, 100 iterations), with a cutoff of 1 instead of 5 so that
 * at k = 10 it keeps the words it saw; text lower-cased and split by OpenNLP's simple tokenizer.
 */
final class LibraryClassifier {

    record Labelled(String label, String text) {
    }

    private final DocumentCategorizerME categorizer;

    private LibraryClassifier(DocumentCategorizerME categorizer) {
        this.categorizer = categorizer;
    }

    static LibraryClassifier train(List<Labelled> examples) throws IOException {
        var samples = examples.stream().map(e -> new DocumentSample(e.label(), tokens(e.text()))).toList();
        var parameters = TrainingParameters.defaultParams();
        parameters.put(TrainingParameters.CUTOFF_PARAM, 1);
        DoccatModel model = DocumentCategorizerME.train("en", new CollectionObjectStream<>(samples), parameters,
                new DoccatFactory());
        return new LibraryClassifier(new DocumentCategorizerME(model));
    }

    String classify(String text) {
        return categorizer.getBestCategory(categorizer.categorize(tokens(text)));
    }

    private static String[] tokens(String text) {
        var all = SimpleTokenizer.INSTANCE.tokenize(text == null ? "" : text.toLowerCase(Locale.ROOT));
        return all.length > 5000 ? java.util.Arrays.copyOf(all, 5000) : all;
    }
}
