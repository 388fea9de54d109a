package dev.secondbrain.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One horizontal bar per ratio on a log scale, with the parity line at x1: readable at a glance. A row measured
 * on a local socket and with a network round trip has a bar for each.
 */
final class Chart {

    private record Bar(String label, double ratio) {
    }

    private static final int WIDTH = 1400;
    private static final int ROW = 34;
    private static final int LABEL = 760;

    private Chart() {
    }

    static void write(List<Results.Row> table, Path file) throws IOException {
        var rows = new java.util.ArrayList<Bar>();
        for (var r : table) {
            if (r.ratio() != null) {
                rows.add(new Bar(r.measure() + " vs " + r.baselineName()
                        + (r.ratioRtt() == null ? "" : " (local socket)"), r.ratio()));
            }
            if (r.ratioRtt() != null) {
                rows.add(new Bar(r.measure() + " vs " + r.baselineName() + " (with RTT)", r.ratioRtt()));
            }
        }
        int height = 90 + rows.size() * ROW;
        var image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString("Pipeline vs baseline, measured side by side (ratio, log scale; right of x1 = ours better)", 20, 30);
        double maxLog = Math.log10(rows.stream().mapToDouble(r -> Math.max(r.ratio(), 1 / r.ratio())).max().orElse(10) * 2);
        int plot = WIDTH - LABEL - 40;
        int zero = LABEL + plot / 2;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        for (int i = 0; i < rows.size(); i++) {
            var r = rows.get(i);
            int y = 60 + i * ROW;
            g.setColor(Color.DARK_GRAY);
            g.drawString(r.label(), 20, y + 18);
            double log = Math.log10(r.ratio());
            int len = (int) (Math.abs(log) / maxLog * plot / 2);
            g.setColor(log >= 0 ? new Color(46, 139, 87) : new Color(205, 92, 92));
            g.fillRect(log >= 0 ? zero : zero - len, y + 4, Math.max(len, 2), ROW - 10);
            g.setColor(Color.BLACK);
            g.drawString("x%.2f".formatted(r.ratio()), log >= 0 ? zero + len + 6 : zero - len - 60, y + 18);
        }
        g.setStroke(new BasicStroke(2));
        g.drawLine(zero, 50, zero, height - 20);
        g.drawString("x1", zero - 8, height - 4);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }
}
