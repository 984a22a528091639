package io.mediagateway.livestream;

/** What an output of a stream says about itself in StreamInfo. */
public interface OutputState {

    /** True while media actually leaves (a push is connected and writing; a socket stream is producing). */
    boolean streaming();

    /** The last failure, or null while none happened since the output last worked. */
    String lastError();

    /** Connected viewers, or null when the output cannot know (an RTMP push). */
    Integer viewers();
}
