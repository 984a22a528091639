/** Live fan-out to WebSocket viewers: start at the next keyframe, drop the slow, never wait. */
package io.mediagateway.broadcast;
