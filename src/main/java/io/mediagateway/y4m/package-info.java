/**
 * Virtual-file compatibility: the camera output as a Y4M file ({@code gateway.video.y4m-file}, off by default) for
 * Chromium's built-in fake capture ({@code --use-file-for-fake-video-capture}). Chromium reads the file from its first
 * frame and follows it as it grows (late by the file's length when opened), keeping the file it opened: after a
 * rotation ({@code gateway.video.y4m-max-bytes}) an open track loops {@code <file>.1} (README, Y4mFakeCaptureChromiumIT).
 * A file never shrinks under a reader (rotation renames, a new writer replaces): Chromium would end its track for good.
 */
package io.mediagateway.y4m;
