package dev.agora.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Spring Boot's {@code jarmode=tools extract} for a jar it refuses: Zipkin's server jar starts with
 * a launch script, and the tool stops at "launch script is not enabled". The JDK reads such a jar
 * (a zip may have data before it), so this lays it out as the tool would: the libraries under
 * {@code lib/}, and the application's classes in a jar whose manifest names its main class and its
 * class path in the order Boot's {@code classpath.idx} gives. A plain class path is what the JDK's
 * AOT cache needs.
 */
final class BootJarExtraction {

    private static final String CLASSES = "BOOT-INF/classes/";
    private static final String LIB = "BOOT-INF/lib/";

    private BootJarExtraction() {
    }

    /** Extracts {@code bootJar} into {@code destination}; answers the application jar, {@code destination/jarName}. */
    static Path extract(Path bootJar, Path destination, String jarName) throws IOException {
        Path lib = destination.resolve("lib");
        Files.createDirectories(lib);
        try (ZipFile zip = new ZipFile(bootJar.toFile())) {
            String mainClass = startClass(zip);
            List<String> classPath = new ArrayList<>();
            for (String library : libraries(zip)) {
                ZipEntry entry = zip.getEntry(LIB + library);
                if (entry == null) {
                    throw new IOException(bootJar + " lists " + library + " in its classpath.idx but does not hold it");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, lib.resolve(library), StandardCopyOption.REPLACE_EXISTING);
                }
                classPath.add("lib/" + library);
            }
            Manifest manifest = new Manifest();
            Attributes main = manifest.getMainAttributes();
            main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            main.put(Attributes.Name.MAIN_CLASS, mainClass);
            main.put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
            Path application = destination.resolve(jarName);
            try (OutputStream file = Files.newOutputStream(application); JarOutputStream jar = new JarOutputStream(file, manifest)) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    String name = entry.getName();
                    if (!name.startsWith(CLASSES) || name.equals(CLASSES) || name.equals(CLASSES + "META-INF/MANIFEST.MF")) {
                        continue;
                    }
                    jar.putNextEntry(new JarEntry(name.substring(CLASSES.length())));
                    if (!entry.isDirectory()) {
                        try (InputStream in = zip.getInputStream(entry)) {
                            in.transferTo(jar);
                        }
                    }
                    jar.closeEntry();
                }
            }
            return application;
        }
    }

    private static String startClass(ZipFile zip) throws IOException {
        ZipEntry entry = zip.getEntry("META-INF/MANIFEST.MF");
        if (entry == null) {
            throw new IOException(zip.getName() + " has no manifest");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            String startClass = new Manifest(in).getMainAttributes().getValue("Start-Class");
            if (startClass == null) {
                throw new IOException(zip.getName() + " is not a Spring Boot jar: its manifest names no Start-Class");
            }
            return startClass;
        }
    }

    /** The libraries in class-path order: {@code classpath.idx}'s lines read {@code - "BOOT-INF/lib/name.jar"}. */
    private static List<String> libraries(ZipFile zip) throws IOException {
        ZipEntry index = zip.getEntry("BOOT-INF/classpath.idx");
        if (index == null) {
            throw new IOException(zip.getName() + " has no BOOT-INF/classpath.idx");
        }
        List<String> libraries = new ArrayList<>();
        try (InputStream in = zip.getInputStream(index)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (trimmed.startsWith("- \"" + LIB) && trimmed.endsWith("\"")) {
                    String library = trimmed.substring(("- \"" + LIB).length(), trimmed.length() - 1);
                    if (library.isEmpty() || library.contains("/") || library.contains("\\") || library.equals("..")) {
                        throw new IOException(zip.getName() + " lists an unexpected library path: " + library);
                    }
                    libraries.add(library);
                }
            }
        }
        return libraries;
    }
}
