package io.mediagateway.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * System-level tests need real programs (Xvfb, PulseAudio, Chromium ...). Where they are missing the test is skipped,
 * unless MG_REQUIRE_SYSTEM=true (CI sets it after installing them): then a missing program fails the build, so a
 * system test can never pass by not running.
 */
public final class SystemTools {

    private SystemTools() {
    }

    public static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("MG_REQUIRE_SYSTEM"));
    }

    /** Skips (or fails under MG_REQUIRE_SYSTEM) unless every binary is on the PATH. */
    public static void requireBinaries(String debianPackages, String... binaries) {
        List<String> missing = Arrays.stream(binaries).filter(b -> find(b) == null).toList();
        if (missing.isEmpty()) {
            return;
        }
        String message = "missing " + missing + "; install with: apt-get install " + debianPackages;
        if (required()) {
            fail(message + " (MG_REQUIRE_SYSTEM=true)");
        }
        Assumptions.abort(message);
    }

    public static Path find(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
