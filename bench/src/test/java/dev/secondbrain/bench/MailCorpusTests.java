package dev.secondbrain.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The quality bench's corpus account and split, without the pipeline (QualityBenchSmokeIntegrationTests runs it all). */
class MailCorpusTests {

    @Test
    void everyMessageIsReadOrReportedLabelledByItsFolderAndSplitTheSameWayForASeed(@TempDir Path corpus) throws Exception {
        QualityBenchSmokeIntegrationTests.syntheticCorpus(corpus);

        var read = MailCorpus.read(corpus);

        assertThat(read.messages()).isEqualTo(25);
        assertThat(read.unreadable()).hasSize(1);
        assertThat(read.duplicates()).isEmpty();
        assertThat(read.mails()).hasSize(24);
        assertThat(read.mails()).filteredOn(m -> m.label().equals("spam")).hasSize(12)
                .allSatisfy(m -> assertThat(m.content()).containsAnyOf("casino", "prize", "lottery"));
        assertThat(read.mails()).filteredOn(m -> m.title() != null && m.title().contains("caf")).isEmpty();
        assertThat(read.mails()).anySatisfy(m -> assertThat(m.content()).contains("café"));
        var split = QualityBench.split(read.mails(), 6, 20);
        assertThat(split.byLabel().get("ham")).hasSize(6);
        assertThat(split.byLabel().get("spam")).hasSize(6);
        assertThat(split.held()).hasSize(12).doesNotContainKeys(split.byLabel().get("ham").toArray(String[]::new));
        assertThat(QualityBench.split(read.mails(), 6, 20)).isEqualTo(split);
        // control: another seed holds out other documents
        assertThat(QualityBench.split(read.mails(), 6, 21).held().keySet()).isNotEqualTo(split.held().keySet());
    }
}
