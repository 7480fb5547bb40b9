package dev.agora.devstack;

import java.util.List;
import java.util.Locale;

/**
 * The bench's results as one SVG: per scenario, throughput (median bar, min–max whisker over the
 * repeats) and p50/p99 latency, each on a log scale, since a product read and a checkout differ by
 * orders of magnitude. Plain SVG, no script or font download, so docs/ can embed it as it is.
 */
final class BenchChart {

    /** One scenario's medians and spread. */
    record Row(String name, double throughput, double throughputMin, double throughputMax, double p50, double p99) {
    }

    private static final int LABEL = 300;
    private static final int PANEL = 330;
    private static final int ROW = 26;
    private static final int TOP = 60;

    private BenchChart() {
    }

    static String svg(String title, List<Row> rows) {
        int height = TOP + rows.size() * ROW + 50;
        int width = LABEL + 2 * PANEL + 40;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<title>%s</title>%n", escape(title)));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>%n", width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>%n", escape(title)));
        Scale rate = Scale.of(rows.stream().mapToDouble(Row::throughputMax).max().orElse(1),
                rows.stream().mapToDouble(Row::throughputMin).filter(v -> v > 0).min().orElse(1));
        Scale latency = Scale.of(rows.stream().mapToDouble(Row::p99).max().orElse(1),
                rows.stream().mapToDouble(Row::p50).filter(v -> v > 0).min().orElse(1));
        axis(svg, LABEL, rate, "requests/s (median, min–max of the repeats; log scale)", height);
        axis(svg, LABEL + PANEL + 20, latency, "latency ms: p50 (dark), p99 (light); log scale", height);
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            int y = TOP + i * ROW;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LABEL - 8, y + 14,
                    escape(row.name())));
            bar(svg, LABEL, rate, row.throughput(), y + 3, 14, "#3b6ea8", String.format(Locale.ROOT, "%.1f", row.throughput()));
            double lo = rate.x(row.throughputMin());
            double hi = rate.x(row.throughputMax());
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#111\"/>%n",
                    LABEL + lo, y + 10, LABEL + hi, y + 10));
            int left = LABEL + PANEL + 20;
            bar(svg, left, latency, row.p99(), y + 3, 14, "#f0b67f", null);
            bar(svg, left, latency, row.p50(), y + 6, 8, "#b4561f", null);
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\">%s</text>%n",
                    left + Math.max(1, latency.x(Math.max(row.p50(), row.p99()))) + 4, y + 14,
                    escape(String.format(Locale.ROOT, "%.1f / %.1f", row.p50(), row.p99()))));
        }
        return svg.append("</svg>\n").toString();
    }

    private static void bar(StringBuilder svg, int left, Scale scale, double value, int y, int h, String colour, String label) {
        double w = Math.max(1, scale.x(value));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n", left, y, w, h,
                colour));
        if (label != null) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\">%s</text>%n", left + w + 4, y + 11,
                    escape(label)));
        }
    }

    private static void axis(StringBuilder svg, int left, Scale scale, String caption, int height) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", left, TOP - 20, escape(caption)));
        for (double tick = scale.low(); tick <= scale.high() * 1.0001; tick *= 10) {
            double x = left + scale.x(tick);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", x, TOP - 5,
                    x, height - 40));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>%n", x,
                    height - 26, tick >= 1 ? String.format(Locale.ROOT, "%.0f", tick) : String.format(Locale.ROOT, "%.1f", tick)));
        }
    }

    /** Powers of ten around the values, mapped onto a panel's width. */
    private record Scale(double low, double high) {

        static Scale of(double max, double min) {
            double low = Math.pow(10, Math.floor(Math.log10(Math.max(min, 0.1))));
            double high = Math.pow(10, Math.ceil(Math.log10(Math.max(max, low * 10))));
            return new Scale(low, high);
        }

        double x(double value) {
            double v = Math.max(value, low);
            return (PANEL - 60) * Math.log10(v / low) / Math.log10(high / low);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
