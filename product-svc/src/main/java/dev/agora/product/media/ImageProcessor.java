package dev.agora.product.media;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.awt.image.BufferedImageOp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import com.twelvemonkeys.image.ResampleOp;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;

import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.ProblemType;

/**
 * Turns an upload into what is stored: the type judged from the bytes (JPEG, PNG or WebP, whatever
 * the file is called), the dimensions checked from the header before anything is decoded (so a
 * small file that claims a huge image is refused cheaply), the picture turned upright by its EXIF
 * orientation, and every rendition encoded afresh from the pixels, so no metadata (EXIF with its
 * GPS position, XMP, comments) survives. CPU-bound: callers run it off the event loop.
 */
final class ImageProcessor {

    /** What a rendition is encoded as. */
    enum Format {
        JPEG("image/jpeg", "jpeg"), PNG("image/png", "png");

        final String contentType;
        final String writer;

        Format(String contentType, String writer) {
            this.contentType = contentType;
            this.writer = writer;
        }
    }

    /** One encoded picture. */
    record Encoded(byte[] bytes, Format format, int width, int height) {
    }

    /** The stored renditions of an upload. */
    record Processed(Encoded original, Encoded medium, Encoded thumbnail) {
    }

    static final int MEDIUM = 800;
    static final int THUMBNAIL = 200;

    /**
     * ImageIO, set up on the first upload rather than at start-up: its initialisation scans every jar
     * for plugins, which a service that is never sent an image need not pay for.
     */
    private static final class Codecs {

        static {
            // Decoding in memory: ImageIO's default disk cache would do file I/O for every upload.
            ImageIO.setUseCache(false);
        }

        static void ready() {
            // Loading this class ran the set-up above.
        }
    }

    private final MediaProperties.Limits limits;

    ImageProcessor(MediaProperties.Limits limits) {
        this.limits = limits;
    }

    Processed process(byte[] upload) {
        String type = sniff(upload);
        Codecs.ready();
        BufferedImage decoded = decode(upload, type);
        BufferedImage upright = "jpeg".equals(type) ? orient(decoded, orientation(upload)) : decoded;
        // Transparency survives as PNG; everything else (photos) is JPEG.
        Format format = upright.getColorModel().hasAlpha() ? Format.PNG : Format.JPEG;
        BufferedImage opaque = format == Format.JPEG ? rgb(upright) : upright;
        return new Processed(encode(opaque, format, 0.92f), encode(fit(opaque, MEDIUM), format, 0.85f),
                encode(fit(opaque, THUMBNAIL), format, 0.85f));
    }

