package dev.agora.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DemoAccountsTests {

    @TempDir
    Path data;

    @Test
    void aFirstRunGivesTheAdminCustomerAndVendorTheirOwnPasswordsReadableByTheOwnerOnly() throws Exception {
        Path file = data.resolve("secrets/demo-accounts.properties");

        Platform.Credentials first = DemoAccounts.load(file);

        assertThat(first.vendorEmail()).isEqualTo("vendor@northwindgoods.demo");
        assertThat(first.vendorPassword()).matches("agora-[0-9a-f]{24}")
            .isNotEqualTo(first.adminPassword()).isNotEqualTo(first.customerPassword());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(DemoAccounts.load(file)).isEqualTo(first);
    }

    @Test
    void aDataDirectorySeededBeforeTheVendorWasNamedGetsTheOwnerItsSeedCreated() throws Exception {
        Path file = data.resolve("demo-accounts.properties");
        Files.writeString(file, """
                admin.email=admin@agora.local
                admin.password=agora-a
                customer.email=customer@agora.local
                customer.password=agora-c
                """);

        Platform.Credentials accounts = DemoAccounts.load(file);

        assertThat(accounts.adminPassword()).isEqualTo("agora-a");
        assertThat(accounts.customerPassword()).isEqualTo("agora-c");
        assertThat(accounts.vendorEmail()).isEqualTo("vendor@northwindgoods.demo");
        assertThat(accounts.vendorPassword()).isEqualTo("agora-c-northwindgoods");
        assertThat(Files.readString(file)).contains("vendor.password=agora-c-northwindgoods");
    }
}
