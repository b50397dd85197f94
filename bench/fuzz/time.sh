#!/bin/sh
# Times the lesson and question readers on FILE... in a release build without sanitizers:
#   bench/fuzz/time.sh FILE...
# Teaching and its dependencies are built in .build-timing; bench/fuzz/ReaderTiming.swift is
# linked against them. Prints, per file, the median of 5 reads as a lesson and as a question file.
set -eu
cd "$(dirname "$0")/../.."
build=.build-timing
swift build -c release --build-path "$build" --target Teaching
release="$build/release"
objects=$(find "$release/Teaching.build" "$release/Yams.build" "$release/CYaml.build" "$release/TerminalCharts.build" -name '*.o')
cyaml_map=$(find "$release" "$build/checkouts" -path '*CYaml*' -name module.modulemap 2>/dev/null | head -n 1)
swiftc -O bench/fuzz/ReaderTiming.swift -I "$release/Modules" -Xcc -fmodule-map-file="$cyaml_map" $objects -o "$build/reader-timing"
"$build/reader-timing" "$@"