    /** JPEG, PNG or WebP by their signatures; anything else is refused, whatever its name or declared type. */
    static String sniff(byte[] b) {
        if (b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return "jpeg";
        }
        if (b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' && b[4] == 0x0d && b[5] == 0x0a
                && b[6] == 0x1a && b[7] == 0x0a) {
            return "png";
        }
        if (b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B'
                && b[11] == 'P') {
            return "webp";
        }
        throw new AgoraException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                "The file is not a JPEG, PNG or WebP image (judged by its content, not its name).");
    }

    private BufferedImage decode(byte[] upload, String type) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(type);
        if (!readers.hasNext()) {
            throw new IllegalStateException("No ImageIO reader for " + type);
        }
        ImageReader reader = readers.next();
        // Decoders fill a cut-off file with grey and only warn: a truncated upload must not pass as a picture.
        List<String> damage = new java.util.ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> {
            if (warning != null && warning.toLowerCase(java.util.Locale.ROOT).matches(".*(premature end|truncat|corrupt).*")) {
                damage.add(warning);
            }
        });
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(upload))) {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkDimensions(width, height);
            BufferedImage image = reader.read(0);
            if (image == null || !damage.isEmpty()) {
                throw unreadable();
            }
            return image;
        }
        catch (IOException | RuntimeException ex) {
            if (ex instanceof AgoraException agora) {
                throw agora;
            }
            throw unreadable();
        }
        finally {
            reader.dispose();
        }
    }

    private void checkDimensions(int width, int height) {
        if (width < limits.minSide() || height < limits.minSide() || width > limits.maxSide() || height > limits.maxSide()
                || (long) width * height > limits.maxPixels()) {
            throw new AgoraException(ProblemType.UNPROCESSABLE_IMAGE, "The image is " + width + " x " + height
                    + " pixels; each side must be " + limits.minSide() + " to " + limits.maxSide() + " pixels, and the whole at most "
                    + limits.maxPixels() / 1_000_000 + " megapixels.");
        }
    }

    private static AgoraException unreadable() {
        return new AgoraException(ProblemType.UNPROCESSABLE_IMAGE, "The image could not be read: the file is damaged or incomplete.");
    }

    /** The EXIF orientation (1 to 8) of a JPEG; 1 when it has none or it cannot be read. */
    static int orientation(byte[] jpeg) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
            if (exif.isEmpty()) {
                return 1;
            }
            InputStream data = exif.getFirst().data();
            // The identifier "Exif\0" is followed by one padding byte before the TIFF structure.
            data.read();
            try (ImageInputStream tiff = new MemoryCacheImageInputStream(data)) {
                Directory directory = new TIFFReader().read(tiff);
                Entry entry = directory.getEntryById(TIFF.TAG_ORIENTATION);
                int value = entry == null ? 1 : ((Number) entry.getValue()).intValue();
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        catch (IOException | RuntimeException ex) {
            return 1;
        }
    }

    /** Applies an EXIF orientation, so the stored picture is upright without its metadata. */
    static BufferedImage orient(BufferedImage image, int orientation) {
        if (orientation == 1) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        AffineTransform t = new AffineTransform();
        boolean swap = orientation >= 5;
        switch (orientation) {
            case 2 -> { t.translate(w, 0); t.scale(-1, 1); }
            case 3 -> { t.translate(w, h); t.rotate(Math.PI); }
            case 4 -> { t.translate(0, h); t.scale(1, -1); }
            case 5 -> { t.rotate(-Math.PI / 2); t.scale(-1, 1); }
            case 6 -> { t.translate(h, 0); t.rotate(Math.PI / 2); }
            case 7 -> { t.scale(-1, 1); t.translate(-h, 0); t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            case 8 -> { t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            default -> { return image; }
        }
        BufferedImage target = new BufferedImage(swap ? h : w, swap ? w : h,
                image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        return new AffineTransformOp(t, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(rgbOrArgb(image), target);
    }

    private static BufferedImage rgbOrArgb(BufferedImage image) {
        int type = image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        if (image.getType() == type) {
            return image;
        }
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), type);
        Graphics2D g = copy.createGraphics();
        g.setComposite(AlphaComposite.Src);
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return copy;
    }

    /** On white: JPEG has no transparency, and a black background would show through. */
    private static BufferedImage rgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return image;
        }
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = copy.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, copy.getWidth(), copy.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return copy;
    }

    /** Scaled down (never up) to fit a square of {@code box}, keeping the proportions. */
    static BufferedImage fit(BufferedImage image, int box) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (w <= box && h <= box) {
            return image;
        }
        double scale = Math.min((double) box / w, (double) box / h);
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        BufferedImageOp resample = new ResampleOp(tw, th, ResampleOp.FILTER_LANCZOS);
        return resample.filter(rgbOrArgb(image), null);
    }

    private static Encoded encode(BufferedImage image, Format format, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format.writer).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format == Format.JPEG) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
            }
            // No metadata argument: nothing of the upload's EXIF, XMP or comments is written.
            writer.write(null, new IIOImage(image, null, null), param);
        }
        catch (IOException ex) {
            throw new IllegalStateException("Encoding a " + format + " rendition failed", ex);
        }
        finally {
            writer.dispose();
        }
        return new Encoded(bytes.toByteArray(), format, image.getWidth(), image.getHeight());
    }
}
