package io.mediagateway.runtime;

/** One system part the gateway depends on, as last probed. {@code detail} says where it looked or how to fix it. */
public record SystemPart(String name, boolean up, String detail) {

    public String status() {
        return up ? "UP" : "DOWN";
    }
}
