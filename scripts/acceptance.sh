#!/usr/bin/env bash
# Trains the quick preset at K=4 for seeds 1..3 on both problems and prints the mean metrics
# (the core issue's acceptance figures). Usage: [ACCEPTANCE_THREADS=N] scripts/acceptance.sh [extra train flags]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cli="${MANIFOLDLAB_BUILD_DIR:-$root/build}/app/manifoldlab-cli"
out="${ACCEPTANCE_OUT:-$(mktemp -d)}"
for problem in sine robot-arm; do
  for seed in 1 2 3; do
    "$cli" train --problem "$problem" --preset quick --k 4 --seed "$seed" --threads "${ACCEPTANCE_THREADS:-2}" "$@" \
      --out "$out/$problem-$seed" > /dev/null 2>&1
  done
done
python3 - "$out" <<'PY'
import json, sys, statistics as st
out = sys.argv[1]
for problem in ("sine", "robot-arm"):
    ms = [json.load(open(f"{out}/{problem}-{s}/metrics.json")) for s in (1, 2, 3)]
    mean = lambda f: st.mean(f(m) for m in ms)
    sel1, sel4 = mean(lambda m: m["selected_resim_mse_by_k"][0]), mean(lambda m: m["selected_resim_mse_by_k"][3])
    or1, or4 = mean(lambda m: m["oracle_resim_mse_by_k"][0]), mean(lambda m: m["oracle_resim_mse_by_k"][3])
    print(f"{problem}: forward {mean(lambda m: m['forward_test_mse']):.3g}  selected k=1 {sel1:.3g}  k=4 {sel4:.3g} "
          f"(ratio {sel4/sel1:.2f})  oracle k=1 {or1:.3g}  k=4 {or4:.3g} (ratio {or4/or1:.2f})  "
          f"seconds {mean(lambda m: m['train_seconds']):.1f} (max {max(m['train_seconds'] for m in ms):.1f})")
    for s, m in zip((1, 2, 3), ms):
        print(f"  seed {s}: selected " + " ".join(f"{v:.3g}" for v in m["selected_resim_mse_by_k"]) +
              " | oracle " + " ".join(f"{v:.3g}" for v in m["oracle_resim_mse_by_k"]) +
              " | per network " + " ".join(f"{v:.2g}" for v in m["per_network_resim_mse"]) +
              f" | valid {m['valid_networks']} of {len(m['per_network_resim_mse'])}")
PY
echo "runs in $out"
