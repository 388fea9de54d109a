package dev.secondbrain.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** {@code quality.png}: the learning curve, accuracy by k per class (one step each), ours beside the library. */
final class QualityChart {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 620;
    private static final int LEFT = 80;
    private static final int TOP = 60;
    private static final int PLOT_W = 640;
    private static final int PLOT_H = 480;

    private QualityChart() {
    }

    static void write(QualityReport report, Path file) throws IOException {
        var steps = report.steps();
        var image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString("Held-out accuracy by confirmed documents per class (k)", LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int i = 0; i <= 5; i++) {
            double v = 0.5 + i * 0.1;
            int y = y(v);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(LEFT, y, LEFT + PLOT_W, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString("%.1f".formatted(v), LEFT - 35, y + 5);
        }
        for (int i = 0; i < steps.size(); i++) {
            g.drawString("k=" + steps.get(i).k(), x(i, steps.size()) - 15, TOP + PLOT_H + 25);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, PLOT_W, PLOT_H);
        line(g, steps, s -> s.ours().accuracy(), new Color(46, 139, 87), "ours: all held-out", 0);
        line(g, steps, QualityReport.Step::autoAccuracy, new Color(30, 90, 200), "ours: classified automatically", 1);
        line(g, steps, s -> s.library().accuracy(), new Color(205, 92, 92), "OpenNLP doccat: all held-out", 2);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void line(Graphics2D g, List<QualityReport.Step> steps, ToDoubleFunction<QualityReport.Step> value,
                             Color color, String label, int legend) {
        g.setColor(color);
        g.setStroke(new BasicStroke(3));
        for (int i = 0; i < steps.size(); i++) {
            double v = value.applyAsDouble(steps.get(i));
            if (Double.isNaN(v)) {
                continue;
            }
            int x = x(i, steps.size());
            g.fillOval(x - 5, y(v) - 5, 10, 10);
            if (i > 0 && !Double.isNaN(value.applyAsDouble(steps.get(i - 1)))) {
                g.drawLine(x(i - 1, steps.size()), y(value.applyAsDouble(steps.get(i - 1))), x, y(v));
            }
        }
        int ly = TOP + 20 + legend * 25;
        g.fillRect(LEFT + PLOT_W + 20, ly - 10, 20, 10);
        g.setColor(Color.BLACK);
        g.drawString(label, LEFT + PLOT_W + 48, ly);
    }

    private static int x(int i, int n) {
        return LEFT + (int) ((i + 0.5) * PLOT_W / Math.max(1, n));
    }

    private static int y(double v) {
        double clamped = Math.max(0.5, Math.min(1.0, v));
        return TOP + (int) ((1.0 - clamped) / 0.5 * PLOT_H);
    }
}
