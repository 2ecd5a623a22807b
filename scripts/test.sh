#!/usr/bin/env bash
# make test: compiles the infrastructure (Bicep, no warnings), tests and builds the web app (Vitest, then types from the
# committed OpenAPI document, tsc and vite; npm ci first when its lockfile changed), installs Debian's chromium for the
# browser tests when it is missing, starts a fresh PostgreSQL cluster and Azurite for the tests, then `dotnet test`;
# stops them afterwards.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root=$(repo_root)
cd "$root"
require_dotnet
require_node

say "compiling the infrastructure (infra/main.bicep)"
FIXLIFY_ARM_TEMPLATE=$(scripts/bicep.sh)
export FIXLIFY_ARM_TEMPLATE

scripts/web.sh test
scripts/web.sh chromium

state=.local/test
scripts/postgres.sh stop "$state/pg" >/dev/null 2>&1 || true
scripts/azurite.sh stop "$state/azurite" >/dev/null 2>&1 || true
rm -rf "$state"

say "starting PostgreSQL and Azurite for the tests"
pg_port=$(scripts/postgres.sh start "$state/pg" --fast)
storage=$(scripts/azurite.sh start "$state/azurite" --in-memory)
stop_services() {
  scripts/azurite.sh stop "$state/azurite" || true
  scripts/postgres.sh stop "$state/pg" || true
}
trap stop_services EXIT

export FIXLIFY_TEST_PG_PORT="$pg_port"
export FIXLIFY_TEST_AZURITE="$storage"
# The whole console output is kept; when a test fails, its name, message and stack are printed again at the end, where a
# CI log's tail shows them.
log="$state/dotnet-test.log"
status=0
dotnet test Fixlify.sln -c Release -nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
  say "failed tests (again, from $log):"
  awk '/^  Failed /{keep=1; n=0} /^  (Passed|Skipped) /{keep=0} keep && n++ < 40' "$log" || true
fi
exit "$status"
