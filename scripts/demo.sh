#!/usr/bin/env bash
# The main job on the bundled examples, end to end as it stands: check the
# policies, compile them to WASM, and evaluate real requests with the
# compiled module through @open-policy-agent/opa-wasm.
set -euo pipefail
cd "$(dirname "$0")/.."
policy() { node dist/src/cli/main.js "$@"; }
mkdir -p bundles

echo "== check"
policy check policies/

echo "== compile"
policy compile policies/ -e gateway/authz/allow -e gateway/authz/reasons -o bundles/gateway.wasm

for example in policies/gateway/examples/*.json; do
  echo "== decide: $(basename "$example" .json)"
  echo -n "allow:   "; policy eval --compact -m bundles/gateway.wasm -e gateway/authz/allow --data-dir policies/ -i "$example"
  echo -n "reasons: "; policy eval --compact -m bundles/gateway.wasm -e gateway/authz/reasons --data-dir policies/ -i "$example"
done
