#!/bin/sh
# Builds the libFuzzer target for the lesson and question readers and runs it.
#   bench/fuzz/run.sh [SECONDS] [libFuzzer options...]     (default 60 s)
# Teaching, Yams and TerminalCharts are compiled with coverage instrumentation into .build-fuzz,
# then bench/fuzz/ReaderFuzzer.swift is linked against them with -sanitize=fuzzer,address.
# Crashing inputs are written to bench/fuzz/artifacts/; the corpus grows in .build-fuzz/corpus
# (seeded with the shipped lessons and question files).
set -eu
cd "$(dirname "$0")/../.."
seconds=${1:-60}
[ $# -gt 0 ] && shift
build=.build-fuzz
swift build -c release --build-path "$build" --target Teaching \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xcc -fsanitize=fuzzer-no-link,address
release="$build/release"
objects=$(find "$release/Teaching.build" "$release/Yams.build" "$release/CYaml.build" "$release/TerminalCharts.build" -name '*.o')
cyaml_map=$(find "$release" "$build/checkouts" -path '*CYaml*' -name module.modulemap 2>/dev/null | head -n 1)
swiftc -O -sanitize=fuzzer,address -parse-as-library bench/fuzz/ReaderFuzzer.swift \
    -I "$release/Modules" -Xcc -fmodule-map-file="$cyaml_map" $objects -o "$build/reader-fuzzer"
mkdir -p "$build/corpus" bench/fuzz/artifacts
cp Lessons/*.md Lessons/quiz/*.yaml "$build/corpus/"
"$build/reader-fuzzer" -max_total_time="$seconds" -timeout=2 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix=bench/fuzz/artifacts/ "$@" "$build/corpus"
