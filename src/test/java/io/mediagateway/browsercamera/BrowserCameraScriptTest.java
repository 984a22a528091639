package io.mediagateway.browsercamera;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediagateway.support.ApiClient;
import io.mediagateway.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;

/**
 * GET /input/devices/virtual/camera.js: the extension's content script, served from the jar, with its one
 * gateway-origin line set to the origin the copy is loaded from. (BrowserCameraChromiumIT runs it in Chromium.)
 */
class BrowserCameraScriptTest extends GatewayTestSupport {

    private static final String PATH = "/input/devices/virtual/camera.js";

    @Test
    void servesTheExtensionScriptWithTheOriginItWasLoadedFrom() throws IOException {
        ApiClient.Response response = api.get(PATH);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/javascript");
        String extension = resource("static/browser-camera/extension/camera.js");
        List<String> served = response.body().lines().toList();
        List<String> original = extension.lines().toList();
        assertThat(served).hasSameSizeAs(original);
        int differing = 0;
        for (int i = 0; i < original.size(); i++) {
            if (!served.get(i).equals(original.get(i))) {
                differing++;
                assertThat(original.get(i)).contains("const GATEWAY_ORIGIN = 'http://localhost:10001'; // @gateway-origin");
                assertThat(served.get(i)).contains("const GATEWAY_ORIGIN = document.currentScript && document.currentScript.src"
                        + " ? new URL(document.currentScript.src).origin : 'http://127.0.0.1:" + httpServer.port() + "';");
            }
        }
        assertThat(differing).as("only the gateway-origin line differs").isEqualTo(1);
    }

    @Test
    void fallbackOriginFollowsTheForwardedHeaders() {
        ApiClient.Response response = api.get(PATH, "X-Forwarded-Proto", "https", "X-Forwarded-Host", "gw.example.com");

        assertThat(response.body()).contains(": 'https://gw.example.com'; // @gateway-origin");
    }

    @Test
    void headAnswersAndOtherMethodsAreRefused() {
        assertThat(api.method("HEAD", PATH, null).status()).isEqualTo(200);
        ApiClient.Response post = api.post(PATH, "{}");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.contentType()).startsWith("application/json");
    }

    @Test
    void extensionManifestRunsTheSameScriptInThePagesMainWorldEverywhere() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(resource("static/browser-camera/extension/manifest.json"));

        assertThat(manifest.path("manifest_version").asInt()).isEqualTo(3);
        JsonNode script = manifest.path("content_scripts").path(0);
        assertThat(script.path("js").toString()).isEqualTo("[\"camera.js\"]");
        assertThat(script.path("world").asText()).isEqualTo("MAIN");
        assertThat(script.path("run_at").asText()).isEqualTo("document_start");
        assertThat(script.path("matches").toString()).isEqualTo("[\"<all_urls>\"]");
        assertThat(script.path("all_frames").asBoolean()).isTrue();
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = BrowserCameraScriptTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
