#!/bin/bash
# Checks that two hyperlab binaries (e.g. before and after a change to the engine) train bit-identical
# runs: the same epoch histories (every loss and accuracy, compared exactly after Python's correctly
# rounded float parsing) on runs covering adam, momentum sgd with l2, the one-output models, and
# full-batch training (whose epochs reuse the forward pass of the loss measurement).
# Usage: bench/training/same-results.sh OLD_BINARY NEW_BINARY   (exit status 1 when a run differs)
set -uo pipefail
old=$1; new=$2
datasets="$(cd "$(dirname "$0")/../.." && pwd)/Datasets"
run() { "$1" train --datasets "$datasets" "${@:2}" --json; }
status=0
while read -r args; do
  a=$(run "$old" $args 2>&1); b=$(run "$new" $args 2>&1)
  python3 - "$args" <<PY || status=1
import json,sys
a=json.loads('''$a'''); b=json.loads('''$b''')
same = a["history"] == b["history"]
print(("SAME " if same else "DIFFERENT ") + sys.argv[1], len(a["history"]), a["history"][-1]["train_loss"], b["history"][-1]["train_loss"])
sys.exit(0 if same else 1)
PY
done <<RUNS
--dataset digits --model mlp --set optimizer=adam --set epochs=15
--dataset digits --model mlp --set optimizer=sgd --set momentum=0.9 --set learning-rate=0.05 --set l2=1e-4 --set epochs=15
--dataset breast-cancer --model logistic --set epochs=60
--dataset breast-cancer --model logistic --set optimizer=adam --set epochs=60 --set batch-size=16
--dataset diabetes --model linear --set epochs=60 --set momentum=0.9 --set l2=0.01 --set batch-size=8
--dataset diabetes --model linear --set epochs=60 --set degree=2
--dataset iris --model softmax --set optimizer=adam --set epochs=60
--dataset diabetes --model mlp --set optimizer=adam --set epochs=30 --set hidden-layers=16
--dataset digits --model mlp --set batch-size=full --set epochs=20 --set activation=tanh
--dataset iris --model softmax --set batch-size=full --set epochs=60
--dataset diabetes --model linear --set batch-size=full --set epochs=60 --set degree=2 --set l1=0.01
RUNS
exit $status
