package io.mediagateway.http;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Reads a request body into a typed request, turning every Jackson failure into a 400 whose message names the
 * field and says what was expected. An empty body reads as {@code {}}.
 */
public class JsonBodyReader {

    private static final Pattern SOURCE_REF = Pattern.compile("\\[Source: [^;]*(?:;[^;]*)*?; line: (\\d+), column: (\\d+)]");

    private static final int NONE = -1;

    private final ObjectMapper json;

    public JsonBodyReader(ObjectMapper json) {
        this.json = json;
    }

    public <T> T read(byte[] body, Class<T> type) {
        byte[] content = withoutBom(body);
        if (firstNonBlank(content) == NONE) {
            content = "{}".getBytes();
        }
        if (firstNonBlank(content) != '{') {
            throw ApiException.badRequest("The request body must be a JSON object (or empty); got "
                    + describeStart(content) + ".");
        }
        try {
            return json.readValue(content, type);
        } catch (UnrecognizedPropertyException e) {
            String field = path(e, e.getPropertyName());
            throw ApiException.badRequest(e.getKnownPropertyIds().isEmpty()
                    ? "Unknown field '" + field + "': this endpoint takes no fields; send an empty body or {}."
                    : "Unknown field '" + field + "'. Allowed here: " + names(e.getKnownPropertyIds()) + ".");
        } catch (MismatchedInputException e) {
            throw ApiException.badRequest(mismatch(e));
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof InputCoercionException range) {
                throw ApiException.badRequest("Field '" + path(e, null) + "' is out of range: " + clean(range.getOriginalMessage()) + ".");
            }
            if (e.getCause() instanceof JsonProcessingException syntax) {
                throw malformed(syntax);
            }
            throw ApiException.badRequest("Invalid value for field '" + path(e, null) + "': " + clean(e.getOriginalMessage()));
        } catch (InputCoercionException e) {
            throw ApiException.badRequest("A number in the request is out of range (" + location(e) + ").");
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw ApiException.badRequest("Unreadable request body: " + e.getMessage());
        }
    }

    private static ApiException malformed(JsonProcessingException e) {
        return ApiException.badRequest("Malformed JSON (" + location(e) + "): " + clean(e.getOriginalMessage()) + ".");
    }

    /** Jackson messages embed "[Source: REDACTED ...; line: 1, column: 10]"; keep only the position. */
    private static String clean(String message) {
        return message == null ? "" : SOURCE_REF.matcher(message).replaceAll("line $1, column $2").trim();
    }

    private static String mismatch(MismatchedInputException e) {
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
            return "Unexpected content after the JSON object; send exactly one object.";
        }
        String field = path(e, null);
        String expected = expected(e.getTargetType());
        return field.isEmpty() ? "The request body must be " + expected + "."
                : "Field '" + field + "' must be " + expected + ".";
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + names(List.of(type.getEnumConstants()));
        }
        return "a JSON object";
    }

    private static String path(JsonMappingException e, String leaf) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        if (leaf != null && !path.endsWith(leaf)) {
            path = path.isEmpty() ? leaf : path + "." + leaf;
        }
        return path;
    }

    private static String names(Collection<?> names) {
        return names.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String location(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null ? "position unknown" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static byte[] withoutBom(byte[] body) {
        if (body == null) {
            return new byte[0];
        }
        boolean bom = body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF;
        return bom ? Arrays.copyOfRange(body, 3, body.length) : body;
    }

    /** The first byte that is not JSON whitespace (space, tab, CR, LF), as 0–255, or {@link #NONE}. */
    private static int firstNonBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b & 0xff;
            }
        }
        return NONE;
    }

    private static String describeStart(byte[] body) {
        int first = firstNonBlank(body);
        return switch (first) {
            case '[' -> "a JSON array";
            case '"' -> "a JSON string";
            default -> first >= 0x20 && first < 0x7f ? "content starting with '" + (char) first + "'" : "binary content";
        };
    }
}
