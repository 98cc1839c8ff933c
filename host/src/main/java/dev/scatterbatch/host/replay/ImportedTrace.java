package dev.scatterbatch.host.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatterbatch.model.uapi.Errno;

import java.util.ArrayList;
import java.util.List;

/**
 * A trace an importer builds: one JSON Lines op per source line it converted, with the recorded answer as
 * {@code expect} and what it assumed as {@code note}, and a {@code skipped} line with the reason for every source
 * line it could not express. The {@code env} line comes first.
 */
final class ImportedTrace {

    static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode env = JSON.createObjectNode().put("op", "env");
    private final List<ObjectNode> lines = new ArrayList<>();

    /** The {@code env} op, for the importer to fill. */
    ObjectNode env() {
        return env;
    }

    /** A new op line, added in order. */
    ObjectNode op(String op) {
        ObjectNode n = JSON.createObjectNode().put("op", op);
        lines.add(n);
        return n;
    }

    /** A line the importer could not express. */
    void skip(String reason, String source) {
        op("skipped").put("reason", reason).put("source", source.strip());
    }

    /** {@code "expect": {"ret": r, "errno": name}} from a system call's return (0 or {@code -errno}). */
    static void expectRet(ObjectNode line, long ret) {
        ObjectNode e = line.putObject("expect").put("ret", ret);
        if (ret < 0) e.put("errno", Errno.fromReturn(ret).map(Enum::name).orElse("E" + -ret));
    }

    /** Appends {@code text} to the line's note. */
    static void note(ObjectNode line, String text) {
        JsonNode old = line.get("note");
        line.put("note", old == null ? text : old.asText() + "; " + text);
    }

    /** A JSON list of strings. */
    static ArrayNode names(String... values) {
        ArrayNode a = JSON.createArrayNode();
        for (String v : values) a.add(v);
        return a;
    }

    /** The JSON Lines text, env first. */
    List<String> toJsonLines() {
        List<String> out = new ArrayList<>(lines.size() + 1);
        out.add(env.toString());
        for (ObjectNode n : lines) out.add(n.toString());
        return out;
    }

    /** {@code 0x...} of an unsigned value. */
    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
