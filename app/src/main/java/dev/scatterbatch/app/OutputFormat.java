package dev.scatterbatch.app;

import dev.scatterbatch.model.cost.ConfigException;

import java.util.Locale;

/** How a command prints its result. */
enum OutputFormat {
    TABLE, JSON, CSV;

    static OutputFormat parse(String s) {
        for (OutputFormat f : values()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(s)) return f;
        }
        throw new ConfigException("unknown format '" + s + "'; known formats: table, json, csv");
    }
}
