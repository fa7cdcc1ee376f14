package io.rechargenotify.shared.openapi;

import io.rechargenotify.shared.problem.Problem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * Completes every service's OpenAPI document with what the services do alike, so no resource has to repeat it:
 * <ul>
 * <li>the errors every operation can answer – {@code 401}/{@code 403} when it needs a token, {@code 400} and
 * {@code 415} when it takes a body, {@code 413} on every POST, PUT and PATCH, {@code 400} when it takes parameters,
 * {@code 500} always – and every {@code 4xx}/{@code 5xx} body as an RFC 9457 problem
 * ({@code application/problem+json});</li>
 * <li>the headers they share: {@code Location} on {@code 201}/{@code 202}, {@code WWW-Authenticate} on {@code 401};</li>
 * <li>each role of an operation as an alternative security requirement (any one role is enough);</li>
 * <li>in every schema a response uses, each property is required unless its schema allows {@code null}: a view
 * always sends its fields, and a field that can be missing or null says so with {@code nullable = true}.</li>
 * </ul>
 * Registered by {@code mp.openapi.filter} in src-shared's {@code META-INF/microprofile-config.properties}; runs at
 * build time.
 */
public class ContractFilter implements OASFilter {

    private static final String COMPONENTS = "#/components/schemas/";
    private static final String PROBLEM_NAME = Problem.class.getSimpleName();
    private static final String VIOLATION_NAME = Problem.Violation.class.getSimpleName();
    private static final String PROBLEM = COMPONENTS + PROBLEM_NAME;
    /** The descriptions of the 400, 401 and 403 Quarkus adds by itself (to validated bodies, secured operations). */
    private static final Set<String> QUARKUS_WORDS = Set.of("Not Authorized", "Not Allowed", "Bad Request");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        Set<String> responseSchemas = new HashSet<>();
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            eachRoleAnAlternative(operation);
            declareErrors(path, method, operation);
            declareHeaders(operation.getResponses());
            operation.getResponses().getAPIResponses().values().stream()
                    .map(APIResponse::getContent).filter(Objects::nonNull)
                    .flatMap(content -> content.getMediaTypes().values().stream())
                    .map(MediaType::getSchema).filter(Objects::nonNull)
                    .forEach(schema -> collectRefs(schema, responseSchemas));
        }));
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(PROBLEM_NAME, problemSchema());
        openAPI.getComponents().addSchema(VIOLATION_NAME, violationSchema());
        requireNonNullableProperties(openAPI.getComponents().getSchemas(), responseSchemas);
    }

    /**
     * RFC 9457's members as {@link Problem} sends them (written here, not scanned, so every document has it even when
     * no resource names it): detail, instance and violations may be missing.
     */
    private static Schema problemSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem detail (application/problem+json)")
                .addProperty("type", text("A URI naming the kind of problem").format("uri"))
                .addProperty("title", text("A short summary of the kind of problem"))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)
                        .format("int32").description("The HTTP status code"))
                .addProperty("detail", text("What went wrong this time").addType(Schema.SchemaType.NULL))
                .addProperty("instance", text("The request path").addType(Schema.SchemaType.NULL))
                .addProperty("violations", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .addType(Schema.SchemaType.NULL)
                        .description("The invalid fields of a request, when there are any")
                        .items(OASFactory.createSchema().ref(COMPONENTS + VIOLATION_NAME)))
                .required(List.of("type", "title", "status"));
    }

    private static Schema violationSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("field", text("Where the invalid value is, e.g. create.request.amount"))
                .addProperty("message", text("What is wrong with it"))
                .required(List.of("field", "message"));
    }

    private static Schema text(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }

    /**
     * Quarkus lists all of {@code @RolesAllowed}'s roles as the scopes of one requirement, which OpenAPI reads as
     * "needs every one"; any one of them is enough, so each becomes a requirement of its own.
     */
    private static void eachRoleAnAlternative(Operation operation) {
        if (operation.getSecurity() == null) {
            return;
        }
        List<SecurityRequirement> alternatives = new ArrayList<>();
        operation.getSecurity().forEach(requirement -> {
            Map<String, List<String>> schemes = requirement.getSchemes();
            if (schemes == null || schemes.size() != 1 || schemes.values().iterator().next().size() < 2) {
                alternatives.add(requirement);
                return;
            }
            String scheme = schemes.keySet().iterator().next();
            schemes.get(scheme).forEach(role -> alternatives.add(
                    OASFactory.createSecurityRequirement().addScheme(scheme, List.of(role))));
        });
        operation.setSecurity(alternatives);
    }

    /** The headers every service sends alike: where a created resource is, and how to authenticate after a 401. */
    private static void declareHeaders(APIResponses responses) {
        for (String created : List.of("201", "202")) {
            APIResponse response = responses.getAPIResponse(created);
            if (response != null && (response.getHeaders() == null || !response.getHeaders().containsKey("Location"))) {
                response.addHeader("Location", header("Where the created resource can be read", "uri-reference"));
            }
        }
        APIResponse unauthorized = responses.getAPIResponse("401");
        if (unauthorized != null) {
            unauthorized.addHeader("WWW-Authenticate", header("Bearer", null));
        }
    }

    private static Header header(String description, String format) {
        return OASFactory.createHeader().description(description)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).format(format));
    }

    private static void declareErrors(String path, PathItem.HttpMethod method, Operation operation) {
        APIResponses responses = operation.getResponses();
        if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
            declare(responses, "401", "No valid bearer token (missing, expired, forged or for another audience)");
            declare(responses, "403", "The token's roles do not allow this call");
        }
        boolean takesParameters = path.contains("{")
                || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        if (operation.getRequestBody() != null) {
            declare(responses, "400", "Invalid request: the problem names each invalid field");
            declare(responses, "415", "Body not sent as application/json");
        } else if (takesParameters) {
            declare(responses, "400", "Invalid parameter");
        }
        if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT
                || method == PathItem.HttpMethod.PATCH) {
            // Even where no body is expected: the size limit is checked before the request reaches the operation.
            declare(responses, "413", "Body larger than api.max-body-size");
        }
        declare(responses, "500", "Unexpected error (the problem shows no internals; the service log has them)");
        responses.getAPIResponses().forEach((status, response) -> {
            if (isError(status) && (response.getContent() == null || response.getContent().getMediaTypes() == null
                    || response.getContent().getMediaTypes().isEmpty())) {
                response.setContent(problemContent());
            }
        });
    }

    /** Adds the response unless the operation declares it; Quarkus's bare 401/403 get our words. */
    private static void declare(APIResponses responses, String status, String description) {
        APIResponse declared = responses.getAPIResponse(status);
        if (declared == null) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
        } else if (declared.getContent() == null && QUARKUS_WORDS.contains(declared.getDescription())) {
            declared.description(description);
        }
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM)));
    }

    private static boolean isError(String status) {
        return status.startsWith("4") || status.startsWith("5");
    }

    private static void requireNonNullableProperties(Map<String, Schema> components, Set<String> used) {
        Deque<String> pending = new ArrayDeque<>(used);
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            String name = pending.pop();
            Schema schema = components.get(name);
            if (!seen.add(name) || schema == null) {
                continue;
            }
            Set<String> nested = new HashSet<>();
            collectRefs(schema, nested);
            pending.addAll(nested);
            if (schema.getProperties() == null || schema.getProperties().isEmpty()) {
                continue;
            }
            List<String> required = new ArrayList<>();
            schema.getProperties().forEach((property, propertySchema) -> {
                if (!allowsNull(propertySchema)) {
                    required.add(property);
                }
            });
            schema.setRequired(required.isEmpty() ? null : required);
        }
    }

    private static boolean allowsNull(Schema schema) {
        if (schema.getType() != null && schema.getType().contains(Schema.SchemaType.NULL)) {
            return true;
        }
        return anyAllowsNull(schema.getAnyOf()) || anyAllowsNull(schema.getOneOf());
    }

    private static boolean anyAllowsNull(List<Schema> alternatives) {
        return alternatives != null && alternatives.stream().anyMatch(ContractFilter::allowsNull);
    }

    /** The names of the component schemas this schema refers to, directly or in its properties and items. */
    private static void collectRefs(Schema schema, Set<String> names) {
        if (schema == null) {
            return;
        }
        if (schema.getRef() != null && schema.getRef().startsWith(COMPONENTS)) {
            names.add(schema.getRef().substring(COMPONENTS.length()));
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> collectRefs(property, names));
        }
        collectRefs(schema.getItems(), names);
        for (List<Schema> group : new List[] { schema.getAllOf(), schema.getAnyOf(), schema.getOneOf() }) {
            if (group != null) {
                group.forEach(member -> collectRefs(member, names));
            }
        }
    }
}
