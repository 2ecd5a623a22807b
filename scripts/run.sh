#!/usr/bin/env bash
# make run: PostgreSQL and Azurite of its own, migrations, a demo organization and a token, the web app (built when its
# sources changed), then the standalone host on http://127.0.0.1:7071 (or Standalone__Urls) until Ctrl-C; stops what it
# started on the way out. OBSERVE=1 (make run OBSERVE=1) also starts the Aspire dashboard and sends it the app's traces
# and metrics over OTLP.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root=$(repo_root)
cd "$root"
require_dotnet
require_node

state=.local/run
scripts/web.sh build
say "building (Release)"
for project in Fixlify.Functions/Fixlify.Functions.csproj tools/Fixlify.DevPeers/Fixlify.DevPeers.csproj; do
  dotnet build "$project" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null \
    || { dotnet build "$project" -c Release -nologo -v quiet -clp:ErrorsOnly; die "the build of $project failed"; }
done

say "starting PostgreSQL (data in $state/pg)"
pg_port=$(scripts/postgres.sh start "$state/pg")
say "starting Azurite (data in $state/azurite)"
storage=$(scripts/azurite.sh start "$state/azurite")

peers_pid=
stop_services() {
  if [[ "${OBSERVE:-}" == 1 ]]; then scripts/aspire.sh stop "$state/aspire"; fi
  if [[ -n "$peers_pid" ]]; then
    kill "$peers_pid" 2>/dev/null || true
    wait "$peers_pid" 2>/dev/null || true
  fi
  scripts/azurite.sh stop "$state/azurite" || true
  scripts/postgres.sh stop "$state/pg" || true
  say "stopped the local peers, PostgreSQL and Azurite"
}
trap stop_services EXIT
trap 'exit 130' INT TERM

# Local stand-ins for the SMTP relay, Telnyx and the push services: what the app sends is printed to peers.log.
# The same ports as last time when they are free: webhook URLs saved in workflows (…/hooks/<name>) keep working.
smtp_port=$(sticky_port "$state/smtp.port")
http_port=$(sticky_port "$state/http.port")
while [[ "$http_port" == "$smtp_port" ]]; do rm -f "$state/http.port"; http_port=$(sticky_port "$state/http.port"); done
peers_log="$state/peers.log"
url=$(sed -n 's/.*"Standalone__Urls": *"\([^"]*\)".*/\1/p' local.settings.sample.json)
url=${Standalone__Urls:-$url}
say "starting the local peers (SMTP :$smtp_port, Telnyx and push :$http_port; messages in $peers_log)"
rm -f "$state/telnyx.pub"
dotnet tools/Fixlify.DevPeers/bin/Release/net10.0/Fixlify.DevPeers.dll --smtp-port "$smtp_port" --http-port "$http_port" \
  --app-url "$url" --telnyx-key-file "$state/telnyx.pub" >>"$peers_log" 2>&1 &
peers_pid=$!
wait_for_port "$smtp_port" 30 && wait_for_port "$http_port" 30 || die "the local peers did not start (see $peers_log)"

db="Host=127.0.0.1;Port=$pg_port;Database=fixlify"
export Postgres__ConnectionString="$db;Username=fixlify_app"
export Postgres__ServiceConnectionString="$db;Username=fixlify_service"
export Postgres__MigrationConnectionString="$db;Username=fixlify"
export Durable__StorageConnectionString="$storage"
export Smtp__Host=127.0.0.1 Smtp__Port="$smtp_port" Smtp__TlsMode=None
export Telnyx__BaseUrl="http://127.0.0.1:$http_port"
# The peers sign the replies they post to /api/sms/inbound (POST http://127.0.0.1:$http_port/dev/reply) with this key.
export Telnyx__PublicKey="$(cat "$state/telnyx.pub")"
# Local development only: webhooks and API calls may reach loopback (the peers); private ranges stay refused.
export Http__AllowLoopback=true

observe=""
if [[ "${OBSERVE:-}" == 1 ]]; then
  say "starting the Aspire dashboard (traces and metrics)"
  read -r dashboard_url otlp_endpoint < <(scripts/aspire.sh start "$state/aspire")
  export OTEL_EXPORTER_OTLP_ENDPOINT="$otlp_endpoint" OTEL_SERVICE_NAME=fixlify-automation
  observe="  Traces and metrics (Aspire dashboard): $dashboard_url  (an execution's screen shows its trace id)
"
fi

app=(dotnet Fixlify.Functions/bin/Release/net10.0/Fixlify.Functions.dll)
"${app[@]}" migrate >/dev/null
organization=$("${app[@]}" seed-demo)
token=$("${app[@]}" dev-token --org "$organization" --hours 24)
# Where the host really listens: Standalone__Urls from the environment, else local.settings.json, else the sample's.
setting() { [ -f "$1" ] && sed -n 's/.*"Standalone__Urls": *"\([^"]*\)".*/\1/p' "$1" || true; }
urls=${Standalone__Urls:-$(setting local.settings.json)}
urls=${urls:-$(setting local.settings.sample.json)}
url=${urls%%;*}
url=${url%/}
url=$(sed -E 's#//(\*|\+|0\.0\.0\.0|\[::\])(:|/|$)#//127.0.0.1\2#' <<<"$url")

cat <<BANNER

  Fixlify Automation (standalone) on $url
  Sign in to the web app (the demo organization, 24 h; the token stays in the #fragment, never sent to the server):
    $url/#token=$token

  API on $url/api
  Demo organization: $organization
  Token (24 h):      $token

  Try:  curl $url/api/health
        curl -H "Authorization: Bearer \$TOKEN" $url/api/me
  psql: psql "host=127.0.0.1 port=$pg_port dbname=fixlify user=fixlify"
  Messages the app sends (email to SMTP 127.0.0.1:$smtp_port, SMS to a Telnyx stub and Web Push to
  http://127.0.0.1:$http_port/push/...) and webhooks to http://127.0.0.1:$http_port/hooks/<name>
  are printed, one line each, to:  tail -f $peers_log
  Answer the last text as the client would (a signed Telnyx webhook to /api/sms/inbound):
        curl -d '{"text": "C"}' http://127.0.0.1:$http_port/dev/reply
$observe  Stop with Ctrl-C.

BANNER

"${app[@]}" standalone
