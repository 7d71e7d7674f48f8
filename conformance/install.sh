#!/usr/bin/env bash
# Installs what the conformance adapters need beyond Deno:
# - the peers that run only under Node (conformance/adapters/node: aliyun-openapi), with
#   `npm ci` from the committed package-lock.json;
# - the toolchains and libraries of the non-JavaScript adapters (Go: aliyungo, Ruby:
#   fog-aliyun, Python: libcloud and lexicon), from Debian's apt.
# (The other JavaScript peers need no install: Deno fetches the npm versions pinned in
# conformance/adapters/deno.json.)
#
# Idempotent and non-interactive: what is already installed is left alone (no npm ci when
# node_modules matches the lockfile, no apt-get update when every package is there). Runs
# as root, or through sudo when it is available. Safe in CI (CI=true, no stdin).
set -euo pipefail

NODE_PEERS="$(cd "$(dirname "$0")" && pwd)/adapters/node"
# Up to date when every package of the lockfile is installed at its locked version.
if ! node -e '
  const dir = process.argv[1];
  const lock = require(dir + "/package-lock.json");
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === "") continue;
    try {
      if (require(dir + "/" + path + "/package.json").version !== entry.version) process.exit(1);
    } catch { process.exit(1); }
  }' "$NODE_PEERS" 2>/dev/null; then
  echo "install.sh: npm ci in conformance/adapters/node" >&2
  (cd "$NODE_PEERS" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error </dev/null)
fi

PACKAGES=(
  golang-go
  golang-github-denverdino-aliyungo-dev
  ruby
  ruby-fog-aliyun
  python3
  python3-libcloud
  python3-lexicon
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f '${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
  if [[ "$status" != ii* ]]; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install.sh: all conformance packages already installed" >&2
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install.sh: apt-get not found; install these packages by hand: ${missing[*]}" >&2
  exit 1
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo -n)
  else
    echo "install.sh: must run as root (or with sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi

echo "install.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
  "${missing[@]}" </dev/null
echo "install.sh: done" >&2
