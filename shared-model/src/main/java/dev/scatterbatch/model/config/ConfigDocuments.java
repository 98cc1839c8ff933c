package dev.scatterbatch.model.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.scatterbatch.model.cost.ConfigException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Loads YAML and JSON documents into trees, turning every syntax error, duplicate key and unreadable file
 * into a {@link ConfigException} that names the source. Documents are bounded before and while they are parsed:
 * at most {@link #MAX_DOCUMENT_BYTES}, nested at most {@link #MAX_NESTING_DEPTH} deep, strings of at most
 * {@link #MAX_STRING_LENGTH} characters. A YAML alias is read as its name, never expanded, so an alias bomb
 * ("billion laughs") stays as small as its text; SnakeYAML's own limits ({@link #MAX_YAML_ALIASES} aliases) back that.
 */
public final class ConfigDocuments {

    /** The largest profile, workload or request body: the bundled ones are a few KiB. */
    public static final int MAX_DOCUMENT_BYTES = 1 << 20;
    /** Deeper than any profile or workload (a workload's run-length distribution is 4 deep). */
    public static final int MAX_NESTING_DEPTH = 32;
    /** Longer than any name, description or value. */
    public static final int MAX_STRING_LENGTH = 64 * 1024;
    /** Aliases per YAML document: workloads may share a buffer definition, never expand one exponentially. */
    public static final int MAX_YAML_ALIASES = 50;

    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH).maxStringLength(MAX_STRING_LENGTH).maxNumberLength(100).build();
    private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .loaderOptions(yamlLoaderOptions()).streamReadConstraints(CONSTRAINTS).build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private ConfigDocuments() {
    }

    private static LoaderOptions yamlLoaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_YAML_ALIASES);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setCodePointLimit(MAX_DOCUMENT_BYTES);
        options.setAllowRecursiveKeys(false);
        return options;
    }

    /** Parses YAML text; {@code source} names it in errors. An empty document is an empty mapping. */
    public static JsonNode yaml(String text, String source) {
        requireSize(text.length(), source);
        return parse(YAML, text, source, "YAML");
    }

    /** Parses JSON text; {@code source} names it in errors. */
    public static JsonNode json(String text, String source) {
        requireSize(text.length(), source);
        return parse(JSON, text, source, "JSON");
    }

    /**
     * Refuses a document of {@code bytes} bytes (or characters) before anything reads it when it is larger than
     * {@link #MAX_DOCUMENT_BYTES}: for files, request bodies (also as they arrive) and texts alike.
     *
     * @throws ConfigException naming {@code source}, its size and the limit
     */
    public static void requireSize(long bytes, String source) {
        if (bytes > MAX_DOCUMENT_BYTES) {
            throw new ConfigException(source + " is " + String.format(Locale.ROOT, "%,d bytes", bytes) + ", more than the "
                    + ByteSizes.format(MAX_DOCUMENT_BYTES) + " a configuration document may be");
        }
    }

    /** Reads a file as UTF-8 text, refusing one larger than {@link #MAX_DOCUMENT_BYTES} before reading it. */
    public static String readFile(Path path) {
        try {
            requireSize(Files.size(path), path.toString());
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
        } catch (StreamConstraintsException e) {
            throw new ConfigException(source + " exceeds a limit of configuration documents (nesting " + MAX_NESTING_DEPTH
                    + " deep, strings of " + MAX_STRING_LENGTH + " characters, numbers of 100 digits)");
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof YAMLException && e.getOriginalMessage().contains("exceeds")) {
                throw new ConfigException(source + " exceeds a limit of configuration documents (nesting " + MAX_NESTING_DEPTH
                        + " deep, " + MAX_YAML_ALIASES + " aliases, " + MAX_DOCUMENT_BYTES + " characters): " + firstLine(e.getOriginalMessage()));
            }
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ConfigException(source + " is not valid " + format + where + ": " + e.getOriginalMessage());
        }
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
