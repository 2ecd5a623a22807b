#!/usr/bin/env bash
# make run: PostgreSQL and Azurite of its own, migrations, a demo organization and a token, then the standalone
# host on http://127.0.0.1:7071 until Ctrl-C; stops what it started on the way out.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root=$(repo_root)
cd "$root"
require_dotnet
require_node

state=.local/run
say "building (Release)"
dotnet build Fixlify.Functions/Fixlify.Functions.csproj -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null \
  || { dotnet build Fixlify.Functions/Fixlify.Functions.csproj -c Release -nologo -v quiet -clp:ErrorsOnly; die "the build failed"; }

say "starting PostgreSQL (data in $state/pg)"
pg_port=$(scripts/postgres.sh start "$state/pg")
say "starting Azurite (data in $state/azurite)"
storage=$(scripts/azurite.sh start "$state/azurite")

stop_services() {
  scripts/azurite.sh stop "$state/azurite" || true
  scripts/postgres.sh stop "$state/pg" || true
  say "stopped PostgreSQL and Azurite"
}
trap stop_services EXIT
trap 'exit 130' INT TERM

db="Host=127.0.0.1;Port=$pg_port;Database=fixlify"
export Postgres__ConnectionString="$db;Username=fixlify_app"
export Postgres__ServiceConnectionString="$db;Username=fixlify_service"
export Postgres__MigrationConnectionString="$db;Username=fixlify"
export Durable__StorageConnectionString="$storage"

app=(dotnet Fixlify.Functions/bin/Release/net10.0/Fixlify.Functions.dll)
"${app[@]}" migrate >/dev/null
organization=$("${app[@]}" seed-demo)
token=$("${app[@]}" dev-token --org "$organization" --hours 24)
url=$(sed -n 's/.*"Standalone__Urls": *"\([^"]*\)".*/\1/p' local.settings.sample.json)

cat <<BANNER

  Fixlify Automation (standalone) on $url/api
  Demo organization: $organization
  Token (24 h):      $token

  Try:  curl $url/api/health
        curl -H "Authorization: Bearer \$TOKEN" $url/api/me
  psql: psql "host=127.0.0.1 port=$pg_port dbname=fixlify user=fixlify"
  Stop with Ctrl-C.

BANNER

"${app[@]}" standalone
