#!/bin/sh
# Moves the cross-validation, curve and model-objective code into the Tuning target once `main`
# (merged into this branch) has the Learning module, and switches Tuning to Learning's public
# SeededGenerator. Run from the package root: bench/tuning/pending/apply.sh
set -e
cd "$(dirname "$0")/../../.."
p=bench/tuning/pending
for f in Sources/Tuning/*.swift Tests/TuningTests/*.swift; do
  sed -i -E 's/SeededRandom\.stream\(seed: ([^,]+), ([0-9]+)\)/SeededGenerator(seed: \1, stream: \2)/g; s/SeededRandom\(seed: /SeededGenerator(seed: /g; s/inout SeededRandom/inout SeededGenerator/g; s/rng\.unit\(\)/rng.nextUnit()/g; s/rng\.index\(below: /rng.below(/g' "$f"
done
git rm -qf Sources/Tuning/SeededRandom.swift
for f in $(grep -l "SeededGenerator" Sources/Tuning/*.swift Tests/TuningTests/*.swift); do
  grep -q "^import Learning" "$f" || python3 - "$f" <<'PY'
import sys
p = sys.argv[1]
lines = open(p).read().split('\n')
imports = [i for i, l in enumerate(lines) if l.startswith('import ')]
if imports:
    block = sorted(set([lines[i] for i in imports] + ['import Learning']))
    rest = [l for i, l in enumerate(lines) if i not in imports]
    lines = rest[:imports[0]] + block + rest[imports[0]:]
else:
    lines = ['import Learning', ''] + lines
open(p, 'w').write('\n'.join(lines))
PY
done
git mv $p/ModelEvaluation.swift $p/Curves.swift Sources/Tuning/
git mv $p/ModelEvaluationTests.swift Tests/TuningTests/
mv $p/bench-main.swift bench/tuning/Sources/main.swift
git rm -q $p/apply.sh
