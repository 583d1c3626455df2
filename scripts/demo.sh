#!/usr/bin/env bash
# README command 1: install, build, generate a sample dataset, analyze it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
sample=build/sample-logs
[ -f "$sample/.answer-key.json" ] || build/logmill gen "$sample" --files 4 --lines 50000 --seed 1
echo "== logmill robots $sample (first 10 of $(build/logmill robots "$sample" | wc -l) hosts)"
build/logmill robots "$sample" | head -n 10
echo "== logmill count --by status $sample"
build/logmill count --by status --format table "$sample"
echo "== logmill top --by path -n 5 --stats $sample"
build/logmill top --by path -n 5 --format table --stats "$sample"
