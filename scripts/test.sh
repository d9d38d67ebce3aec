#!/usr/bin/env bash
# Runs every test: typecheck, lint, unit, integration (real PostgreSQL, PGlite, Redis) and
# e2e (real Asterisk + SIPp calls). Installs what is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
echo "[test] typecheck"; npx tsc -p tsconfig.json --noEmit
echo "[test] lint"; npx eslint .

mkdir -p test-results
status=0
for project in unit integration e2e; do
  echo "[test] $project"
  lock=()
  # one Asterisk serves the loopback ports: e2e runs of several checkouts take turns
  [[ $project == e2e ]] && lock=(flock -o /tmp/hotline12345-e2e.lock)
  "${lock[@]}" npx vitest run --project "$project" --reporter=default --reporter=json --outputFile="test-results/$project.json" || status=1
done

# One closing line for all three runs: "N passed, N failed".
node -e '
  let passed = 0, failed = 0, skipped = 0;
  for (const p of ["unit", "integration", "e2e"]) {
    try {
      const r = JSON.parse(require("fs").readFileSync(`test-results/${p}.json`, "utf8"));
      passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + r.numTodoTests;
    } catch { failed += 1; console.log(`[test] no results for ${p}`); }
  }
  console.log(`tests: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
'
exit $status
