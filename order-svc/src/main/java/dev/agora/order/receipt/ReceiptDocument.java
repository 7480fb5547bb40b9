package dev.agora.order.receipt;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import dev.agora.defaults.money.Money;
import dev.agora.order.order.Order;
import dev.agora.order.order.OrderRepository;

/**
 * An order's receipt as a PDF (A4): what was bought at which price, where it goes, what was paid,
 * the parts cancelled before they shipped, and a credit note for each refund (when, how much, why). Text is set in DejaVu Sans
 * (bundled, embedded as a subset), so names in most Latin, Greek and Cyrillic scripts print as they
 * are; a character the font lacks prints as '?' rather than failing the receipt. Blocking work:
 * callers run it off the event loop.
 */
@Component
class ReceiptDocument {

    private static final float MARGIN = 50;
    private static final float LINE = 15;
    private static final float RIGHT = PDRectangle.A4.getWidth() - MARGIN;
    /** Where the totals' labels end: clear of amounts as wide as 1,000,000.00 USD. */
    private static final float TOTALS = 440;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /**
     * The bundled fonts (1.4 MB), read on the first receipt rather than at start-up: most instances
     * never render one. Class initialisation makes the one read thread-safe, and it happens on the
     * bounded-elastic thread that renders, never on the event loop.
     */
    private static final class Fonts {
        static final byte[] REGULAR = font("receipt/DejaVuSans.ttf");
        static final byte[] BOLD = font("receipt/DejaVuSans-Bold.ttf");
    }

    /** The receipt of an order confirmed at {@code confirmedAt}, refunded {@code refunds} (oldest first). */
    byte[] render(Order order, Instant confirmedAt, List<OrderRepository.Refund> refunds) {
        try (PDDocument document = new PDDocument()) {
            // Parsed per document: PDFBox embeds the subset of glyphs each receipt uses.
            PDFont text = PDType0Font.load(document, new ByteArrayInputStream(Fonts.REGULAR), true);
            PDFont strong = PDType0Font.load(document, new ByteArrayInputStream(Fonts.BOLD), true);
            document.getDocumentInformation().setTitle("Agora receipt " + order.reference());
            document.getDocumentInformation().setCreator("Agora order-svc");
            try (Pages pages = new Pages(document, text, strong)) {
                write(pages, order, confirmedAt, refunds);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void write(Pages p, Order order, Instant confirmedAt, List<OrderRepository.Refund> refunds)
            throws IOException {
        String currency = order.currency();
        p.text(MARGIN, "Agora", p.strong, 20);
        p.right(RIGHT, "Receipt", p.strong, 20);
        p.down(2);
        p.text(MARGIN, "Order " + order.reference(), p.strong, 11);
        p.down(1);
        p.text(MARGIN, "Paid " + WHEN.format(confirmedAt) + " · status " + order.status(), p.regular, 10);
        p.down(2);
        Order.ShippingAddress to = order.shippingAddress();
        p.text(MARGIN, "Ship to", p.strong, 10);
        p.down(1);
        for (String line : address(to)) {
            p.text(MARGIN, line, p.regular, 10);
            p.down(1);
        }
        p.down(1);

        p.text(MARGIN, "Item", p.strong, 10);
        p.text(300, "SKU", p.strong, 10);
        p.right(420, "Qty", p.strong, 10);
        p.right(485, "Unit price", p.strong, 10);
        p.right(RIGHT, "Total", p.strong, 10);
        p.down(1);
        for (Order.Item item : order.items()) {
            p.text(MARGIN, p.fit(item.name(), p.regular, 10, 240), p.regular, 10);
            p.text(300, p.fit(item.sku(), p.regular, 10, 85), p.regular, 10);
            p.right(420, String.valueOf(item.quantity()), p.regular, 10);
            p.right(485, amount(item.unitPrice(), currency), p.regular, 10);
            p.right(RIGHT, amount(item.lineTotal(), currency), p.regular, 10);
            p.down(1);
        }
        p.down(1);
        p.right(TOTALS, "Subtotal", p.regular, 10);
        p.right(RIGHT, money(order.subtotal(), currency), p.regular, 10);
        p.down(1);
        p.right(TOTALS, "Shipping", p.regular, 10);
        p.right(RIGHT, money(order.shipping(), currency), p.regular, 10);
        p.down(1);
        p.right(TOTALS, "Total paid", p.strong, 10);
        p.right(RIGHT, money(order.total(), currency), p.strong, 10);
        p.down(2);
        p.text(MARGIN, "Paid by card" + (order.paymentId() == null ? "" : ", payment " + order.paymentId()), p.regular, 9);
        p.down(1);

        for (Order.Fulfilment part : order.parts()) {
            if (part.cancelled()) {
                String lines = String.join(", ", order.linesOf(part.vendorId()).stream()
                    .map(item -> item.quantity() + " × " + item.name()).toList());
                p.text(MARGIN, p.fit("Cancelled before shipping: " + lines, p.regular, 9, 380), p.regular, 9);
                p.right(RIGHT, money(part.refund(), currency), p.regular, 9);
                p.down(1);
            }
        }

        if (order.refunded().signum() > 0) {
            for (int i = 0; i < refunds.size(); i++) {
                OrderRepository.Refund refund = refunds.get(i);
                p.down(1);
                p.text(MARGIN, "Credit note CN-" + order.reference() + "-" + (i + 1), p.strong, 11);
                p.right(RIGHT, WHEN.format(refund.refundedAt()), p.regular, 9);
                p.down(1);
                p.text(MARGIN, p.fit("Refunded " + money(refund.amount(), currency)
                        + (refund.reason() == null || refund.reason().isBlank() ? "" : ": " + refund.reason()), p.regular, 10,
                        RIGHT - MARGIN), p.regular, 10);
                p.down(1);
            }
            p.down(1);
            boolean all = order.refundStatus() == Order.RefundStatus.REFUNDED;
            p.text(MARGIN, (all ? "Refunded in full: " : "Refunded so far: ") + money(order.refunded(), currency)
                    + " of " + money(order.total(), currency) + ", back to the card it was paid with.", p.regular, 10);
            p.down(1);
            p.text(MARGIN, "Net paid: " + money(order.total().subtract(order.refunded()), currency), p.strong, 10);
            p.down(1);
        }
        p.down(2);
        p.text(MARGIN, "Agora, an open marketplace. Payments are simulated: no real card is ever charged.", p.regular, 8);
    }

    private static List<String> address(Order.ShippingAddress to) {
        List<String> lines = new ArrayList<>();
        lines.add(to.name());
        lines.add(to.line2() == null || to.line2().isBlank() ? to.line1() : to.line1() + ", " + to.line2());
        lines.add(String.join(" ", nonBlank(to.postalCode(), to.city(), to.region())));
        lines.add(to.country());
        return lines;
    }

    private static List<String> nonBlank(String... parts) {
        List<String> kept = new ArrayList<>();
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                kept.add(part);
            }
        }
        return kept;
    }

    private static String amount(BigDecimal value, String currency) {
        return Money.of(value, currency).amount();
    }

    private static String money(BigDecimal value, String currency) {
        return amount(value, currency) + " " + currency;
    }

    private static byte[] font(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return in.readAllBytes();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("The receipt font " + path + " is missing from the jar", ex);
        }
    }

