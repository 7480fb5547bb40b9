package dev.agora.devstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BootJarExtractionTests {

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A Spring Boot jar as Zipkin ships it: a shell script, then the zip. */
    private static Path bootJarWithLaunchScript(Path directory, String classpathIndex) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", ("Manifest-Version: 1.0\nMain-Class: org.springframework.boot.loader.launch.JarLauncher\n"
                + "Start-Class: zipkin.server.ZipkinServer\n").getBytes(StandardCharsets.UTF_8));
        entries.put("org/springframework/boot/loader/launch/JarLauncher.class", new byte[] { 1 });
        entries.put("BOOT-INF/classes/zipkin/server/ZipkinServer.class", new byte[] { 2, 3 });
        entries.put("BOOT-INF/classes/zipkin-server-shared.yml", "zipkin: {}".getBytes(StandardCharsets.UTF_8));
        entries.put("BOOT-INF/classpath.idx", classpathIndex.getBytes(StandardCharsets.UTF_8));
        entries.put("BOOT-INF/lib/spring-core.jar", zip(Map.of("a.txt", new byte[] { 4 })));
        entries.put("BOOT-INF/lib/armeria.jar", zip(Map.of("b.txt", new byte[] { 5 })));
        Path jar = directory.resolve("zipkin-server.jar");
        try (OutputStream out = Files.newOutputStream(jar)) {
            out.write("#!/bin/bash\n# launch script\nexec java -jar \"$0\" \"$@\"\n".repeat(20).getBytes(StandardCharsets.UTF_8));
            out.write(zip(entries));
        }
        return jar;
    }

    @Test
    void laysOutAJarWithALaunchScriptAsAPlainClassPathInTheIndexOrder(@TempDir Path directory) throws Exception {
        Path jar = bootJarWithLaunchScript(directory, "- \"BOOT-INF/lib/spring-core.jar\"\n- \"BOOT-INF/lib/armeria.jar\"\n");
        Path destination = directory.resolve("extracted");

        Path application = BootJarExtraction.extract(jar, destination, "zipkin-server.jar");

        assertThat(application).isEqualTo(destination.resolve("zipkin-server.jar"));
        try (JarFile extracted = new JarFile(application.toFile())) {
            var manifest = extracted.getManifest().getMainAttributes();
            assertThat(manifest.getValue("Main-Class")).isEqualTo("zipkin.server.ZipkinServer");
            assertThat(manifest.getValue("Class-Path")).isEqualTo("lib/spring-core.jar lib/armeria.jar");
            // The application's classes at the root, not Boot's loader and not the nested libraries.
            assertThat(Collections.list(extracted.entries()).stream().map(ZipEntry::getName))
                .contains("zipkin/server/ZipkinServer.class", "zipkin-server-shared.yml")
                .noneMatch(name -> name.startsWith("BOOT-INF") || name.startsWith("org/springframework/boot/loader"));
            assertThat(extracted.getInputStream(extracted.getEntry("zipkin/server/ZipkinServer.class")).readAllBytes())
                .containsExactly(2, 3);
        }
        try (JarFile library = new JarFile(destination.resolve("lib/armeria.jar").toFile())) {
            assertThat(library.getInputStream(library.getEntry("b.txt")).readAllBytes()).containsExactly(5);
        }
    }

    @Test
    void refusesAnIndexThatPointsOutsideItsLibraryDirectory(@TempDir Path directory) throws Exception {
        Path jar = bootJarWithLaunchScript(directory, "- \"BOOT-INF/lib/../../escape.jar\"\n");

        assertThatThrownBy(() -> BootJarExtraction.extract(jar, directory.resolve("extracted"), "zipkin-server.jar"))
            .isInstanceOf(IOException.class).hasMessageContaining("unexpected library path");
        assertThat(directory.resolve("escape.jar")).doesNotExist();
    }

    @Test
    void refusesAJarThatIsNotSpringBoots(@TempDir Path directory) throws Exception {
        Path jar = directory.resolve("plain.jar");
        Files.write(jar, zip(Map.of("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nMain-Class: x.Main\n".getBytes(StandardCharsets.UTF_8))));

        assertThatThrownBy(() -> BootJarExtraction.extract(jar, directory.resolve("extracted"), "plain.jar"))
            .isInstanceOf(IOException.class).hasMessageContaining("Start-Class");
    }
}
