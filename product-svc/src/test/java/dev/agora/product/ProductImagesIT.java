package dev.agora.product;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import dev.agora.testsupport.OpenTransaction;
import dev.agora.testsupport.S3MockServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Product images against S3Mock, a real S3 protocol peer: uploads checked by content, stored once
 * per distinct bytes without their metadata, with renditions, and removed with their last image.
 */
class ProductImagesIT extends CatalogTestBase {

    private static final String BUCKET = "agora-media-it";
    private static final String PROBLEMS = "https://agora.dev/problems/";

    static {
        // The AWS SDK's default credentials chain reads these; S3Mock accepts any.
        System.setProperty("aws.accessKeyId", "s3mock");
        System.setProperty("aws.secretAccessKey", "s3mock");
    }

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) {
        S3MockServer s3 = S3MockServer.shared(BUCKET);
        registry.add("agora.media.store", () -> "s3");
        registry.add("agora.media.s3.bucket", () -> BUCKET);
        registry.add("agora.media.s3.endpoint", () -> s3.endpoint().toString());
        registry.add("agora.media.s3.path-style", () -> "true");
        registry.add("agora.media.public-url", () -> "https://shop.example/api/v1/media");
    }

    @Autowired
    ConnectionFactory connections;

    private TestVendor vendor;
    private UUID category;

    @BeforeEach
    void shop() {
        vendor = verifiedVendor("Pictures " + UUID.randomUUID().toString().substring(0, 6));
        category = category("Pictured " + UUID.randomUUID(), null);
    }

    @Test
    void aJpegIsStoredUprightWithoutItsMetadataAndWithRenditions() throws IOException {
        String product = newProduct();
        // 300 x 200 pixels, EXIF says "rotate 90° clockwise to show" and names the camera.
        byte[] photo = withExif(jpeg(300, 200, Color.ORANGE), 6, "SecretCam GPS 51.5074N");

        Map<String, Object> image = lastImage(uploaded(product, photo, "photo.jpg", "An orange square"));
        String url = (String) image.get("url");
        assertThat(url).matches("https://shop\\.example/api/v1/media/[0-9a-f]{64}/original");
        assertThat(image).containsEntry("altText", "An orange square").containsEntry("width", 200).containsEntry("height", 300)
            .containsEntry("thumbnailUrl", url.replace("/original", "/thumbnail"))
            .containsEntry("mediumUrl", url.replace("/original", "/medium"));

        byte[] original = media(url, "original", "image/jpeg");
        assertThat(new String(original, StandardCharsets.ISO_8859_1)).doesNotContain("SecretCam").doesNotContain("Exif");
        BufferedImage upright = ImageIO.read(new ByteArrayInputStream(original));
        assertThat(upright.getWidth()).isEqualTo(200);
        assertThat(upright.getHeight()).isEqualTo(300);
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(media(url, "thumbnail", "image/jpeg")));
        assertThat(Math.max(thumbnail.getWidth(), thumbnail.getHeight())).isEqualTo(200);
        assertThat(thumbnail.getHeight()).isGreaterThan(thumbnail.getWidth());
        assertThat(stored(sha(url))).containsExactlyInAnyOrder("medium", "original", "thumbnail");

        // Immutable by address: cached for a year, and a repeat with the ETag is a 304.
        var answer = http.get().uri(path(url)).exchange().expectStatus().isOk().returnResult(byte[].class);
        assertThat(answer.getResponseHeaders().getCacheControl()).contains("immutable", "max-age=31536000");
        String etag = answer.getResponseHeaders().getETag();
        http.get().uri(path(url)).header(HttpHeaders.IF_NONE_MATCH, etag).exchange().expectStatus().isNotModified();
    }

    @Test
    void transparencyStaysAsPngAndTheSameBytesAreStoredOnce() {
        byte[] logo = png(120, 80, true);
        String first = newProduct();
        String second = newProduct();
        String url = (String) lastImage(uploaded(first, logo, "logo.png", "Logo")).get("url");
        assertThat(media(url, "original", "image/png")).isNotEmpty();
        long objects = objectCount();

        assertThat(lastImage(uploaded(second, logo, "same.png", "Logo again")).get("url")).isEqualTo(url);
        assertThat(objectCount()).as("a re-upload stores nothing new").isEqualTo(objects);

        // Dropping it from one product keeps it for the other; dropping it from both removes it.
        setImages(first, List.of());
        media(url, "original", "image/png");
        setImages(second, List.of());
        http.get().uri(path(url)).exchange().expectStatus().isNotFound();
        assertThat(stored(sha(url))).isEmpty();
    }

    @Test
    void aProductTakingUpAnUploadWhileItsBlobIsReleasedGetsNoError() throws Exception {
        String first = newProduct();
        String second = newProduct();
        String url = (String) lastImage(uploaded(first, png(70, 70, false), "gone.png", "Gone")).get("url");
        Object version = get(second).get("version");
        // The first product drops its image, and the release of its blob is under way, not yet committed.
        try (OpenTransaction releasing = OpenTransaction.begin(connections)) {
            releasing.run("DELETE FROM product_images WHERE media_sha256 = '" + sha(url) + "'")
                .run("SELECT pg_advisory_xact_lock(hashtextextended('" + sha(url) + "', 0))")
                .run("DELETE FROM media_blobs WHERE sha256 = '" + sha(url) + "'");
            CompletableFuture<EntityExchangeResult<String>> takingUp = CompletableFuture.supplyAsync(() ->
                    http.patch().uri("/api/v1/products/{id}", second).headers(h -> h.setBearerAuth(vendor.token()))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("images", List.of(Map.of("url", url, "altText", "Taken up")), "version", version))
                        .exchange().expectBody(String.class).returnResult());
            releasing.awaitAWaiter().commit();

            // What the same change gets a moment after the release: the link, but no upload behind it.
            assertThat(takingUp.get(15, TimeUnit.SECONDS).getStatus().value()).isEqualTo(200);
        }
        assertThat(lastImage(get(second))).containsEntry("url", url).doesNotContainKey("thumbnailUrl");
    }

    @Test
    void reorderingAndCaptioningThroughTheImagesListKeepsTheUploads() {
        String product = newProduct();
        uploaded(product, png(64, 64, false), "a.png", "first");
        var body = uploaded(product, png(65, 64, false), "b.png", "second");
        List<Map<String, Object>> images = images(body);
        assertThat(images).hasSize(3);
        List<Map<String, Object>> reordered = List.of(
                Map.of("url", images.get(2).get("url"), "altText", "now first"),
                Map.of("url", images.get(1).get("url"), "altText", "first"));
        setImages(product, reordered);
        List<Map<String, Object>> after = images(get(product));
        assertThat(after).extracting(i -> i.get("altText")).containsExactly("now first", "first");
        assertThat(after).allSatisfy(i -> assertThat(i).containsKey("thumbnailUrl"));
        // Both uploads are still served (no transparency: JPEG renditions).
        media((String) after.get(0).get("url"), "thumbnail", "image/jpeg");
    }

    @Test
    void aRemovedDraftTakesItsUploadsWithIt() {
        Map<String, Object> body = product("Draft lamp", "IMG-" + UUID.randomUUID(), "10.00", category);
        body.put("status", "draft");
        String product = (String) create(vendor.token(), body).get("id");
        String url = (String) lastImage(uploaded(product, png(90, 90, false), "d.png", "")).get("url");
        http.delete().uri("/api/v1/products/{id}", product).headers(h -> h.setBearerAuth(vendor.token())).exchange()
            .expectStatus().isNoContent();
        http.get().uri(path(url)).exchange().expectStatus().isNotFound();
        assertThat(stored(sha(url))).isEmpty();
    }

    @Test
    void badFilesAreClearProblemsAndChangeNothing() throws IOException {
        String product = newProduct();
        upload(product, "GIF89a is not welcome".getBytes(StandardCharsets.UTF_8), "cat.jpg", "", vendor.token())
            .expectStatus().isEqualTo(415).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("judged by its content"));
        upload(product, png(10, 10, false), "tiny.png", "", vendor.token()).expectStatus().isEqualTo(422)
            .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "unprocessable-image");
        byte[] jpeg = jpeg(400, 400, Color.BLUE);
        upload(product, Arrays.copyOf(jpeg, jpeg.length / 3), "cut.jpg", "", vendor.token()).expectStatus().isEqualTo(422);
        byte[] huge = new byte[6 * 1024 * 1024];
        System.arraycopy(jpeg, 0, huge, 0, jpeg.length);
        upload(product, huge, "huge.jpg", "", vendor.token()).expectStatus().isEqualTo(413)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        upload(product, png(64, 64, false), "long.png", "x".repeat(201), vendor.token()).expectStatus().isBadRequest()
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("altText");
        // A form field is not JSON, so the JSON decoder's text rules never saw it; PostgreSQL refused the NUL (500).
        for (String alt : new String[] { "a\u0000b", "red\u001b[31m", "bell\u0007" }) {
            upload(product, png(64, 64, false), "control.png", alt, vendor.token()).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("altText")
                .jsonPath("$.errors[0].message").isEqualTo("must not contain control characters");
        }
        MultipartBodyBuilder noFile = new MultipartBodyBuilder();
        noFile.part("altText", "nothing");
        http.post().uri("/api/v1/products/{id}/images", product).headers(h -> h.setBearerAuth(vendor.token()))
            .body(BodyInserters.fromMultipartData(noFile.build())).exchange().expectStatus().isBadRequest()
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("file");
        assertThat(images(get(product))).hasSize(1);
    }

    @Test
    void otherVendorsProductsAreNotFoundAndShoppersMayNotUpload() {
        String product = newProduct();
        TestVendor other = verifiedVendor("Other " + UUID.randomUUID().toString().substring(0, 6));
        upload(product, png(64, 64, false), "x.png", "", other.token()).expectStatus().isNotFound()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        upload(UUID.randomUUID().toString(), png(64, 64, false), "x.png", "", vendor.token()).expectStatus().isNotFound();
        upload(product, png(64, 64, false), "x.png", "", customer(UUID.randomUUID())).expectStatus().isForbidden();
        upload(product, png(64, 64, false), "x.png", "", null).expectStatus().isUnauthorized();
        http.get().uri("/api/v1/media/{sha}/original", "0".repeat(64)).exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/media/{sha}/secret", "0".repeat(64)).exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/media/..%2F..%2Fetc/original").exchange().expectStatus().isNotFound();
        assertThat(images(get(product))).hasSize(1);
    }

    @Test
    void tenUploadsAreTheMostAndConcurrentUploadsAllLand() throws Exception {
        String product = newProduct();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<Integer>> uploads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int side = 70 + i;
            uploads.add(() -> upload(product, png(side, side, false), "p" + side + ".png", "", vendor.token())
                .returnResult(String.class).getStatus().value());
        }
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> f : pool.invokeAll(uploads)) {
                statuses.add(f.get());
            }
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(statuses).containsOnly(201);
        assertThat(images(get(product))).hasSize(5);
        for (int side = 80; side < 86; side++) {
            uploaded(product, png(side, side, false), "more.png", "");
        }
        upload(product, png(99, 99, false), "eleventh.png", "", vendor.token()).expectStatus().isEqualTo(409)
            .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "too-many-images");
        assertThat(images(get(product))).hasSize(11);
    }

    // --- helpers

    private String newProduct() {
        return (String) create(vendor.token(), product("Pictured lamp", "IMG-" + UUID.randomUUID(), "25.00", category)).get("id");
    }

    private WebTestClient.ResponseSpec upload(String product, byte[] bytes, String name, String altText, String token) {
        MultipartBodyBuilder body = new MultipartBodyBuilder();
        body.part("file", new ByteArrayResource(bytes) {
            @Override
            public String getFilename() {
                return name;
            }
        }).contentType(MediaType.IMAGE_JPEG);
        if (!altText.isEmpty()) {
            body.part("altText", altText);
        }
        return http.post().uri("/api/v1/products/{id}/images", product)
            .headers(h -> {
                if (token != null) {
                    h.setBearerAuth(token);
                }
            })
            .body(BodyInserters.fromMultipartData(body.build())).exchange();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> uploaded(String product, byte[] bytes, String name, String altText) {
        return upload(product, bytes, name, altText, vendor.token()).expectStatus().isCreated()
            .expectBody(Map.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> get(String product) {
        return http.get().uri("/api/v1/products/{id}", product).headers(h -> h.setBearerAuth(vendor.token())).exchange()
            .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    private void setImages(String product, List<Map<String, Object>> images) {
        Object version = get(product).get("version");
        http.patch().uri("/api/v1/products/{id}", product).headers(h -> h.setBearerAuth(vendor.token()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("images", images, "version", version)).exchange()
            .expectStatus().isOk();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> images(Map<String, Object> product) {
        return (List<Map<String, Object>>) product.get("images");
    }

    private static Map<String, Object> lastImage(Map<String, Object> product) {
        List<Map<String, Object>> images = images(product);
        return images.getLast();
    }

    private byte[] media(String url, String rendition, String type) {
        return http.get().uri(path(url).replace("/original", "/" + rendition)).exchange().expectStatus().isOk()
            .expectHeader().contentType(type).expectBody(byte[].class).returnResult().getResponseBody();
    }

    private static String path(String url) {
        return url.substring(url.indexOf("/api/v1/media/"));
    }

    private static String sha(String url) {
        String[] parts = path(url).split("/");
        return parts[parts.length - 2];
    }

    /** The renditions of a blob as S3Mock holds them (its store keeps one directory per object). */
    private static List<String> stored(String sha) {
        try (Stream<Path> files = Files.walk(S3MockServer.shared(BUCKET).root().resolve(BUCKET))) {
            return files.filter(p -> p.getFileName().toString().equals("objectMetadata.json"))
                .map(p -> readKey(p))
                .filter(key -> key.startsWith(sha + "/"))
                .map(key -> key.substring(sha.length() + 1))
                .sorted().toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static long objectCount() {
        try (Stream<Path> files = Files.walk(S3MockServer.shared(BUCKET).root().resolve(BUCKET))) {
            return files.filter(p -> p.getFileName().toString().equals("objectMetadata.json")).count();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String readKey(Path metadata) {
        try {
            String json = Files.readString(metadata);
            var matcher = java.util.regex.Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
            return matcher.find() ? matcher.group(1) : "";
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static byte[] png(int width, int height, boolean transparent) {
        BufferedImage image = new BufferedImage(width, height, transparent ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(width % 256, height % 256, 120, transparent ? 128 : 255));
        g.fillRect(0, 0, width, height / 2);
        g.dispose();
        return write(image, "png");
    }

    private static byte[] jpeg(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, width / 4, height / 4);
        g.dispose();
        return write(image, "jpeg");
    }

    private static byte[] write(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /** The JPEG with an APP1 Exif segment right after SOI: an orientation and a Make tag (little-endian TIFF). */
    private static byte[] withExif(byte[] jpeg, int orientation, String make) {
        byte[] text = (make + "\0").getBytes(StandardCharsets.US_ASCII);
        int ifdEntries = 2;
        int dataOffset = 8 + 2 + ifdEntries * 12 + 4;
        ByteBuffer tiff = ByteBuffer.allocate(dataOffset + text.length).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        tiff.putShort((short) ifdEntries);
        tiff.putShort((short) 0x010F).putShort((short) 2).putInt(text.length).putInt(dataOffset);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        tiff.put(text);
        byte[] exif = ByteBuffer.allocate(6 + tiff.capacity()).put("Exif\0\0".getBytes(StandardCharsets.US_ASCII)).put(tiff.array())
            .array();
        int length = exif.length + 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write(exif, 0, exif.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
