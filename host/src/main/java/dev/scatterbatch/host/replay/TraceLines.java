package dev.scatterbatch.host.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Splits a trace's bytes into lines and decodes each one as UTF-8 on its own, so one bad line becomes one error
 * line instead of ending the replay. A line ends at {@code \n} (a {@code \r} before it is dropped); a UTF-8
 * byte-order mark at the start of the trace is skipped; a line longer than {@link #MAX_LINE_BYTES} is not kept
 * in memory but reported.
 */
final class TraceLines {

    /** The longest line kept: far above any real trace line (a batch of thousands of ranges fits). */
    static final int MAX_LINE_BYTES = 1 << 20;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /**
     * One line: its text, or why it has none.
     *
     * @param number the 1-based line number
     * @param text   the decoded line, or null when {@code error} says why it could not be read
     * @param error  null, or one sentence saying why the line has no text
     */
    record Line(int number, String text, String error) {
    }

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private int number;
    private byte[] line = new byte[256];
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    TraceLines(InputStream in) {
        this.in = in;
    }

    /** The next line, or null at the end of the input. */
    Line next() throws IOException {
        int length = 0;
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                if (!any) return null;
                break;
            }
            any = true;
            byte b = buffer[position++];
            if (b == '\n') break;
            if (length == MAX_LINE_BYTES) {
                tooLong = true;
                continue;
            }
            if (length == line.length) line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, line.length * 2));
            line[length++] = b;
        }
        number++;
        if (tooLong) return new Line(number, null, "the line is longer than " + (MAX_LINE_BYTES >> 20) + " MiB, the longest a trace line may be");
        if (length > 0 && line[length - 1] == '\r') length--;
        int start = number == 1 && startsWithBom(length) ? BOM.length : 0;
        return decode(start, length);
    }

    private boolean startsWithBom(int length) {
        return length >= BOM.length && line[0] == BOM[0] && line[1] == BOM[1] && line[2] == BOM[2];
    }

    private Line decode(int start, int end) {
        ByteBuffer bytes = ByteBuffer.wrap(line, start, end - start);
        CharBuffer chars = CharBuffer.allocate(end - start);
        utf8.reset();
        CoderResult result = utf8.decode(bytes, chars, true);
        if (!result.isError()) result = utf8.flush(chars);
        if (result.isError()) {
            int at = bytes.position();
            return new Line(number, null, String.format(Locale.ROOT, "the line is not valid UTF-8 (byte 0x%02X at column %d)",
                    line[at] & 0xFF, at - start + 1));
        }
        return new Line(number, chars.flip().toString(), null);
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        if (n <= 0) return false;
        position = 0;
        limit = n;
        return true;
    }
}
