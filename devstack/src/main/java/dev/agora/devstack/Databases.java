package dev.agora.devstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Creates a service's database when it does not exist yet.
 */
final class Databases {

    private Databases() {
    }

    static void ensure(String host, int port, String user, String password, String database) {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?");
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                c.createStatement().execute("CREATE DATABASE " + database);
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not create database " + database + " at " + host + ":" + port, ex);
        }
    }
}
