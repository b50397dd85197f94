#!/bin/sh
# Tuning benchmarks, release build.
# Usage: bench/tuning/run.sh [all|suggest|suggest-scaling|grid-cv|gp-parts|branin-study|diagnosis]
#   suggest       one Bayesian-optimization suggestion with 50 observations (target <= 20 ms)
#   suggest-scaling  one suggestion at 50 ... 500 observations (targets <= 20 ms at 50, <= 100 ms at 300, <= 300 ms at 500)
#   grid-cv       7x7 grid of learning-rate x l2, 5-fold CV of logistic on breast-cancer, 200 epochs (target <= 2 s)
#   gp-parts      the Gaussian-process fit and 1000 predictions on their own
#   branin-study  median best over 30 seeds on Branin and Gramacy-Lee (search quality, not speed)
#   diagnosis     time from a finished training to its diagnosis (probes), default setup and digits mlp
set -e
cd "$(dirname "$0")/../.."
log=$(mktemp)
if ! swift build -c release --product hyperlab-bench-tuning >"$log" 2>&1; then cat "$log"; rm -f "$log"; exit 1; fi
rm -f "$log"
exec .build/release/hyperlab-bench-tuning "$@"
