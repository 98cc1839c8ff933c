package dev.scatterbatch.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scatterbatch.model.cost.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Configuration documents are bounded before and while they are parsed, with one sentence naming the limit. */
class ConfigDocumentsTest {

    /** Generous: each refusal here is immediate; a parse of the whole input would take minutes and gigabytes. */
    private static final Duration QUICKLY = Duration.ofSeconds(30);

    @Test
    void aFileLargerThanTheLimitIsRefusedBeforeItIsRead(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.yaml");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(40L << 20); // sparse: 40 MiB that cost nothing to make
        }
        assertThatThrownBy(() -> ConfigDocuments.readFile(big))
                .isInstanceOf(ConfigException.class)
                .hasMessage(big + " is 41,943,040 bytes, more than the 1MiB a configuration document may be");
    }

    @Test
    void aTextOrBodyLargerThanTheLimitIsRefusedBeforeParsing() {
        String huge = "a: " + "x".repeat(ConfigDocuments.MAX_DOCUMENT_BYTES);
        assertThatThrownBy(() -> ConfigDocuments.yaml(huge, "p.yaml")).hasMessageStartingWith("p.yaml is 1,048,579 bytes, more than the 1MiB");
        assertThatThrownBy(() -> ConfigDocuments.json(huge, "request body")).hasMessageStartingWith("request body is 1,048,579 bytes");
        assertThatThrownBy(() -> ConfigDocuments.requireSize(ConfigDocuments.MAX_DOCUMENT_BYTES + 1L, "request body"))
                .isInstanceOf(ConfigException.class);
        ConfigDocuments.requireSize(ConfigDocuments.MAX_DOCUMENT_BYTES, "request body");
    }

    @Test
    void deepNestingIsRefusedInYamlAndJson() {
        int depth = ConfigDocuments.MAX_NESTING_DEPTH + 1;
        assertThatThrownBy(() -> ConfigDocuments.json("[".repeat(depth) + "]".repeat(depth), "body.json"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("body.json exceeds a limit of configuration documents (nesting 32 deep");
        assertThatThrownBy(() -> ConfigDocuments.yaml("a: " + "[".repeat(depth) + "]".repeat(depth), "deep.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("deep.yaml").hasMessageContaining("nesting 32 deep");
    }

    @Test
    void aYamlAliasBombIsNotExpanded() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'z'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *").append(p)
                    .append(", *").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
        }
        JsonNode tree = assertTimeoutPreemptively(QUICKLY, () -> ConfigDocuments.yaml(bomb.toString(), "bomb.yaml"));
        // 6^25 elements if expanded; read as written, each alias is one value
        assertThat(tree.get("z")).hasSize(6);
        assertThat(tree.get("z").get(0).isContainerNode()).isFalse();
    }

    @Test
    void aStringLongerThanTheLimitIsRefused() {
        String json = "{\"description\": \"" + "x".repeat(ConfigDocuments.MAX_STRING_LENGTH + 1) + "\"}";
        assertThatThrownBy(() -> ConfigDocuments.json(json, "body")).hasMessageStartingWith("body exceeds a limit of configuration documents");
    }

    @Test
    void documentsWithinTheLimitsParse(@TempDir Path dir) throws IOException {
        Path ok = dir.resolve("ok.yaml");
        Files.writeString(ok, "shared: &s {size: 4KiB}\nbuffers: [*s, *s]\n");
        assertThat(ConfigDocuments.yaml(ConfigDocuments.readFile(ok), "ok.yaml").get("buffers")).hasSize(2);
    }
}
