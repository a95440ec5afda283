#!/usr/bin/env bash
# scripts/npm_fetch.sh: when the npm registry cannot be reached, setup stops with npm's own error
# and a line naming the package — not with make's bare "Error 1" (a fresh Debian 12 machine behind
# a TLS-intercepting proxy failed that way while `npm pack --silent` hid the cause).
set -uo pipefail
cd "$(dirname "$0")/../.."
command -v npm >/dev/null 2>&1 || { echo "npm_fetch_test: FAIL: npm is not installed" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Nothing listens on port 9 of loopback; no retries, an empty cache, so npm must ask the registry.
export npm_config_registry=http://127.0.0.1:9/ npm_config_fetch_retries=0 npm_config_cache=$work/cache
failures=0
expect() { # expect NAME STATUS STDERR_FILE PATTERN...
  local name=$1 status=$2 err=$3
  shift 3
  if ((status == 0)); then
    echo "FAIL $name: exited 0 with an unreachable registry" >&2
    failures=$((failures + 1))
  fi
  for pattern in "$@"; do
    if ! grep -q -- "$pattern" "$err"; then
      echo "FAIL $name: stderr lacks '$pattern':" >&2
      cat "$err" >&2
      failures=$((failures + 1))
    fi
  done
}

(cd "$work" && source "$OLDPWD/scripts/npm_fetch.sh" && npm_pack left-pad@1.3.0) 2>"$work/pack.err"
expect npm_pack $? "$work/pack.err" "could not fetch left-pad@1.3.0" "ECONNREFUSED"
[[ -z $(ls "$work"/*.tgz 2>/dev/null) ]] || { echo "FAIL npm_pack: left a tarball" >&2; failures=$((failures + 1)); }

mkdir -p "$work/app"
cat >"$work/app/package.json" <<'JSON'
{"name": "app", "version": "1.0.0", "dependencies": {"left-pad": "1.3.0"}}
JSON
cat >"$work/app/package-lock.json" <<'JSON'
{"name": "app", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
 "packages": {"": {"name": "app", "version": "1.0.0", "dependencies": {"left-pad": "1.3.0"}},
  "node_modules/left-pad": {"version": "1.3.0",
   "resolved": "http://127.0.0.1:9/left-pad/-/left-pad-1.3.0.tgz",
   "integrity": "sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQ9E6Q4vcGK8ZYEwvx3ZaLnJ+2ELSx+IOmvhTq/6r2/I2C1A=="}}}
JSON
(source scripts/npm_fetch.sh && npm_ci_in "$work/app" "the test app") 2>"$work/ci.err"
expect npm_ci_in $? "$work/ci.err" "could not install the test app with npm ci" "ECONNREFUSED"

((failures == 0)) && echo "npm_fetch_test: OK"
exit $((failures > 0))