    /** Pages written top to bottom; a new page starts when the current one is full. */
    private static final class Pages implements AutoCloseable {

        final PDFont regular;
        final PDFont strong;
        private final PDDocument document;
        private PDPageContentStream content;
        private float y;

        Pages(PDDocument document, PDFont regular, PDFont strong) throws IOException {
            this.document = document;
            this.regular = regular;
            this.strong = strong;
            newPage();
        }

        void down(int lines) throws IOException {
            y -= LINE * lines;
            if (y < MARGIN) {
                newPage();
            }
        }

        void text(float x, String value, PDFont font, float size) throws IOException {
            content.beginText();
            content.setFont(font, size);
            content.newLineAtOffset(x, y);
            content.showText(printable(value, font));
            content.endText();
        }

        void right(float x, String value, PDFont font, float size) throws IOException {
            String shown = printable(value, font);
            text(x - font.getStringWidth(shown) / 1000 * size, shown, font, size);
        }

        /** The text cut to {@code width} points, with an ellipsis when it was longer. */
        String fit(String value, PDFont font, float size, float width) throws IOException {
            String shown = printable(value, font);
            if (font.getStringWidth(shown) / 1000 * size <= width) {
                return shown;
            }
            while (!shown.isEmpty() && font.getStringWidth(shown + "…") / 1000 * size > width) {
                shown = shown.substring(0, shown.offsetByCodePoints(shown.length(), -1));
            }
            return shown + "…";
        }

        private void newPage() throws IOException {
            if (content != null) {
                content.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            content = new PDPageContentStream(document, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        @Override
        public void close() throws IOException {
            content.close();
        }

        /** Control characters dropped, and any character the font has no glyph for shown as '?'. */
        private static String printable(String value, PDFont font) {
            if (value == null) {
                return "";
            }
            StringBuilder shown = new StringBuilder(value.length());
            value.codePoints().forEach(cp -> {
                if (Character.isISOControl(cp)) {
                    return;
                }
                String one = new String(Character.toChars(cp));
                try {
                    font.encode(one);
                    shown.append(one);
                }
                catch (IOException | IllegalArgumentException ex) {
                    shown.append('?');
                }
            });
            return shown.toString();
        }
    }
}
