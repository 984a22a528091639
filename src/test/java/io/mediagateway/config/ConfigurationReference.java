package io.mediagateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.beans.PropertyAccessorFactory;

/**
 * The configuration reference: {@code docs/configuration.md} and the commented {@code config/application.yaml},
 * generated from Spring's configuration metadata (keys, types, javadoc descriptions; written by
 * spring-boot-configuration-processor at compile time) and from a freshly constructed {@link GatewayProperties}, the
 * single source of truth for defaults. A default the processor recorded is used as it is (the test checks it agrees
 * with the object); one it could not read from the initialiser ({@code 16 * 1024 * 1024}, {@code List.of(a, b)},
 * {@code Path.of(System.getProperty(...))}) is read from the object through its getters.
 *
 * <p>{@code ConfigurationReferenceTest} compares the committed files with what this produces; write them with
 * {@code ./mvnw -q test -Dtest=ConfigurationReferenceTest -Dconfig.reference.write=true}.
 */
public final class ConfigurationReference {

    public static final String PREFIX = "gateway";
    public static final Path MARKDOWN = Path.of("docs", "configuration.md");
    public static final Path YAML = Path.of("config", "application.yaml");
    public static final String REGENERATE =
            "./mvnw -q test -Dtest=ConfigurationReferenceTest -Dconfig.reference.write=true";

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";
    private static final int WIDTH = 118;
    /** Stands for the JVM's temporary directory in defaults derived from it (machine-dependent otherwise). */
    private static final String TMPDIR_PLACEHOLDER = "${java.io.tmpdir}";

    /** Top of config/application.yaml, before the commented keys. */
    private static final String YAML_HEADER = """
            External configuration, read by Spring Boot from ./config/application.yaml of the working directory
            (the Docker image copies this folder to /app/config). Every gateway.* key is listed below, commented out,
            with its default and its meaning; docs/configuration.md has the same as tables. The defaults themselves
            live in one place, GatewayProperties.java, and this file is generated from it: do not edit it by hand,
            change the javadoc or default there and run
              @REGENERATE@
            Uncomment to override (together with the keys it is under: gateway:, http:, ...), pass --gateway.x.y=...
            or set the matching environment variable (gateway.http.port -> GATEWAY_HTTP_PORT).""";

    /**
     * Hand-written examples (not defaults) shown under a key in the YAML, as YAML lines relative to the key's
     * indentation. Only where the shape or syntax of a value is not obvious from its default.
     */
    private static final Map<String, List<String>> YAML_EXAMPLES = Map.of(
            "gateway.public-url", List.of("public-url: https://gateway.example.com"),
            "gateway.pulse.server", List.of("server: unix:/tmp/pulse/native"),
            "gateway.video.y4m-file", List.of("y4m-file: /tmp/camera.y4m"),
            "gateway.webrtc.ice-servers", List.of(
                    "ice-servers:",
                    "  - urls: [\"stun:stun.example.com:3478\"]",
                    "  - urls: [\"turn:turn.example.com:3478\", \"turn:turn.example.com:3478?transport=tcp\"]",
                    "    username: gateway",
                    "    credential: secret"));

    /** One {@code gateway.*} key. {@code value} is a String, Number, Boolean, List of those, or null (no default). */
    public record Key(String name, String group, String type, String description, Object value,
                      boolean defaultFromMetadata) {

        /** The key within its group: {@code port} for {@code gateway.http.port}. */
        public String shortName() {
            return name.substring(group.length() + 1);
        }
    }

    private final Map<String, List<Key>> groups;

    private ConfigurationReference(Map<String, List<Key>> groups) {
        this.groups = groups;
    }

    /** Groups by prefix ({@code gateway} first, then the nested groups by name), keys sorted by name. */
    public Map<String, List<Key>> groups() {
        return Collections.unmodifiableMap(groups);
    }

    public List<Key> keys() {
        return groups.values().stream().flatMap(List::stream).toList();
    }

    /** The metadata on the class path (target/classes) and a fresh {@link GatewayProperties}. */
    public static ConfigurationReference load() throws IOException {
        return from(readMetadata(), new GatewayProperties());
    }

