#!/usr/bin/env bash
# make bench: PostgreSQL (durable settings, as in production) and Azurite of their own, then the benchmark
# program, which prints its figures. Pass a benchmark's name to run only that one: scripts/bench.sh triggers
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root=$(repo_root)
cd "$root"
require_dotnet
require_node

state=.local/bench
if [[ "${1:-all}" == all || "${1:-}" == web ]]; then
  scripts/web.sh build
  scripts/web.sh chromium
fi
say "building the benchmarks (Release)"
dotnet build bench/Fixlify.Benchmarks/Fixlify.Benchmarks.csproj -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null \
  || { dotnet build bench/Fixlify.Benchmarks/Fixlify.Benchmarks.csproj -c Release -nologo -v quiet -clp:ErrorsOnly; die "the build failed"; }
pg_port=$(scripts/postgres.sh start "$state/pg")
storage=$(scripts/azurite.sh start "$state/azurite" --in-memory)
stop_services() {
  scripts/azurite.sh stop "$state/azurite" || true
  scripts/postgres.sh stop "$state/pg" || true
}
trap stop_services EXIT

export FIXLIFY_BENCH_PG_PORT="$pg_port"
export FIXLIFY_BENCH_AZURITE="$storage"
dotnet bench/Fixlify.Benchmarks/bin/Release/net10.0/Fixlify.Benchmarks.dll "${1:-all}"
