#!/usr/bin/env bash
# Azurite (the Azure Storage emulator, from npm) for the Durable Task hub.
#   azurite.sh start DIR [--in-memory]   start on free loopback ports; prints the storage connection string
#   azurite.sh stop DIR
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command=${1:-}; dir=${2:-}; mode=${3:-}
[ -n "$command" ] && [ -n "$dir" ] || die "usage: azurite.sh start|stop DIR [--in-memory]"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
tools="$(repo_root)/scripts/azurite"

case "$command" in
  start)
    if [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
      cat "$dir/connection"
      exit 0
    fi
    require_node
    if [ ! -x "$tools/node_modules/.bin/azurite" ]; then
      say "installing Azurite from npm (first run only)"
      (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || die "npm could not install Azurite (scripts/azurite/package.json)"
    fi
    blob=$(free_port); queue=$(free_port); table=$(free_port)
    while [ "$queue" = "$blob" ]; do queue=$(free_port); done
    while [ "$table" = "$blob" ] || [ "$table" = "$queue" ]; do table=$(free_port); done
    persistence=(--location "$dir/data")
    [ "$mode" = --in-memory ] && persistence=(--inMemoryPersistence)
    # In a session of its own (Ctrl-C on `make run` must not kill it before the app has stopped); the pid
    # written is that of the session leader, which execs into Azurite.
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$dir/pid" "$tools/node_modules/.bin/azurite" --silent --skipApiVersionCheck \
      --disableProductStyleUrl "${persistence[@]}" \
      --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" --tableHost 127.0.0.1 --tablePort "$table" \
      >"$dir/azurite.log" 2>&1 </dev/null &
    for _ in $(seq 50); do [ -s "$dir/pid" ] && break; sleep 0.1; done
    for port in "$blob" "$queue" "$table"; do
      wait_for_port "$port" 60 || { cat "$dir/azurite.log" >&2; die "Azurite did not start (log above)"; }
    done
    key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
    echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;" >"$dir/connection"
    cat "$dir/connection"
    ;;
  stop)
    if [ -f "$dir/pid" ]; then
      pid=$(cat "$dir/pid")
      kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
      # Azurite closes its three services gracefully on SIGTERM (saving its data) and says so in its log, but once it
      # has served a request its process lingers afterwards; so wait for the three "successfully closed" lines (or
      # the exit), at most 15 s, then end the process.
      for _ in $(seq 150); do
        kill -0 "$pid" 2>/dev/null || break
        [ "$(grep -c 'service successfully closed' "$dir/azurite.log" 2>/dev/null)" -ge 3 ] && break
        sleep 0.1
      done
      kill -9 -- "-$pid" 2>/dev/null || true
      rm -f "$dir/pid"
    fi
    ;;
  *) die "usage: azurite.sh start|stop DIR [--in-memory]" ;;
esac
