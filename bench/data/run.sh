#!/usr/bin/env bash
# CSV loading benchmark: the whole `hyperlab train` process on a 200,000 x 20 numeric CSV (19 features
# and a numeric target, 6 decimals, about 40 MB), linear regression for one epoch, against a whole
# Python process running pandas.read_csv on the same file, alternating, best of 3 each (wall clock and
# CPU time, from /usr/bin/time). Then the peak resident memory of the same hyperlab run on 1,000,000 rows
# (about 190 MB of text; the feature matrix alone is 152 MB), and of pandas.read_csv and numpy.loadtxt,
# and of the load alone (hyperlab-bench-training DIR load FILE).
#
# Targets: hyperlab's whole process at most 0.5x the time of the pandas process (200,000 rows);
# peak memory at most 300 MiB (1,000,000 rows).
#
# Uses bench/.venv (pandas, numpy; set up by bench/venv.sh when missing:
# python3 -m venv, pip install scikit-learn pandas). Files are generated once in bench/.venv/data.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
venv="$root/bench/.venv"
python="$venv/bin/python"
. "$root/bench/venv.sh"
echo "building (release)..."
swift build -c release --product hyperlab >/dev/null
swift build -c release --product hyperlab-bench-training >/dev/null
hyperlab="$(swift build -c release --show-bin-path)/hyperlab"
loader="$(swift build -c release --show-bin-path)/hyperlab-bench-training"

data="$venv/data"
mkdir -p "$data"
generate() {  # rows file
    [ -f "$2" ] && return
    "$python" - "$1" "$2" <<'PY'
import sys
import numpy as np
rows, path = int(sys.argv[1]), sys.argv[2]
rng = np.random.default_rng(0)
x = rng.normal(size=(rows, 19)) * 10 + 50
y = x @ rng.normal(size=19) + rng.normal(size=rows)
header = ",".join([f"x{i}" for i in range(19)] + ["price"])
np.savetxt(path, np.column_stack([x, y]), fmt="%.6f", delimiter=",", header=header, comments="")
PY
}
small="$data/rows-200000.csv"
large="$data/rows-1000000.csv"
generate 200000 "$small"
generate 1000000 "$large"

timefile=$(mktemp)
trap 'rm -f "$timefile"' EXIT
# Prints "wall cpu max_rss_kib" of one command.
measure() {
    /usr/bin/time -f "%e %U %S %M" -o "$timefile" "$@" >/dev/null
    awk '{ printf "%s %.3f %s\n", $1, $2 + $3, $4 }' "$timefile"
}
# The timed runs skip the diagnosis's probe trainings (`hints=off`: pandas only reads); the memory run keeps the
# default (with hints), the larger of the two.
hyperlab_run() { measure "$hyperlab" train --dataset "$1" --model linear --set epochs=1 --set hints="${2:-off}"; }
pandas_run() { measure "$python" -c "import sys, pandas; pandas.read_csv(sys.argv[1])" "$1"; }
numpy_run() { measure "$python" -c "import sys, numpy; numpy.loadtxt(sys.argv[1], delimiter=',', skiprows=1)" "$1"; }

h=(); p=()
for _ in 1 2 3; do
    h+=("$(hyperlab_run "$small")")
    p+=("$(pandas_run "$small")")
done
best() { printf '%s\n' "$@" | sort -g -k"$K" | head -1 | cut -d' ' -f"$K"; }
K=1; hw=$(best "${h[@]}"); pw=$(best "${p[@]}")
K=2; hc=$(best "${h[@]}"); pc=$(best "${p[@]}")
big_h=$(hyperlab_run "$large" on)
small_hints=$(hyperlab_run "$small" on)
big_l=$(measure "$loader" "$root/Datasets" load "$large")
big_p=$(pandas_run "$large")
big_n=$(numpy_run "$large")
awk -v hw="$hw" -v pw="$pw" -v hc="$hc" -v pc="$pc" -v bh="$big_h" -v bp="$big_p" -v bn="$big_n" -v bl="$big_l" -v sh="$small_hints" 'BEGIN {
    printf "200,000 x 20 CSV, whole process: hyperlab train (load + 1 epoch linear) %.3f s wall, %.3f s CPU; python pandas.read_csv %.3f s wall, %.3f s CPU (best of 3 each)\n", hw, hc, pw, pc
    printf "  ratio hyperlab / pandas: %.2f wall, %.2f CPU (target <= 0.5)  %s\n", hw / pw, hc / pc, (hw / pw <= 0.5 ? "PASS" : "FAIL")
    split(sh, d, " ")
    printf "  with hints (the default: the diagnosis and its probe trainings): %.3f s wall, %.3f s CPU (information)\n", d[1], d[2]
    split(bh, a, " "); split(bp, b, " "); split(bn, c, " "); split(bl, l, " ")
    printf "1,000,000 x 20 CSV: hyperlab train %.2f s wall, peak %.0f MiB (target <= 300 MiB)  %s; pandas.read_csv %.2f s, %.0f MiB; numpy.loadtxt %.2f s, %.0f MiB\n", a[1], a[3] / 1024, (a[3] / 1024 <= 300 ? "PASS" : "FAIL"), b[1], b[3] / 1024, c[1], c[3] / 1024
    printf "  the load alone (DatasetCatalog.load in a small process): %.2f s wall, peak %.0f MiB (the feature matrix: 1,000,000 x 19 doubles = 145 MiB; target <= 1.5x = 217 MiB)  %s\n", l[1], l[3] / 1024, (l[3] / 1024 <= 217 ? "PASS" : "FAIL")
}'
