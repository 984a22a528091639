#!/usr/bin/env bash
# CPU of livestreaming a 1280x720 @ 20 fps desktop: the gateway vs equivalent ffmpeg command lines (1 output, and
# 3 outputs of one display vs 3 processes). Needs xvfb, pulseaudio, nginx + libnginx-mod-rtmp. Figures are printed
# and written to target/livestream-bench.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -Dtest=LivestreamCpuBench -Dsurefire.failIfNoSpecifiedTests=false test
cat target/livestream-bench.txt
