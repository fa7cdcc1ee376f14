package io.rechargenotify.shared.testing.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.PathType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A service's OpenAPI 3.1 document read as the contract its responses must meet: a response to an operation the
 * document lists must have a declared status and media type, and a body that validates against the declared schema.
 */
public final class OpenApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The address the whole document is registered under with the validator: a schema is then taken at a JSON pointer
     * into it, so its {@code $ref}s to {@code #/components/schemas/...} resolve within the same document.
     */
    private static final String DOCUMENT_URI = "https://recharge-notify.test/openapi.json";
    private static final Pattern PARAMETER = Pattern.compile("\\{[^/}]*}");
    private static final int EXCERPT_LENGTH = 300;

    private final JsonNode document;
    private final List<PathTemplate> paths = new ArrayList<>();
    private final List<String> basePaths = new ArrayList<>();
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    /** One entry of {@code paths}, matched as a regex where each {@code {param}} stands for one segment. */
    private record PathTemplate(String template, Pattern pattern, int parameters) {
    }

    private OpenApiContract(String documentJson) throws JsonProcessingException {
        document = JSON.readTree(documentJson);
        document.path("paths").fieldNames().forEachRemaining(template -> paths.add(new PathTemplate(template,
                regex(template), (int) PARAMETER.matcher(template).results().count())));
        document.path("servers").forEach(server -> {
            String path = server.path("url").asText().replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*", "")
                    .replaceFirst("/$", "");
            if (!path.isEmpty()) {
                basePaths.add(path);
            }
        });
        // Formats asserted (date-time, uuid, uri, ...): generated clients parse them, so a wrong one breaks a client.
        SchemaRegistryConfig config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true)
                .pathType(PathType.JSON_PATH).build();
        String closed = JSON.writeValueAsString(closeObjects(document.deepCopy()));
        registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), builder -> builder
                .schemaRegistryConfig(config).schemas(Map.of(DOCUMENT_URI, closed)));
    }

    /**
     * The services refuse unknown fields, and a generated client may too: a field a response sends but its schema
     * does not name is a mismatch, so every component object with properties (none is composed) is checked closed.
     */
    private static JsonNode closeObjects(JsonNode document) {
        document.path("components").path("schemas").forEach(schema -> {
            if (schema.has("properties") && !schema.has("additionalProperties") && !schema.has("allOf")) {
                ((ObjectNode) schema).put("additionalProperties", false);
            }
        });
        return document;
    }

    /** The contract of this OpenAPI document (JSON). */
    public static OpenApiContract of(String documentJson) {
        try {
            return new OpenApiContract(documentJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The OpenAPI document is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Fails with an {@link AssertionError} naming the operation, the status and what is wrong when the response does
     * not meet the operation's declaration. A call to no operation of the document (e.g. {@code /q/health}) passes.
     *
     * @param path the request path as sent, possibly with a query string
     * @param contentType the response's Content-Type header, null or blank if none
     */
    public void assertConforms(String method, String path, int status, String contentType, String body) {
        String requestPath = stripBasePath(path.replaceFirst("\\?.*", ""));
        // Literal segments win over templated ones, as in JAX-RS: /recharges/search before /recharges/{txNo}.
        String template = paths.stream().filter(t -> t.pattern().matcher(requestPath).matches())
                .min(Comparator.comparingInt(PathTemplate::parameters)).map(PathTemplate::template).orElse(null);
        if (template == null) {
            return;
        }
        String operation = "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT);
        if (!document.at(operation).isObject()) {
            return;
        }
        String verb = method.toUpperCase(Locale.ROOT);
        Call call = new Call(verb + " " + template + " " + status, verb + " " + path, body);
        JsonNode responses = document.at(operation + "/responses");
        String declared = Stream.of(String.valueOf(status), status / 100 + "XX", "default").filter(responses::has)
                .findFirst().orElseThrow(() -> call.failure("status not declared; declared: " + names(responses)));
        String response = dereference(operation + "/responses/" + escape(declared));
        JsonNode content = document.at(response + "/content");
        if (content.isEmpty()) {
            // Nothing declared means nothing sent: a body here is one no generated client expects.
            if (!body.isEmpty()) {
                throw call.failure("no content declared, but a body was sent");
            }
            return;
        }
        String mediaType = mediaType(contentType);
        String declaredMediaType = names(content).stream().filter(name -> covers(mediaType(name), mediaType))
                .min(Comparator.comparingInt(name -> name.startsWith("*") ? 2 : name.endsWith("*") ? 1 : 0))
                .orElseThrow(() -> call.failure("Content-Type '" + mediaType + "' not declared; declared: "
                        + names(content)));
        String schemaPointer = response + "/content/" + escape(declaredMediaType) + "/schema";
        if (document.at(schemaPointer).isMissingNode()) {
            return;
        }
        if (isJson(mediaType) && body.isBlank()) {
            throw call.failure("empty body, " + mediaType + " declared");
        }
        List<Error> errors = validate(schemaPointer, mediaType, call);
        if (!errors.isEmpty()) {
            throw call.failure(errors.stream().map(Error::toString).collect(Collectors.joining("; ")));
        }
    }

    private List<Error> validate(String schemaPointer, String mediaType, Call call) {
        Schema schema = schemas.computeIfAbsent(schemaPointer,
                pointer -> registry.getSchema(SchemaLocation.of(DOCUMENT_URI + "#" + pointer)));
        if (!isJson(mediaType)) {
            // A text body is one JSON string to its schema (e.g. {type: string, pattern: ...}).
            return schema.validate(JSON.valueToTree(call.body()).toString(), InputFormat.JSON);
        }
        try {
            return schema.validate(call.body(), InputFormat.JSON);
        } catch (RuntimeException notJson) {
            throw call.failure("body is not JSON: " + notJson.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** One call as failure messages name it: {@code GET /accounts/{accountNo} 200}, what was sent, the body. */
    private record Call(String operation, String request, String body) {

        AssertionError failure(String problem) {
            String excerpt = body.length() <= EXCERPT_LENGTH ? body : body.substring(0, EXCERPT_LENGTH) + "...";
            return new AssertionError(String.format("%s: %s%n  request: %s%n  body: %s", operation, problem, request,
                    excerpt.isEmpty() ? "<empty>" : excerpt));
        }
    }

    private String stripBasePath(String path) {
        return basePaths.stream().filter(base -> path.startsWith(base + "/")).findFirst()
                .map(base -> path.substring(base.length())).orElse(path);
    }

    /** The pointer a {@code $ref} to a shared response ({@code #/components/responses/...}) leads to, else itself. */
    private String dereference(String pointer) {
        String ref = document.at(pointer).path("$ref").asText();
        return ref.startsWith("#/") ? ref.substring(1) : pointer;
    }

    private static Pattern regex(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher parameter = PARAMETER.matcher(template);
        int literalStart = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(template.substring(literalStart, parameter.start()))).append("[^/]+");
            literalStart = parameter.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(template.substring(literalStart))).toString());
    }

    /** A JSON pointer token (RFC 6901): {@code /recharges/{txNo}} becomes {@code ~1recharges~1{txNo}}. */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** The media type without parameters, lower case; empty when there is none. */
    private static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.replaceFirst(";.*", "").trim().toLowerCase(Locale.ROOT);
    }

    /** Whether a declared media type ({@code application/json}, {@code text/*}, {@code *}{@code /*}) covers it. */
    private static boolean covers(String declared, String actual) {
        return declared.equals(actual) || declared.equals("*/*")
                || declared.endsWith("/*") && actual.startsWith(declared.substring(0, declared.length() - 1));
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
