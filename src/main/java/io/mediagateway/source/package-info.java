/**
 * Stream and file sources: any URL FFmpeg can read (allowed by {@code gateway.sources}), played live into the virtual
 * camera and microphone. The route {@code virtual-source-ingest} (routes/virtual-source-ingest.yaml) says where the
 * media goes; {@link io.mediagateway.source.SourceGrabber} says how it is pulled: one FFmpeg grabber per URL on a thread
 * of its own (opened, decoded, paced by the media's timestamps, looped or reconnected with backoff, closed).
 */
package io.mediagateway.source;
