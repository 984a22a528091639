package io.mediagateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

/**
 * docs/configuration.md and config/application.yaml are what {@link ConfigurationReference} makes of the
 * configuration metadata and a fresh {@link GatewayProperties}: every key described, every default the object's own,
 * the YAML's commented defaults binding back to exactly those defaults. With {@code -Dconfig.reference.write=true}
 * the files are (re)written instead of compared.
 */
class ConfigurationReferenceTest {

    private static ConfigurationReference reference;

    @BeforeAll
    static void load() throws IOException {
        reference = ConfigurationReference.load();
    }

    private static Path root() {
        String basedir = System.getProperty("basedir");
        return Path.of(basedir != null && !basedir.isBlank() ? basedir : "").toAbsolutePath();
    }

    @Test
    void committedFilesAreGenerated() throws IOException {
        Path root = root();
        if (Boolean.getBoolean("config.reference.write")) {
            reference.write(root);
            return;
        }
        List<String> stale = new ArrayList<>();
        compare(root.resolve(ConfigurationReference.MARKDOWN), reference.markdown(), stale);
        compare(root.resolve(ConfigurationReference.YAML), reference.yaml(), stale);
        if (!stale.isEmpty()) {
            fail(String.join("; ", stale) + ". They are generated from GatewayProperties (javadoc and defaults) and "
                    + "the configuration metadata; regenerate them with " + ConfigurationReference.REGENERATE
                    + " and commit the result.");
        }
    }

    private static void compare(Path file, String expected, List<String> stale) throws IOException {
        if (!Files.exists(file)) {
            stale.add(file + " is missing");
            return;
        }
        String actual = Files.readString(file, StandardCharsets.UTF_8);
        if (!actual.equals(expected)) {
            String[] a = actual.split("\n", -1);
            String[] e = expected.split("\n", -1);
            int line = 0;
            while (line < a.length && line < e.length && a[line].equals(e[line])) {
                line++;
            }
            stale.add(file + " is out of date (first difference at line " + (line + 1) + ": expected <"
                    + (line < e.length ? e[line] : "end of file") + "> but was <"
                    + (line < a.length ? a[line] : "end of file") + ">)");
        }
    }

    @Test
    void everyKeyHasADescription() {
        List<String> undescribed = reference.keys().stream().filter(k -> k.description().isBlank())
                .map(ConfigurationReference.Key::name).toList();
        assertTrue(undescribed.isEmpty(), "gateway.* keys without a description (give the field in "
                + "GatewayProperties a javadoc comment): " + undescribed);
        assertTrue(reference.keys().size() > 50, "suspiciously few keys: " + reference.keys().size());
    }

    @Test
    void everyDefaultIsTheObjectsOwn() {
        GatewayProperties fresh = new GatewayProperties();
        Map<String, Object> fromMetadata = new LinkedHashMap<>();
        for (ConfigurationReference.Key key : reference.keys()) {
            if (key.defaultFromMetadata()) {
                fromMetadata.put(key.name(), key.value() instanceof List<?> list
                        ? list.stream().map(String::valueOf).collect(Collectors.joining(",")) : key.value());
            } else {
                // read from the object itself: it must at least be what the object says, written back
                assertEquals(ConfigurationReference.normalise(ConfigurationReference.read(fresh, key.name())),
                        key.value(), key.name());
            }
        }
        GatewayProperties bound = new Binder(new MapConfigurationPropertySource(fromMetadata))
                .bind(ConfigurationReference.PREFIX, Bindable.ofInstance(new GatewayProperties())).get();
        List<String> wrong = new ArrayList<>();
        for (String name : fromMetadata.keySet()) {
            Object expected = ConfigurationReference.read(fresh, name);
            Object actual = ConfigurationReference.read(bound, name);
            if (!Objects.equals(expected, actual)) {
                wrong.add(name + ": metadata says " + fromMetadata.get(name) + ", GatewayProperties has " + expected);
            }
        }
        assertTrue(wrong.isEmpty(), "defaults recorded by the configuration processor that disagree with "
                + "GatewayProperties: " + wrong);
    }

    /** Uncommenting every key of the YAML (as an operator would) binds to the defaults, and names every key. */
    @Test
    void yamlUncommentedIsTheDefaults() throws IOException {
        StringBuilder uncommented = new StringBuilder();
        boolean inside = false;
        for (String line : reference.yaml().split("\n")) {
            inside |= line.equals("# " + ConfigurationReference.PREFIX + ":");
            if (inside && line.startsWith("# ") && !line.substring(2).isBlank()
                    && !line.substring(2).strip().startsWith("#")) {
                uncommented.append(line.substring(2)).append('\n');
            }
        }
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("reference",
                new ByteArrayResource(uncommented.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, sources.size(), uncommented::toString);
        PropertySource<?> yaml = sources.get(0);
        List<String> missing = reference.keys().stream().map(ConfigurationReference.Key::name)
                .filter(name -> !yaml.containsProperty(name) && !yaml.containsProperty(name + "[0]")).toList();
        assertTrue(missing.isEmpty(), "keys missing from the YAML: " + missing);

        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(yaml);
        GatewayProperties bound = Binder.get(environment)
                .bind(ConfigurationReference.PREFIX, Bindable.ofInstance(new GatewayProperties())).get();
        GatewayProperties fresh = new GatewayProperties();
        List<String> wrong = new ArrayList<>();
        for (ConfigurationReference.Key key : reference.keys()) {
            Object expected = ConfigurationReference.read(fresh, key.name());
            Object actual = ConfigurationReference.read(bound, key.name());
            if (!Objects.equals(expected, actual)) {
                wrong.add(key.name() + ": the YAML gives " + actual + ", the default is " + expected);
            }
        }
        assertTrue(wrong.isEmpty(), "YAML values that are not the defaults: " + wrong);
    }
}
