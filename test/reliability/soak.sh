#!/usr/bin/env bash
# Runs the fault tests several times in a row (default 10), each time in a new shuffled order, while one
# CPU-bound process per core keeps the machine busy. Prints pass/fail per round; exits 1 if any round failed.
#   npm run test:soak            # 10 rounds
#   npm run test:soak -- 3       # 3 rounds
# Each round's output is kept in a temporary folder, named at the end.
set -u
cd "$(dirname "$0")/../.."
rounds="${1:-10}"
files=(
  test/reliability/crash-recovery.int.spec.ts
  test/reliability/concurrent-migrate.int.spec.ts
  test/reliability/shared-ledger.int.spec.ts
  test/reliability/recovery-proof.int.spec.ts
  packages/migrate-core/test/integration/cli.int.spec.ts
  packages/migrate-core/test/integration/engine-failures.int.spec.ts
  packages/migrate-core/test/integration/engine-concurrency.int.spec.ts
  packages/migrate-core/test/integration/engine-proof-partitions.int.spec.ts
)
logs="$(mktemp -d "${TMPDIR:-/tmp}/migrate-soak-XXXXXX")"

npm run build > "$logs/build.log" 2>&1 || { echo "build failed: $logs/build.log"; exit 1; }

hogs=()
stop_hogs() {
  for pid in "${hogs[@]}"; do kill "$pid" 2> /dev/null; done
  wait "${hogs[@]}" 2> /dev/null
}
trap stop_hogs EXIT
for _ in $(seq "$(nproc)"); do
  node -e 'for (;;) {}' &
  hogs+=($!)
done
echo "soak: $rounds rounds of ${#files[@]} test files, ${#hogs[@]} busy processes (pids ${hogs[*]}), logs in $logs"

passed=0
for round in $(seq "$rounds"); do
  seed=$((round * 7919))
  started=$SECONDS
  if npx vitest run --project integration --sequence.shuffle --sequence.seed "$seed" "${files[@]}" > "$logs/round-$round.log" 2>&1; then
    passed=$((passed + 1))
    verdict=pass
  else
    verdict="FAIL (see $logs/round-$round.log)"
  fi
  tests="$(sed 's/\x1b\[[0-9;]*m//g' "$logs/round-$round.log" | grep -E '^ +Tests ' | tr -s ' ' | sed 's/^ //')"
  echo "round $round/$rounds (seed $seed): $verdict in $((SECONDS - started)) s; $tests"
done
echo "soak: $passed of $rounds rounds passed"
[ "$passed" -eq "$rounds" ]
