package dev.scatterbatch.model.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.scatterbatch.model.cost.ConfigException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Loads YAML and JSON documents into trees, turning every syntax error, duplicate key and unreadable file
 * into a {@link ConfigException} that names the source.
 */
public final class ConfigDocuments {

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private ConfigDocuments() {
    }

    /** Parses YAML text; {@code source} names it in errors. An empty document is an empty mapping. */
    public static JsonNode yaml(String text, String source) {
        return parse(YAML, text, source, "YAML");
    }

    /** Parses JSON text; {@code source} names it in errors. */
    public static JsonNode json(String text, String source) {
        return parse(JSON, text, source, "JSON");
    }

    /** Reads a file as UTF-8 text. */
    public static String readFile(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("file " + path + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read " + path + ": " + e.getMessage());
        }
    }

    /** Reads a bundled resource as UTF-8 text, or null when there is none. */
    public static String readResource(String resource) {
        try (InputStream in = ConfigDocuments.class.getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("bundled resource " + resource + " is unreadable", e);
        }
    }

    private static JsonNode parse(ObjectMapper mapper, String text, String source, String format) {
        try {
            JsonNode node = mapper.readTree(text);
            return node == null || node.isMissingNode() ? mapper.createObjectNode() : node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ConfigException(source + " is not valid " + format + where + ": " + e.getOriginalMessage());
        }
    }
}
