#!/usr/bin/env bash
# Peer benchmark: SDEverywhere (npm @sdeverywhere/compile + @sdeverywhere/runtime, JS target) on the
# same XMILE model as `observatory bench scenarios`. Installs into a temporary directory (nothing is
# committed), compares every output at every saved time with our engine, and prints run times.
#
# Usage: bench/sdeverywhere/run.sh [model.xmile] [runs]
# Needs node >= 18, npm, and a built observatory (target/classes + dependencies) or ./observatory.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
model="${1:-$repo/src/main/resources/scenarios/models/paper1-two-way-empowerment.xmile}"
runs="${2:-1000}"
work="$(mktemp -d -t sde-peer.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# @sdeverywhere/compile depends on xlsx through a CDN tarball that is not on the npm registry; the
# benchmark models read no Excel data, so a stub package stands in for it (any use throws).
mkdir -p "$work/xlsx-shim"
cat > "$work/xlsx-shim/package.json" <<'JSON'
{"name":"xlsx","version":"0.0.0-shim","main":"index.js"}
JSON
cat > "$work/xlsx-shim/index.js" <<'JS'
const no = () => { throw new Error('xlsx is not available in this benchmark environment') }
module.exports = { set_fs() {}, readFile: no, utils: { decode_cell: no, encode_cell: no, decode_col: no, decode_row: no } }
JS
cat > "$work/package.json" <<'JSON'
{"name":"sde-peer","private":true,"type":"module",
 "dependencies":{"@sdeverywhere/compile":"0.7.28","@sdeverywhere/runtime":"0.2.6"},
 "overrides":{"xlsx":"file:./xlsx-shim"}}
JSON
cp "$here/peer.mjs" "$work/"
(cd "$work" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
echo "SDEverywhere $(node -p "require('$work/node_modules/@sdeverywhere/compile/package.json').version") on node $(node --version)"

ranges=("spillover rate=0.04:0.12" "base NQPF growth=0.03:0.07" "cooperation openness=0.7:1.3" "sanction severity=0:0.8" "market growth rate=0.04:0.12")
(cd "$work" && node peer.mjs "$model" "$work/build" "$work/sde.csv" "$runs" "${ranges[@]}") | tee "$work/sde.json"

# our engine on the same model
if "$repo/observatory" simulate --help 2>&1 | grep -q -- "--method"; then
  "$repo/observatory" simulate "$model" --out "$work/ours.csv" 2>/dev/null
else # before the command is registered in the launcher: run the class from the jar
  [ -f "$repo/target/observatory.jar" ] || (cd "$repo" && mvn -B -q -DskipTests package)
  java -cp "$repo/target/observatory.jar" org.aigov.observatory.scenarios.SimulateCommand "$model" --out "$work/ours.csv" 2>/dev/null
fi
echo "comparison (ours vs SDEverywhere, all shared variables at all saved times):"
node "$here/compare.mjs" "$work/ours.csv" "$work/sde.csv"
