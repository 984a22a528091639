package io.mediagateway.pulse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code pactl} against one server (PULSE_SERVER syntax), each call bounded by a timeout. */
public class Pactl {

    private final CommandRunner runner;
    private final Duration timeout;

    public Pactl(CommandRunner runner, Duration timeout) {
        this.runner = runner;
        this.timeout = timeout;
    }

    public CommandRunner.Result run(String server, String... args) {
        List<String> command = new ArrayList<>(List.of("pactl"));
        command.addAll(List.of(args));
        return runner.run(command, Map.of("PULSE_SERVER", server), timeout);
    }

    /** Names (second column) of {@code pactl list short <kind>}, e.g. kind "sinks" or "sources". */
    public List<String> names(String server, String kind) throws PactlException {
        CommandRunner.Result result = run(server, "list", "short", kind);
        if (!result.ok()) {
            throw new PactlException("pactl list short " + kind + " failed on " + server + ": " + result.output().trim());
        }
        List<String> names = new ArrayList<>();
        for (String line : result.output().split("\n")) {
            String[] columns = line.split("\t");
            if (columns.length > 1) {
                names.add(columns[1].trim());
            }
        }
        return names;
    }

    public static class PactlException extends Exception {
        public PactlException(String message) {
            super(message);
        }
    }
}
