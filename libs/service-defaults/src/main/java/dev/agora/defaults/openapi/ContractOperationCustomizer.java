package dev.agora.defaults.openapi;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.server.ServerWebExchange;

import dev.agora.defaults.security.RequiresRole;
import dev.agora.defaults.security.RequiresScope;
import dev.agora.defaults.web.IdempotencyKey;
import dev.agora.defaults.web.PageQuery;

/**
 * Per operation: a stable {@code operationId} ({@code <controller><Method>}), the area as its tag,
 * the security requirement read off the handler's principal parameter (the same rule
 * {@code PrincipalArgumentResolver} enforces), the {@code Idempotency-Key} header as required, and
 * the problem responses the shared web layer can give it.
 */
final class ContractOperationCustomizer implements OperationCustomizer {

    static final String BEARER = "bearer";

    /** How an operation treats its caller. */
    enum Access { PUBLIC, OPTIONAL, REQUIRED }

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        operation.setOperationId(operationId(handler));
        operation.setTags(List.of(area(path(handler))));
        Access access = access(handler);
        if (operation.getParameters() != null) {
            // Optional<AgoraPrincipal> escapes springdoc's ignore list as a query parameter named after it.
            List<Parameter> kept = new ArrayList<>();
            for (Parameter parameter : operation.getParameters()) {
                if (!isPrincipalParameter(parameter, handler)) {
                    kept.add(parameter);
                }
            }
            operation.setParameters(kept.isEmpty() ? null : kept);
        }
        boolean idempotent = false;
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                pagination(parameter);
                PatternEnums.apply(parameter.getSchema());
                if ("header".equals(parameter.getIn()) && IdempotencyKey.HEADER.equalsIgnoreCase(parameter.getName())) {
                    parameter.setRequired(true);
                    parameter.setDescription("A unique value per intended operation (a UUID). The same key and body replay "
                            + "the first answer; another body under the key is a 422. A repeat while the first is still being handled "
                            + "is a 409 to send again shortly, or, where the operation can wait, gets the first's answer.");
                    parameter.setSchema(new StringSchema().pattern("^[\\x21-\\x7E]{1,255}$").maxLength(255).minLength(1));
                    idempotent = true;
                }
            }
        }
        switch (access) {
            case PUBLIC -> operation.setSecurity(List.of());
            case OPTIONAL -> operation.setSecurity(List.of(new SecurityRequirement(), new SecurityRequirement().addList(BEARER)));
            case REQUIRED -> operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        String method = httpMethod(handler);
        boolean hasBody = hasRequestBody(handler);
        boolean hasPathVariables = path(handler).contains("{");
        problem(responses, "400", "The request is malformed or a field is invalid (see `errors`).");
        problem(responses, "401", "The bearer token is missing, expired, revoked or invalid.");
        if (access == Access.REQUIRED) {
            problem(responses, "403", "The caller lacks the role this operation needs.");
        }
        if (hasPathVariables || access == Access.REQUIRED) {
            problem(responses, "404", "No such object, or not one the caller may see.");
        }
        if (!method.equals("GET")) {
            problem(responses, "409", "The change conflicts with the object's current state.");
        }
        if (hasBody) {
            problem(responses, "413", "The request body is too large.");
        }
        if (idempotent) {
            problem(responses, "422", "The Idempotency-Key was used before with another body.");
        }
        problem(responses, "429", "Too many requests; retry after the `Retry-After` header's seconds.");
        operation.setResponses(responses);
        return operation;
    }

    static String operationId(HandlerMethod handler) {
        String controller = handler.getBeanType().getSimpleName().replace("Controller", "");
        if (controller.isEmpty()) {
            controller = handler.getBeanType().getSimpleName();
        }
        String method = handler.getMethod().getName();
        return controller.substring(0, 1).toLowerCase(Locale.ROOT) + controller.substring(1)
                + method.substring(0, 1).toUpperCase(Locale.ROOT) + method.substring(1);
    }

    /** DESIGN.md's list parameters: {@code page} from 0, {@code size} 1 to 100 (PageQuery refuses more with a 400). */
    private static void pagination(Parameter parameter) {
        Schema<?> schema = parameter.getSchema();
        boolean integer = schema != null && ("integer".equals(schema.getType())
                || schema.getTypes() != null && schema.getTypes().contains("integer"));
        if (!"query".equals(parameter.getIn()) || !integer) {
            return;
        }
        // A schema of its own: springdoc may hand page and size one shared Integer schema, and size's
        // bounds must not become page's.
        if ("page".equals(parameter.getName())) {
            parameter.setDescription("zero-based page number");
            parameter.setSchema(new IntegerSchema().minimum(BigDecimal.ZERO)._default(0));
        }
        else if ("size".equals(parameter.getName())) {
            parameter.setDescription("items per page, at most 100");
            parameter.setSchema(new IntegerSchema().minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(PageQuery.MAX_SIZE))
                ._default(PageQuery.DEFAULT_SIZE));
        }
    }

    /** The first path segment after {@code /api/v1/}: {@code products}, {@code orders}, ... */
    static String area(String path) {
        String[] segments = path.replaceFirst("^/+", "").split("/");
        if (segments.length >= 3 && segments[0].equals("api")) {
            return segments[2];
        }
        return segments.length > 0 && !segments[0].isEmpty() ? segments[0] : "root";
    }

    static Access access(HandlerMethod handler) {
        Access access = Access.PUBLIC;
        for (MethodParameter parameter : handler.getMethodParameters()) {
            Class<?> type = parameter.getParameterType();
            Class<?> nested = type == Optional.class ? parameter.nestedIfOptional().getNestedParameterType() : null;
            if (!OpenApiAutoConfiguration.isPrincipal(type, nested)) {
                continue;
            }
            access = type == Optional.class ? Access.OPTIONAL : Access.REQUIRED;
        }
        if (access == Access.PUBLIC && (handler.hasMethodAnnotation(RequiresRole.class)
                || handler.hasMethodAnnotation(RequiresScope.class))) {
            access = Access.REQUIRED;
        }
        // Handlers that read the exchange show more to some callers (Principals.optional).
        if (access == Access.PUBLIC && Arrays.stream(handler.getMethodParameters())
            .anyMatch(p -> p.getParameterType() == ServerWebExchange.class)) {
            access = Access.OPTIONAL;
        }
        return access;
    }

    private static boolean isPrincipalParameter(Parameter parameter, HandlerMethod handler) {
        for (MethodParameter methodParameter : handler.getMethodParameters()) {
            Class<?> type = methodParameter.getParameterType();
            Class<?> nested = type == Optional.class ? methodParameter.nestedIfOptional().getNestedParameterType() : null;
            if (OpenApiAutoConfiguration.isPrincipal(type, nested) && parameter.getName() != null
                    && parameter.getName().equals(methodParameter.getParameterName())) {
                return true;
            }
        }
        Schema<?> schema = parameter.getSchema();
        return schema != null && schema.get$ref() != null && schema.get$ref().endsWith("AgoraPrincipal");
    }

    private static boolean hasRequestBody(HandlerMethod handler) {
        for (MethodParameter parameter : handler.getMethodParameters()) {
            if (parameter.hasParameterAnnotation(RequestBody.class)
                    || parameter.getParameterType().getName().startsWith("org.springframework.http.codec.multipart")) {
                return true;
            }
        }
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        return mapping != null && mapping.consumes().length > 0;
    }

    private static String httpMethod(HandlerMethod handler) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        return mapping == null || mapping.method().length == 0 ? "GET" : mapping.method()[0].name();
    }

    private static String path(HandlerMethod handler) {
        StringBuilder path = new StringBuilder();
        RequestMapping type = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequestMapping.class);
        RequestMapping method = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        if (type != null && type.path().length > 0) {
            path.append(type.path()[0]);
        }
        if (method != null && method.path().length > 0) {
            path.append(method.path()[0]);
        }
        return path.toString();
    }

    private static void problem(ApiResponses responses, String status, String description) {
        if (responses.containsKey(status)) {
            ApiResponse existing = responses.get(status);
            existing.setContent(problemContent());
            return;
        }
        responses.addApiResponse(status, new ApiResponse().description(description)
            .content(problemContent()));
    }

    static Content problemContent() {
        return new Content().addMediaType("application/problem+json",
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ContractDocumentCustomizer.PROBLEM)));
    }
}
