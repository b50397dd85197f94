#!/usr/bin/env bash
# Training speed benchmark: hyperlab's mlp against scikit-learn's MLPClassifier on the same work,
# side by side in one run (this machine's speed drifts, so only same-run ratios mean anything).
#
# Work: one hidden layer of 32 relu units, all 1797 rows of digits, sgd with momentum 0.9,
# learning rate 0.05, batch size 32, 100 epochs, l2 1e-4. Each side's best of 3 fits is used;
# data loading and standardization are not timed on either side in the training-only figures.
#
# Targets: hyperlab's training takes at most 1/25 of scikit-learn's fit() time; the whole
# `hyperlab train` process (start, loading digits.csv, standardizing, training, the chart) at most
# 1/15 of scikit-learn's fit() alone; with Adam (learning rate 0.001 on both sides) training at most
# 1/15; it reaches at least 25% of the single-core peak of the precision it trains in (the mlp trains
# in Float: 8 lanes per 256-bit register); the hyperlab process peaks below 64 MiB resident memory.
#
# Sets up scikit-learn in bench/.venv (pip from PyPI) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
venv="$root/bench/.venv"

echo "building (release)..."
swift build -c release --product hyperlab-bench-training >/dev/null
swift build -c release --product hyperlab >/dev/null
binary="$(swift build -c release --show-bin-path)/hyperlab-bench-training"
hyperlab="$(swift build -c release --show-bin-path)/hyperlab"

. "$root/bench/venv.sh"
sklearn_version=$("$venv/bin/python" -c "import sklearn; print(sklearn.__version__)")

value() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }

# Side by side, twice each, alternating; the best time of each side counts.
timefile=$(mktemp)
trap 'rm -f "$timefile"' EXIT
swift_out1=$(/usr/bin/time -v -o "$timefile" "$binary" "$root/Datasets" 3)
rss_kib=$(sed -n 's/.*Maximum resident set size (kbytes): *\([0-9]*\).*/\1/p' "$timefile")
sk_out1=$("$venv/bin/python" "$root/bench/training/sklearn_digits.py" "$root/Datasets" 3)
swift_out2=$("$binary" "$root/Datasets" 3)
sk_out2=$("$venv/bin/python" "$root/bench/training/sklearn_digits.py" "$root/Datasets" 3)
# The whole hyperlab process on the same work (wall-clock, best of 3, alternating with the fits above).
# `hints=off` skips the diagnosis's probe trainings, which scikit-learn's fit() has no counterpart for; the default
# process (with hints) is measured too and reported beside it.
whole() {
    local start end
    start=$(date +%s.%N)
    "$hyperlab" train --datasets "$root/Datasets" --dataset digits --model mlp --set hidden-layers=32 --set activation=relu \
        --set optimizer=sgd --set momentum=0.9 --set learning-rate=0.05 --set batch-size=32 --set epochs=100 --set l2=1e-4 \
        --set l1=0 --set validation-fraction=0 --set early-stopping=0 --set seed=0 --set hints="${1:-off}" >/dev/null
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}
whole_s=$( (whole; whole; whole) | sort -g | head -1)
whole_hints_s=$( (whole on; whole on; whole on) | sort -g | head -1)
load_ms=$(value digits_load_ms "$("$binary" "$root/Datasets" load)")
# Adam, side by side.
swift_adam1=$("$binary" "$root/Datasets" 3 adam)
sk_adam1=$("$venv/bin/python" "$root/bench/training/sklearn_digits.py" "$root/Datasets" 3 adam)
swift_adam2=$("$binary" "$root/Datasets" 3 adam)
sk_adam2=$("$venv/bin/python" "$root/bench/training/sklearn_digits.py" "$root/Datasets" 3 adam)
swift_adam=$(printf '%s\n%s\n' "$(value swift_seconds "$swift_adam1")" "$(value swift_seconds "$swift_adam2")" | sort -g | head -1)
sk_adam=$(printf '%s\n%s\n' "$(value sklearn_seconds "$sk_adam1")" "$(value sklearn_seconds "$sk_adam2")" | sort -g | head -1)
sk_single=$(OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 "$venv/bin/python" "$root/bench/training/sklearn_digits.py" "$root/Datasets" 3)

