package dev.quarry.api.routes;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.quarry.http.HttpResult;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * JSON in and out. Parsing is strict (unknown fields, numbers for strings, floats for integers and
 * strings for numbers are all refused) and every failure becomes an {@link ApiException} 400 whose
 * message names the field and the expected type, never a stack trace or a class name.
 */
public final class ApiJson {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    static {
        MAPPER.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    private ApiJson() {
    }

    public static <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) throw ApiException.badRequest("request body is empty; a JSON object is expected");
        try {
            return MAPPER.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest("unknown field '" + e.getPropertyName() + "'");
        } catch (InvalidFormatException e) {
            throw ApiException.badRequest("field '" + path(e) + "' has the wrong type or format: expected " + simpleType(e.getTargetType()));
        } catch (MismatchedInputException e) {
            String p = path(e);
            if (p.isEmpty()) throw ApiException.badRequest("a JSON object is expected");
            throw ApiException.badRequest("field '" + p + "' has the wrong type: expected " + simpleType(e.getTargetType()));
        } catch (JsonParseException e) {
            throw ApiException.badRequest("malformed JSON at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (JsonMappingException e) {
            // e.g. a record constructor refused a value: its IllegalArgumentException message is meant for clients.
            Throwable c = e.getCause();
            if (c instanceof IllegalArgumentException) throw ApiException.badRequest(c.getMessage());
            throw ApiException.badRequest("request body does not match the expected shape" + (path(e).isEmpty() ? "" : " at '" + path(e) + "'"));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON");
        } catch (IOException e) {
            throw ApiException.badRequest("unreadable request body");
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String simpleType(Class<?> t) {
        if (t == null) return "another type";
        if (t == long.class || t == Long.class || t == int.class || t == Integer.class) return "an integer";
        if (t == double.class || t == Double.class) return "a number";
        if (t == boolean.class || t == Boolean.class) return "true or false";
        if (t == String.class) return "a string";
        if (java.util.Collection.class.isAssignableFrom(t) || t.isArray()) return "an array";
        return "an object";
    }

    public static HttpResult ok(Object value) {
        return json(200, value);
    }

    public static HttpResult json(int status, Object value) {
        try {
            return new HttpResult(status, "application/json", MAPPER.writeValueAsBytes(value), Map.of("Cache-Control", "no-store"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise response", e);
        }
    }

    public static HttpResult error(int status, String error, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        if (message != null) m.put("message", message);
        return json(status, m);
    }
}
