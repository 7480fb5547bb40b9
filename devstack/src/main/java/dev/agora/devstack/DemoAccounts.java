package dev.agora.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/** {@code make run}'s demo accounts: generated on the first run and kept, readable by the owner only, in the data directory. */
final class DemoAccounts {

    /** The demo shop whose owner is the demo vendor: the first the demo catalogue creates. */
    static final String VENDOR_SHOP = "Northwind Goods";

    private DemoAccounts() {
    }

    /**
     * The accounts kept in {@code file}, written first if it does not exist. A file from before the
     * demo vendor was printed gains the vendor's line: the address and password the demo catalogue's
     * seed then gave the shop's owner, so the account already in that data directory is the one named.
     */
    static Platform.Credentials load(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Properties p = new Properties();
        boolean existed = Files.exists(file);
        if (existed) {
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            }
        }
        else {
            p.setProperty("admin.email", "admin@agora.local");
            p.setProperty("admin.password", randomPassword());
            p.setProperty("customer.email", "customer@agora.local");
            p.setProperty("customer.password", randomPassword());
        }
        if (p.getProperty("vendor.email") == null) {
            String slug = slug(VENDOR_SHOP);
            p.setProperty("vendor.email", ownerEmail(VENDOR_SHOP));
            p.setProperty("vendor.password", existed ? p.getProperty("customer.password") + "-" + slug : randomPassword());
            try (var out = Files.newOutputStream(file)) {
                p.store(out, "Demo accounts of this local Agora (make run); never use these anywhere else");
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return new Platform.Credentials(p.getProperty("admin.email"), p.getProperty("admin.password"),
                p.getProperty("customer.email"), p.getProperty("customer.password"), p.getProperty("vendor.email"),
                p.getProperty("vendor.password"));
    }

    /** The address of a demo shop's owner. */
    static String ownerEmail(String shop) {
        return "vendor@" + slug(shop) + ".demo";
    }

    static String slug(String shop) {
        return shop.toLowerCase().replaceAll("[^a-z]+", "");
    }

    private static String randomPassword() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return "agora-" + HexFormat.of().formatHex(bytes);
    }
}