swift_s=$(printf '%s\n%s\n' "$(value swift_seconds "$swift_out1")" "$(value swift_seconds "$swift_out2")" | sort -g | head -1)
sk_default=$(printf '%s\n%s\n' "$(value sklearn_seconds "$sk_out1")" "$(value sklearn_seconds "$sk_out2")" | sort -g | head -1)
sk_one=$(value sklearn_seconds "$sk_single")
# Compare with scikit-learn's faster configuration (default threads or one thread).
sk_s=$(printf '%s\n%s\n' "$sk_default" "$sk_one" | sort -g | head -1)
flops=$(value flops "$swift_out1")
measured_peak=$(value measured_peak_gflops "$swift_out1")
mhz=$(awk -F: '/^cpu MHz/ {gsub(/ /, "", $2); print $2; exit}' /proc/cpuinfo)

awk -v sw="$swift_s" -v sk="$sk_s" -v skd="$sk_default" -v sk1="$sk_one" -v flops="$flops" -v mhz="$mhz" \
    -v mpeak="$measured_peak" -v rss="$rss_kib" -v acc="$(value train_accuracy "$swift_out1")" \
    -v skacc="$(value sklearn_train_accuracy "$sk_out1")" -v skv="$sklearn_version" \
    -v whole="$whole_s" -v wholehints="$whole_hints_s" -v swa="$swift_adam" -v ska="$sk_adam" -v load="$load_ms" '
BEGIN {
    gflops = flops / sw / 1e9
    nominal = mhz / 1000 * 2 * 8 * 2          # clock x 2 FMA units x 8 floats (256-bit AVX2) x 2 flops
    ratio = sk / sw
    printf "hyperlab mlp 64-32-10, digits 1797 rows, 100 epochs: %.1f ms (best of 6), train accuracy %s\n", sw * 1000, acc
    printf "scikit-learn %s MLPClassifier, same work: %.1f ms default threads, %.1f ms one thread (best of each), train accuracy %s\n", skv, skd * 1000, sk1 * 1000, skacc
    printf "training only, speed-up versus the faster scikit-learn fit(): %.1fx (target >= 25x)  %s\n", ratio, (ratio >= 25 ? "PASS" : "FAIL")
    printf "whole hyperlab train process (start, load, train, chart; --set hints=off): %.1f ms (best of 3) -> %.1fx faster than scikit-learn fit() alone (target >= 15x)  %s\n", whole * 1000, sk / whole, (sk / whole >= 15 ? "PASS" : "FAIL")
    printf "  the same with hints (the default: the diagnosis and its probe trainings): %.1f ms (best of 3) -> %.1fx (information)\n", wholehints * 1000, sk / wholehints
    printf "loading digits.csv (what use digits costs before drawing): %.2f ms median of 21 (target: use digits <= 20 ms)  %s\n", load, (load <= 20 ? "PASS" : "FAIL")
    printf "adam (learning rate 0.001), training only: hyperlab %.1f ms, scikit-learn fit() %.1f ms (default threads) -> %.1fx (target >= 15x)  %s\n", swa * 1000, ska * 1000, ska / swa, (ska / swa >= 15 ? "PASS" : "FAIL")
    printf "work: %.3g flops (2 per multiply-add of the matrix products, training and per-epoch loss) -> %.1f GFLOP/s\n", flops, gflops
    printf "single-core fp32 peak, nominal: %.0f MHz (cpu MHz in /proc/cpuinfo) x 2 FMA units x 8 floats x 2 flops = %.1f GFLOP/s -> %.0f%% of it (target >= 25%%)  %s\n", mhz, nominal, 100 * gflops / nominal, (gflops / nominal >= 0.25 ? "PASS" : "FAIL")
    printf "single-core fp32 peak, measured (12 independent 8-wide FMA chains; includes any boost clock): %.1f GFLOP/s -> %.0f%% of it  %s\n", mpeak, 100 * gflops / mpeak, (gflops / mpeak >= 0.25 ? "PASS" : "FAIL")
    printf "peak resident memory of the hyperlab run (/usr/bin/time -v): %.1f MiB (target < 64 MiB)  %s\n", rss / 1024, (rss / 1024 < 64 ? "PASS" : "FAIL")
}'
