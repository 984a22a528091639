package io.mediagateway.management;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The status page at {@code /}: virtual inputs with a live preview, livestreams, health of the system parts. The page
 * reads the public JSON API itself; the gateway only fills in where the Hawtio console is, once it is up.
 */
public class StatusPage {

    private static final String PAGE = "static/status/index.html";

    private final String template;
    private final ManagementServer management;

    public StatusPage(ManagementServer management) {
        this.management = management;
        try (InputStream in = StatusPage.class.getClassLoader().getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing from the classpath");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String page() {
        return template.replace("__CONSOLE_URL__", management.consoleUrl().orElse(""));
    }
}
