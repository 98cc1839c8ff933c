package dev.scatterbatch.controlplane.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 for the control plane's tests, written and read as bytes over a socket of its own per request, as curl
 * would send it ("Connection: close", so the answer ends with the connection): a test sees exactly what the server
 * answers. The tests used Vert.x's client from the test thread before; its request sometimes sat in an idle event
 * loop's queue until a timer woke the loop (the server's 30 s idle timeout), with no connection opened.
 */
final class PlainHttp {

    /** What the server answered: the final status (after any 100 Continue), its Content-Type and its body, de-chunked. */
    record Reply(int status, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private PlainHttp() {
    }

    /**
     * Sends {@code method path} with {@code headers} and {@code body} to 127.0.0.1:{@code port}. A body is sent with
     * its Content-Length unless {@code headers} name a Transfer-Encoding (then {@code body} is already encoded).
     */
    static Reply exchange(int port, String method, String path, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        boolean encoded = headers.keySet().stream().anyMatch(n -> n.equalsIgnoreCase("Transfer-Encoding"));
        if (body.length > 0 && !encoded) head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("\r\n");
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return reply(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        }
    }

    private static Reply reply(byte[] bytes) {
        int at = 0;
        while (true) {
            int end = endOfHead(bytes, at);
            if (end < 0) throw new AssertionError("no complete answer: " + new String(bytes, StandardCharsets.ISO_8859_1));
            List<String> lines = List.of(new String(bytes, at, end - at, StandardCharsets.ISO_8859_1).split("\r\n"));
            int status = Integer.parseInt(lines.getFirst().split(" ")[1]);
            at = end + 4;
            if (status < 200) continue;
            Map<String, String> fields = new HashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                fields.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            byte[] rest = Arrays.copyOfRange(bytes, at, bytes.length);
            boolean chunked = "chunked".equalsIgnoreCase(fields.get("transfer-encoding"));
            return new Reply(status, fields.get("content-type"), chunked ? dechunk(rest) : rest);
        }
    }

    private static int endOfHead(byte[] bytes, int from) {
        for (int i = from; i + 3 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') return i;
        }
        return -1;
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int eol = at;
            while (chunked[eol] != '\r') eol++;
            int size = Integer.parseInt(new String(chunked, at, eol - at, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
            if (size == 0) return out.toByteArray();
            out.write(chunked, eol + 2, size);
            at = eol + 2 + size + 2;
        }
    }
}
