#!/usr/bin/env bash
# Installs what the browser tests need on a fresh Debian/Ubuntu machine: Debian's Chromium
# (driven by Playwright for Python, which never downloads a browser here), CJK fonts for the
# Chinese pages, poppler's pdftotext for the print test, and axe-core from the npm registry at
# the version pinned in package-lock.json.  Idempotent and quiet: does nothing when all is there.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
fc-list : family 2>/dev/null | grep -i "noto sans cjk" >/dev/null || missing+=(fonts-noto-cjk)  # no -q: SIGPIPE + pipefail
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup.sh: need root to install ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  echo "tests/browser/setup.sh: installing ${missing[*]} (apt)" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq >/dev/null
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

version_of() {  # the "version" of a package.json file, or nothing
  [ -f "$1" ] || return 0
  sed -n 's/^  "version": "\([^"]*\)".*/\1/p' "$1" | head -n 1
}
wanted=$(sed -n 's/.*"axe-core": "\([^"]*\)".*/\1/p' package.json)
installed=$(version_of node_modules/axe-core/package.json)
if [ ! -f node_modules/axe-core/axe.min.js ] || [ "$installed" != "$wanted" ]; then
  npm ci --no-audit --no-fund --silent
fi
