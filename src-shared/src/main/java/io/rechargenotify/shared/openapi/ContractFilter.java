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
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Completes every service's OpenAPI document with what the services do alike, so no resource has to repeat it:
 * <ul>
 * <li>the errors every operation can answer – {@code 401}/{@code 403} when it needs a token, {@code 400},
 * {@code 413} and {@code 415} when it takes a body, {@code 400} when it takes parameters, {@code 500} always – and
 * every {@code 4xx}/{@code 5xx} body as an RFC 9457 problem ({@code application/problem+json});</li>
 * <li>in every schema a response uses, each property is required unless its schema allows {@code null}: a view
 * always sends its fields, and a field that can be missing or null says so with {@code nullable = true}.</li>
 * </ul>
 * Registered by {@code mp.openapi.filter} in src-shared's {@code META-INF/microprofile-config.properties}; runs at
 * build time.
 */
public class ContractFilter implements OASFilter {

    private static final String PROBLEM = "#/components/schemas/" + Problem.class.getSimpleName();
    private static final String COMPONENTS = "#/components/schemas/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        Set<String> responseSchemas = new HashSet<>();
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values().forEach(operation -> {
            declareErrors(path, operation);
            operation.getResponses().getAPIResponses().values().stream()
                    .map(APIResponse::getContent).filter(Objects::nonNull)
                    .flatMap(content -> content.getMediaTypes().values().stream())
                    .map(MediaType::getSchema).filter(Objects::nonNull)
                    .forEach(schema -> collectRefs(schema, responseSchemas));
        }));
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            requireNonNullableProperties(openAPI.getComponents().getSchemas(), responseSchemas);
        }
    }

    private static void declareErrors(String path, Operation operation) {
        APIResponses responses = operation.getResponses();
        if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
            declare(responses, "401", "No valid bearer token (missing, expired, forged or for another audience)");
            declare(responses, "403", "The token's roles do not allow this call");
        }
        boolean takesParameters = path.contains("{")
                || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        if (operation.getRequestBody() != null) {
            declare(responses, "400", "Invalid request: the problem names each invalid field");
            declare(responses, "413", "Body larger than api.max-body-size");
            declare(responses, "415", "Body not sent as application/json");
        } else if (takesParameters) {
            declare(responses, "400", "Invalid parameter");
        }
        declare(responses, "500", "Unexpected error (the problem shows no internals; the service log has them)");
        responses.getAPIResponses().forEach((status, response) -> {
            if (isError(status) && (response.getContent() == null || response.getContent().getMediaTypes() == null
                    || response.getContent().getMediaTypes().isEmpty())) {
                response.setContent(problemContent());
            }
        });
    }

    /** Adds the response unless the operation declares it; one without a body (as Quarkus adds 401/403) gets ours. */
    private static void declare(APIResponses responses, String status, String description) {
        APIResponse declared = responses.getAPIResponse(status);
        if (declared == null) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description)
                    .content(problemContent()));
        } else if (declared.getContent() == null) {
            declared.description(description).content(problemContent());
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
