#!/usr/bin/env bash
# Times Porcupine (github.com/anishathalye/porcupine, the fastest widely used linearizability checker) on the
# very histories `consensus-sim bench --checker` times the lab's checker on, on this machine, and prints both.
#
#   PORCUPINE=/path/to/a/porcupine/checkout tests/perf/porcupine/compare.sh
#
# Needs Go (Debian: apt-get install golang-go) and a checkout of Porcupine: Go's module proxy may be out of
# reach, so the checkout is used in place of the module. Porcupine checks the partitions (keys) of a history
# in parallel, one goroutine each; the lab's checker uses one thread.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
: "${PORCUPINE:?set PORCUPINE to a checkout of github.com/anishathalye/porcupine}"
command -v go >/dev/null || { echo "error: go not found (Debian: apt-get install golang-go)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/main.go" "$work/"
cat > "$work/go.mod" <<MOD
module compare

go 1.18

require github.com/anishathalye/porcupine v0.0.0

replace github.com/anishathalye/porcupine => $PORCUPINE
MOD
(cd "$work" && GOFLAGS=-mod=mod go build -o porcupine-check .)
cargo build -q --release -p consensus-sim --manifest-path "$root/Cargo.toml"
echo "The lab's checker:"
"$root/target/release/consensus-sim" bench --checker --write "$work/histories"
echo "Porcupine, on the same histories (median of the three seeds; Unknown: over ${PORCUPINE_TIMEOUT_S:-30} s):"
for shape in $(ls "$work/histories" | sed -E 's/-s[0-9]+(-stale)?\.json$/\1/' | sort -u); do
  base="${shape%-stale}"
  stale=""
  [ "$shape" != "$base" ] && stale="-stale"
  "$work/porcupine-check" "$work/histories/$base"-s[0-9]"$stale".json | sort -t$'\t' -k3 -n | sed -n 2p |
    awk -F'\t' -v s="$shape" '{ printf "  %-18s %-8s %s\n", s, $2, $3 }'
done