    /** Every {@code gateway.*} property and group of every metadata file on the class path. */
    static JsonNode readMetadata() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode merged = mapper.createObjectNode();
        ArrayNode groups = merged.putArray("groups");
        ArrayNode properties = merged.putArray("properties");
        Enumeration<URL> files = ConfigurationReference.class.getClassLoader().getResources(METADATA);
        while (files.hasMoreElements()) {
            try (InputStream in = files.nextElement().openStream()) {
                JsonNode metadata = mapper.readTree(in);
                for (JsonNode group : metadata.path("groups")) {
                    if (ours(group.path("name").asText())) {
                        groups.add(group);
                    }
                }
                for (JsonNode property : metadata.path("properties")) {
                    if (ours(property.path("name").asText())) {
                        properties.add(property);
                    }
                }
            }
        }
        if (properties.isEmpty()) {
            throw new IllegalStateException("No " + PREFIX + ".* keys in any " + METADATA + " on the class path: is "
                    + "spring-boot-configuration-processor in the pom, and were the main classes compiled?");
        }
        return merged;
    }

    private static boolean ours(String name) {
        return name.equals(PREFIX) || name.startsWith(PREFIX + ".");
    }

    static ConfigurationReference from(JsonNode metadata, GatewayProperties defaults) {
        List<String> groupNames = new ArrayList<>();
        for (JsonNode group : metadata.path("groups")) {
            groupNames.add(group.path("name").asText());
        }
        if (!groupNames.contains(PREFIX)) {
            groupNames.add(PREFIX);
        }
        Map<String, List<Key>> byGroup = new TreeMap<>((a, b) -> a.equals(b) ? 0
                : a.equals(PREFIX) ? -1 : b.equals(PREFIX) ? 1 : a.compareTo(b));
        Map<String, Key> seen = new TreeMap<>();
        for (JsonNode property : metadata.path("properties")) {
            String name = property.path("name").asText();
            if (seen.containsKey(name)) {
                continue;
            }
            String group = groupOf(name, groupNames);
            String type = property.path("type").asText();
            JsonNode metadataDefault = property.get("defaultValue");
            Object value;
            boolean fromMetadata = metadataDefault != null && !metadataDefault.isNull();
            if (fromMetadata) {
                value = fromJson(metadataDefault);
                if (type.startsWith("java.util.List<") && !(value instanceof List)) {
                    value = List.of(value); // the processor writes a one-element list as its element
                }
            } else {
                value = normalise(read(defaults, name));
            }
            Key key = new Key(name, group, type, property.path("description").asText("").strip(), value,
                    fromMetadata);
            seen.put(name, key);
            byGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(key);
        }
        byGroup.values().forEach(keys -> keys.sort((a, b) -> a.name().compareTo(b.name())));
        return new ConfigurationReference(new LinkedHashMap<>(byGroup));
    }

    /** The longest group name that prefixes {@code name}. */
    private static String groupOf(String name, List<String> groupNames) {
        String best = PREFIX;
        for (String group : groupNames) {
            if (name.startsWith(group + ".") && group.length() > best.length()) {
                best = group;
            }
        }
        return best;
    }

    /** The value of {@code name} ({@code gateway.http.max-body-bytes}) in {@code properties}, through its getters. */
    public static Object read(GatewayProperties properties, String name) {
        return PropertyAccessorFactory.forBeanPropertyAccess(properties).getPropertyValue(beanPath(name));
    }

    /** {@code gateway.http.max-body-bytes} -> {@code http.maxBodyBytes}. */
    static String beanPath(String name) {
        String[] segments = name.substring(PREFIX.length() + 1).split("\\.");
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            if (!path.isEmpty()) {
                path.append('.');
            }
            String[] words = segment.split("-");
            path.append(words[0]);
            for (int i = 1; i < words.length; i++) {
                path.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
            }
        }
        return path.toString();
    }

    private static Object fromJson(JsonNode node) {
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(fromJson(element)));
            return List.copyOf(list);
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        throw new IllegalArgumentException("Unexpected default in the metadata: " + node);
    }

    /** A default read from the object as it is written in configuration: durations as 10s, paths as text. */
    static Object normalise(Object value) {
        if (value == null || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        if (value instanceof Duration duration) {
            return format(duration);
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>();
            for (Object element : collection) {
                Object plain = normalise(element);
                if (!(plain instanceof String || plain instanceof Number || plain instanceof Boolean)) {
                    throw new IllegalArgumentException("Cannot write a default list element " + element);
                }
                list.add(plain);
            }
            return List.copyOf(list);
        }
        if (value instanceof Path || value instanceof CharSequence) {
            String text = value.toString();
            String tmp = Path.of(System.getProperty("java.io.tmpdir")).toString();
            if (value instanceof Path && !tmp.equals("/") && (text.equals(tmp) || text.startsWith(tmp + "/"))) {
                return TMPDIR_PLACEHOLDER + text.substring(tmp.length());
            }
            return text;
        }
        throw new IllegalArgumentException("Cannot write a default of type " + value.getClass().getName() + ": "
                + value);
    }

    /** Spring Boot's simple duration style, in the largest unit that is exact: 10s, 250ms, 1m. */
    static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        record Unit(String suffix, ChronoUnit unit) { }
        for (Unit unit : List.of(new Unit("d", ChronoUnit.DAYS), new Unit("h", ChronoUnit.HOURS),
                new Unit("m", ChronoUnit.MINUTES), new Unit("s", ChronoUnit.SECONDS),
                new Unit("ms", ChronoUnit.MILLIS), new Unit("us", ChronoUnit.MICROS))) {
            long unitNanos = unit.unit().getDuration().toNanos();
            if (nanos % unitNanos == 0) {
                return nanos / unitNanos + unit.suffix();
            }
        }
        return nanos + "ns";
    }

    // ---- rendering -----------------------------------------------------------------------------------------------

    private static final Pattern TAG = Pattern.compile("\\{@(code|literal|link|linkplain|value)\\s+([^{}]*)}");

    /** The javadoc description as text; markdown: code in backticks, otherwise plain. */
    String describe(Key key, boolean markdown) {
        String text = key.description().replaceAll("\\s+", " ");
        Matcher m = TAG.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            String before = text.substring(last, m.start());
            out.append(markdown ? escapeMarkdown(before) : before);
            String content = m.group(2).strip();
            if (m.group(1).startsWith("link") || m.group(1).equals("value")) {
                content = link(key, content);
            }
            out.append(markdown ? "`" + content + "`" : content);
            last = m.end();
        }
        String rest = text.substring(last);
        out.append(markdown ? escapeMarkdown(rest) : rest);
        return out.toString().strip();
    }

    /** {@code #microphoneSource} -> gateway.pulse.microphone-source; {@code Foo#bar} -> Foo.bar; label wins. */
    private String link(Key key, String reference) {
        String[] parts = reference.split("\\s+", 2);
        if (parts.length == 2) {
            return parts[1];
        }
        if (reference.startsWith("#") && !reference.contains("(")) {
            return key.group() + "." + kebab(reference.substring(1));
        }
        String simple = reference.substring(reference.lastIndexOf('.', reference.indexOf('#') < 0
                ? reference.length() : reference.indexOf('#')) + 1);
        return simple.replace('#', '.');
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** Table-safe markdown of plain text; spans already in backticks are kept as they are. */
    private static String escapeMarkdown(String text) {
        String[] parts = text.split("`", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.append('`');
            }
            out.append(i % 2 == 1 ? parts[i].replace("|", "\\|")
                    : parts[i].replace("|", "\\|").replace("<", "&lt;").replace("*", "\\*"));
        }
        return out.toString();
    }

    /** docs/configuration.md. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n");
        md.append("<!-- Generated by io.mediagateway.config.ConfigurationReference (src/test/java) from the javadoc and"
                + " defaults of\n     GatewayProperties. Do not edit: change GatewayProperties, then run\n     ")
                .append(REGENERATE).append(" -->\n\n");
        md.append("Every `gateway.*` key with its default. The defaults live in one place, ")
                .append("`src/main/java/io/mediagateway/config/GatewayProperties.java`; this page and the commented ")
                .append("`config/application.yaml` are generated from it and checked by `ConfigurationReferenceTest`.")
                .append("\n\n");
        md.append("Override a key in `config/application.yaml` (read from the working directory; in the Docker image ")
                .append("`/app/config/application.yaml`), with a `--gateway.x.y=...` argument, or with an environment ")
                .append("variable: upper case, dots and dashes as underscores (`gateway.http.port` → ")
                .append("`GATEWAY_HTTP_PORT`). Durations take a unit (`500ms`, `10s`, `1m`); lists are comma ")
                .append("separated in arguments and environment variables.\n\n");
        for (Map.Entry<String, List<Key>> group : groups.entrySet()) {
            md.append("## `").append(group.getKey()).append("`\n\n");
            md.append("| key | default | description |\n|---|---|---|\n");
            for (Key key : group.getValue()) {
                md.append("| `").append(key.name()).append("` | ").append(markdownDefault(key)).append(" | ")
                        .append(describe(key, true)).append(" |\n");
            }
            md.append('\n');
        }
        return md.toString().stripTrailing() + "\n";
    }

    private static String markdownDefault(Key key) {
        Object value = key.value();
        if (value == null) {
            return "*(none)*";
        }
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                return "*(none)*";
            }
            return "`" + String.join(", ", list.stream().map(String::valueOf).toList()).replace("|", "\\|") + "`";
        }
        String text = String.valueOf(value);
        if (text.isEmpty()) {
            return "*(empty)*";
        }
        String out = "`" + text.replace("|", "\\|") + "`";
        if (value instanceof Number n && key.name().endsWith("-bytes")) {
            out += " (" + bytes(n.longValue()) + ")";
        }
        return out;
    }

    /** 65536 -> 64 KiB, 16777216 -> 16 MiB. */
    static String bytes(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        while (n != 0 && n % 1024 == 0 && unit < units.length - 1) {
            n /= 1024;
            unit++;
        }
        return n + " " + units[unit];
    }

    /** config/application.yaml: every key commented out with its default, its description above it. */
    public String yaml() {
        StringBuilder y = new StringBuilder();
        for (String line : YAML_HEADER.replace("@REGENERATE@", REGENERATE).split("\n")) {
            y.append("# ").append(line).append('\n');
        }
        y.append("#\n");
        y.append("# ").append(PREFIX).append(":\n");
        boolean first = true;
        for (Map.Entry<String, List<Key>> group : groups.entrySet()) {
            String[] path = group.getKey().split("\\.");
            int depth = path.length; // gateway -> keys at depth 1
            if (depth > 2) {
                throw new IllegalStateException("Groups nested deeper than gateway.x are not written: "
                        + group.getKey());
            }
            if (!first) {
                y.append("#\n");
            }
            first = false;
            if (depth == 2) {
                y.append("# ").append(indent(1)).append(path[1]).append(":\n");
            }
            boolean firstKey = true;
            for (Key key : group.getValue()) {
                if (!firstKey) {
                    y.append("#\n");
                }
                firstKey = false;
                String indent = indent(depth);
                for (String line : wrap(describe(key, false), WIDTH - 2 - indent.length() - 2)) {
                    y.append("# ").append(indent).append("# ").append(line).append('\n');
                }
                List<String> example = YAML_EXAMPLES.get(key.name());
                if (example != null) {
                    y.append("# ").append(indent).append("# e.g.:").append('\n');
                    for (String line : example) {
                        y.append("# ").append(indent).append("#   ").append(line).append('\n');
                    }
                }
                y.append("# ").append(indent).append(key.shortName()).append(": ").append(yamlValue(key.value()))
                        .append('\n');
            }
        }
        return y.toString();
    }

    private static String indent(int depth) {
        return "  ".repeat(depth);
    }

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9/_][A-Za-z0-9_./-]*");
    private static final Pattern NUMBER_LIKE = Pattern.compile("[-+.0-9][-+.0-9_eExXoO:a-fA-F]*");
    private static final List<String> RESERVED = List.of("true", "false", "yes", "no", "on", "off", "null", "y", "n");

    static String yamlValue(Object value) {
        if (value == null) {
            return "\"\"";
        }
        if (value instanceof List<?> list) {
            return "[" + String.join(", ", list.stream().map(ConfigurationReference::yamlValue).toList()) + "]";
        }
        if (value instanceof Boolean || value instanceof Number) {
            return String.valueOf(value);
        }
        String text = value.toString();
        boolean duration = text.matches("[0-9]+(ns|us|ms|s|m|h|d)");
        if (duration || (PLAIN.matcher(text).matches() && !NUMBER_LIKE.matcher(text).matches()
                && !RESERVED.contains(text.toLowerCase(Locale.ROOT)))) {
            return text;
        }
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Words of {@code text} in lines of at most {@code width} characters (a longer word gets a line of its own). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(word);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** Writes both files under {@code root} (the project directory). */
    public void write(Path root) throws IOException {
        Files.createDirectories(root.resolve(MARKDOWN).getParent());
        Files.writeString(root.resolve(MARKDOWN), markdown(), StandardCharsets.UTF_8);
        Files.writeString(root.resolve(YAML), yaml(), StandardCharsets.UTF_8);
    }

    /** Writes both files into the working directory (the project directory when run from Maven or an IDE). */
    public static void main(String[] args) throws IOException {
        load().write(Path.of(args.length > 0 ? args[0] : ""));
    }
}
