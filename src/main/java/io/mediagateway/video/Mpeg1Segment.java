package io.mediagateway.video;

/**
 * A piece of a publisher's MPEG-1 video passed through without decoding: whole 188-byte TS packets of the video PID
 * only (no PAT/PMT, no other streams), in arrival order. {@code sequenceStart} when its first packet starts a PES
 * that begins with a sequence header (a clean place for a player to start); {@code pictures} is how many pictures
 * start in it.
 */
public record Mpeg1Segment(byte[] ts, boolean sequenceStart, int pictures) {
}
