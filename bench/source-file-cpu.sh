#!/usr/bin/env bash
# CPU and memory of playing a 1280x720 @ 30 fps H.264 file into the virtual camera: the gateway's file source vs the
# equivalent ffmpeg command line (-re -stream_loop -1 -i clip.mp4 -f rawvideo /dev/null), same FFmpeg build, same run.
# Needs nothing beyond the JDK (the clip is made with JavaCV's bundled ffmpeg). Figures: target/source-file-bench.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -Dtest=SourceFileCpuBench -Dsurefire.failIfNoSpecifiedTests=false test
cat target/source-file-bench.txt
