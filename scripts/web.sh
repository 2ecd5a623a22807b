#!/usr/bin/env bash
# The web app (Fixlify.Web): scripts/web.sh deps | build | test | chromium
#   deps      npm ci when package-lock.json changed since the last install (or node_modules is missing)
#   build     deps, then `npm run build` when a source changed since the last build (stamp in .local/web-build.stamp)
#   test      deps, then the Vitest tests, ESLint (`npm run lint`) and `npm run build` (always)
#   chromium  installs Debian's chromium with apt-get when /usr/bin/chromium is missing (the browser tests drive it;
#             FIXLIFY_CHROMIUM names another Chromium-based browser to drive instead)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root=$(repo_root)
web="$root/Fixlify.Web"
stamp="$root/.local/web-build.stamp"

fingerprint() { (cd "$web" && find "$@" -type f -print0 2>/dev/null | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1); }

deps() {
  require_node
  local want have=""
  want=$(fingerprint package-lock.json)
  [ -f "$web/node_modules/.fixlify-lock" ] && have=$(cat "$web/node_modules/.fixlify-lock")
  if [[ "$want" != "$have" ]]; then
    say "installing the web app's packages (npm ci)"
    (cd "$web" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in Fixlify.Web"
    echo "$want" >"$web/node_modules/.fixlify-lock"
  fi
}

sources() { fingerprint src index.html package.json package-lock.json tsconfig.json vite.config.ts; }

build() {
  deps
  local want have=""
  want=$(sources)
  [ -f "$stamp" ] && [ -f "$web/dist/index.html" ] && have=$(cat "$stamp")
  if [[ "$want" != "$have" ]]; then
    say "building the web app (Fixlify.Web)"
    (cd "$web" && npm run build --silent >"$root/.local/web-build.log" 2>&1) || { cat "$root/.local/web-build.log" >&2; die "the web app's build failed"; }
    echo "$want" >"$stamp"
  fi
}

test_web() {
  deps
  say "web app: Vitest tests, ESLint, then the build (types from src/api/openapi.json, tsc, vite)"
  (cd "$web" && npm test --silent && npm run lint --silent && npm run build --silent) || die "the web app's tests, lint or build failed"
  sources >"$stamp"
}

chromium() {
  [ -x "${FIXLIFY_CHROMIUM:-/usr/bin/chromium}" ] && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's chromium for the browser tests (apt-get, first run only)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1 \
      || die "apt-get could not install chromium"
  else
    die "/usr/bin/chromium is missing: the browser tests need Debian's chromium (apt-get install chromium, as root)"
  fi
}

mkdir -p "$root/.local"
case "${1:-}" in
  deps) deps ;;
  build) build ;;
  test) test_web ;;
  chromium) chromium ;;
  *) die "usage: scripts/web.sh deps|build|test|chromium" ;;
esac
