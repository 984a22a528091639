#!/usr/bin/env bash
# Feed latency and CPU: the gateway's live feed vs a Node `ws` broadcast relay, side by side (see FeedLatencyBench).
set -euo pipefail
cd "$(dirname "$0")/.."
(cd bench/node-relay && [ -d node_modules ] || npm ci --silent --no-audit --no-fund)
./mvnw -q -B -DskipTests package
./mvnw -q -B test -Dtest=FeedLatencyBench -Dsurefire.failIfNoSpecifiedTests=false
sed -n '/feed latency:/,$p' target/surefire-reports/io.mediagateway.bench.FeedLatencyBench-output.txt
