#!/bin/sh
# Builds the charts benchmark in release mode and runs it.
# Usage: bench/charts/run.sh [renders per case, default 2000]
set -e
cd "$(dirname "$0")/../.."
swift build -c release --product hyperlab-bench-charts
exec .build/release/hyperlab-bench-charts "$@"
