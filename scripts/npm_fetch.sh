# Sourced by scripts/setup.sh (and its test): the two ways setup talks to the npm registry.
# Both show npm's own error (a proxy's certificate, no network, an unknown version) and stop setup
# with a line naming what was being fetched; `--silent` used to hide that error, so a fresh machine
# behind a TLS-intercepting proxy failed with nothing but make's "Error 1".

# npm_pack SPEC: `npm pack` SPEC (name@version) into the current directory. npm checks the
# registry's sha512 of the tarball and never runs install scripts; callers check its sha256.
npm_pack() {
  npm pack --loglevel=error "$1" >/dev/null && return 0
  echo "setup: could not fetch $1 from the npm registry $(npm config get registry)" \
    "(npm's error is above; behind a proxy set npm's cafile or NODE_EXTRA_CA_CERTS)" >&2
  exit 1
}

# npm_ci_in DIR WHAT: `npm ci` of DIR's package.json and package-lock.json (every package's
# sha512 checked against the lock; no install scripts).
npm_ci_in() {
  (cd "$1" && npm ci --loglevel=error --ignore-scripts --no-audit --no-fund >/dev/null) && return 0
  echo "setup: could not install $2 with npm ci in $1 (npm's error is above)" >&2
  exit 1
}
