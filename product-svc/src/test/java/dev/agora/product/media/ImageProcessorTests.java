package dev.agora.product.media;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import dev.agora.defaults.web.AgoraException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageProcessorTests {

    private static final MediaProperties.Limits LIMITS = new MediaProperties.Limits(10, DataSize.ofMegabytes(5), 32, 8000, 40_000_000);

    @Test
    void judgesTheTypeByTheBytesAlone() {
        assertThat(ImageProcessor.sniff(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0 })).isEqualTo("jpeg");
        assertThat(ImageProcessor.sniff(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0 })).isEqualTo("png");
        assertThat(ImageProcessor.sniff("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo("webp");
        for (String other : new String[] { "GIF89a......", "<svg xmlns=''/>", "%PDF-1.7....", "RIFF\0\0\0\0WAVEfmt " }) {
            assertThatThrownBy(() -> ImageProcessor.sniff(other.getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(AgoraException.class).hasMessageContaining("415");
        }
    }

    @Test
    void eachExifOrientationShowsTheRightCornerTopLeft() {
        // 3 x 2, every pixel its own colour: stored[x][y] = x * 10 + y.
        BufferedImage stored = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 3; x++) {
            for (int y = 0; y < 2; y++) {
                stored.setRGB(x, y, x * 10 + y);
            }
        }
        // The stored pixel each orientation shows top left, and whether the sides swap.
        int[][] expected = { {}, { 0, 0 }, { 2, 0 }, { 2, 1 }, { 0, 1 }, { 0, 0 }, { 0, 1 }, { 2, 1 }, { 2, 0 } };
        for (int orientation = 1; orientation <= 8; orientation++) {
            BufferedImage shown = ImageProcessor.orient(stored, orientation);
            boolean swapped = orientation >= 5;
            assertThat(shown.getWidth()).as("width at %d", orientation).isEqualTo(swapped ? 2 : 3);
            assertThat(shown.getHeight()).as("height at %d", orientation).isEqualTo(swapped ? 3 : 2);
            int[] corner = expected[orientation];
            assertThat(shown.getRGB(0, 0) & 0xFFFFFF).as("top left at orientation %d", orientation)
                .isEqualTo(corner[0] * 10 + corner[1]);
        }
    }

    @Test
    void scalesDownToFitKeepingProportionsAndNeverUp() {
        BufferedImage wide = new BufferedImage(1600, 400, BufferedImage.TYPE_INT_RGB);
        BufferedImage fitted = ImageProcessor.fit(wide, 800);
        assertThat(fitted.getWidth()).isEqualTo(800);
        assertThat(fitted.getHeight()).isEqualTo(200);
        BufferedImage small = new BufferedImage(120, 90, BufferedImage.TYPE_INT_RGB);
        assertThat(ImageProcessor.fit(small, 800)).isSameAs(small);
    }

    @Test
    void refusesAHeaderThatClaimsTooManyPixelsBeforeDecoding() {
        // A PNG header claiming 60000 x 60000 pixels, with no pixel data at all.
        byte[] png = { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R',
            0, 0, (byte) 0xEA, 0x60, 0, 0, (byte) 0xEA, 0x60, 8, 2, 0, 0, 0, 0, 0, 0, 0 };
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 17);
        long value = crc.getValue();
        for (int i = 0; i < 4; i++) {
            png[29 + i] = (byte) (value >>> (24 - 8 * i));
        }
        assertThatThrownBy(() -> new ImageProcessor(LIMITS).process(png)).isInstanceOf(AgoraException.class)
            .hasMessageContaining("60000 x 60000 pixels");
    }
}
