/**
 * Virtual-file compatibility: the camera output as a Y4M file ({@code gateway.video.y4m-file}, off by default) for
 * Chromium's built-in fake capture ({@code --use-file-for-fake-video-capture}). Chromium reads such a file as a
 * recording, not live (STACK.md), so the file is bounded: it rotates at {@code gateway.video.y4m-max-bytes}.
 */
package io.mediagateway.y4m;
