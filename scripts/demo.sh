#!/usr/bin/env bash
# The main job on the bundled examples, end to end: check and test the
# gateway policies, build and sign the bundle, verify it, then run real
# requests through the gateway middleware (verified identity → signed policy
# → decision + audit record) and verify the audit log.
set -euo pipefail
cd "$(dirname "$0")/.."
policy() { node dist/src/cli/main.js "$@"; }
mkdir -p bundles

echo "== check"
policy check policies/

echo "== test (Rego unit tests and decision fixtures)"
policy test policies/

echo "== keys (a fresh demo signing key pair in bundles/keys)"
rm -rf bundles/keys
policy keygen -o bundles/keys --name demo

echo "== build + sign"
policy build policies/ -e gateway/authz/allow -e gateway/authz/reasons -o bundles/gateway.tar.gz \
  --signing-key bundles/keys/demo.private.pem --signing-key-id demo

echo "== verify"
policy verify bundles/gateway.tar.gz --verification-key bundles/keys/jwks.json

echo "== decisions through the gateway middleware"
node scripts/demo-gateway.mjs --bundle bundles/gateway.tar.gz --verification-key bundles/keys/jwks.json --audit bundles/demo-audit.jsonl
