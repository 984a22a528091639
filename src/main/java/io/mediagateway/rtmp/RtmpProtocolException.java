package io.mediagateway.rtmp;

/** The peer broke the protocol (handshake, chunk, AMF or a size bound): only its connection is closed. */
public class RtmpProtocolException extends RuntimeException {

    public RtmpProtocolException(String message) {
        super(message);
    }
}
