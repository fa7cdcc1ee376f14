package io.rechargenotify.system.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A packaged service's log file as written in production: one JSON object a line (quarkus-logging-json: "timestamp",
 * "level", "loggerName", "message", "mdc", …). Lines that are not a JSON object (what the JVM itself may print) are
 * kept apart, as text, so a test can tell whether any of them belongs to what it follows.
 */
public final class JsonLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One JSON line and where it is in the file (1-based). */
    public record Line(int number, JsonNode json) {

        public String level() {
            return json.path("level").asText("");
        }

        public String message() {
            return json.path("message").asText("");
        }

        /** The MDC value, or null when the line has none under that key. */
        public String mdc(String key) {
            JsonNode value = json.path("mdc").get(key);
            return value == null || value.isNull() ? null : value.asText();
        }

        @Override
        public String toString() {
            return "#" + number + " " + json;
        }
    }

    /** A line that is not a JSON object, and where it is (1-based). */
    public record Other(int number, String text) {

        @Override
        public String toString() {
            return "#" + number + " " + text;
        }
    }

    private final Path file;
    private final List<Line> lines;
    private final List<Other> others;

    private JsonLog(Path file, List<Line> lines, List<Other> others) {
        this.file = file;
        this.lines = lines;
        this.others = others;
    }

    /** The log as it is now, from the line after {@code skip} lines on (a file appended to across runs). */
    public static JsonLog read(Path file, int skip) {
        List<String> texts;
        try {
            texts = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Line> lines = new ArrayList<>();
        List<Other> others = new ArrayList<>();
        for (int i = skip; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text.isBlank()) {
                continue;
            }
            JsonNode json = parse(text);
            if (json != null && json.isObject()) {
                lines.add(new Line(i + 1, json));
            } else {
                others.add(new Other(i + 1, text));
            }
        }
        return new JsonLog(file, lines, others);
    }

    /** How many lines the file has now: where a test's part of it starts. */
    public static int lineCount(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).size() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException notJson) {
            return null;
        }
    }

    public Path file() {
        return file;
    }

    public List<Line> lines() {
        return lines;
    }

    /** The lines that are not JSON objects. */
    public List<Other> others() {
        return others;
    }

    /** The JSON lines about a recharge: those whose message mentions its txNo or whose MDC names it. */
    public List<Line> about(String txNo) {
        return lines.stream().filter(line -> line.message().contains(txNo) || txNo.equals(line.mdc("txNo")))
                .toList();
    }

    /** The lines that are not JSON but mention the txNo: a line of its path that is not JSON. */
    public List<Other> othersAbout(String txNo) {
        return others.stream().filter(other -> other.text().contains(txNo)).toList();
    }

    static String show(List<?> lines) {
        return lines.isEmpty() ? "  (none)" : lines.stream().map(line -> "  " + line).collect(Collectors.joining("\n"));
    }
}
