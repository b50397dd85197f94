#!/usr/bin/env bash
# REPL speed and memory: (1) `set learning-rate` to finished chart, median; (2) start to first
# prompt; (3) resident memory of an idle REPL on a real terminal (tmux). Release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product hyperlab >/dev/null
swift build -c release --product hyperlab-bench-repl >/dev/null
bin=$(swift build -c release --show-bin-path)

echo "== 1. set learning-rate -> chart (default dataset and model); --json of a 100,000-epoch run"
"$bin/hyperlab-bench-repl"

echo "== 2. start to first prompt (target <= 30 ms)"
# A pseudo-terminal via tmux would add its own latency; instead time the whole life of a
# session that starts, reads `quit` and exits: an upper bound on the time to the first prompt.
home=$(mktemp -d)
export HOME=$home XDG_STATE_HOME=$home/state XDG_DATA_HOME=$home/data
times=()
for _ in $(seq 1 30); do
  start=$(date +%s%N)
  echo quit | "$bin/hyperlab" >/dev/null
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000 )))
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "start, read quit, exit: median %.1f ms (min %.1f, max %.1f) over %d runs\n", a[int((NR+1)/2)]/1000, a[1]/1000, a[NR]/1000, NR}'

echo "== 3. resident memory of an idle REPL (target <= 30 MiB)"
if command -v tmux >/dev/null; then
  sock=bench-repl-$$
  tmux -L "$sock" -f /dev/null new-session -d -x 100 -y 40 "env HOME=$home XDG_STATE_HOME=$home/state XDG_DATA_HOME=$home/data $bin/hyperlab"
  sleep 1
  pid=$(pgrep -n -f "$bin/hyperlab$" || true)
  [ -n "$pid" ] && awk '/VmRSS/ {printf "idle REPL at the prompt: %.1f MiB resident\n", $2/1024}' "/proc/$pid/status"
  tmux -L "$sock" send-keys "train" Enter
  sleep 1
  [ -n "$pid" ] && awk '/VmRSS/ {printf "after one training and chart: %.1f MiB resident\n", $2/1024}' "/proc/$pid/status"
  tmux -L "$sock" kill-server
else
  echo "tmux missing: skipped"
fi
rm -rf "$home"
