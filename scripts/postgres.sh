#!/usr/bin/env bash
# A private PostgreSQL cluster for development and tests.
#   postgres.sh start DIR [--fast]   initdb (first time) and start on a free loopback port; prints the port
#   postgres.sh stop DIR             stop it
#   postgres.sh restart DIR          stop it and start it again on the same port (a server restart, as in production)
# The superuser is 'fixlify' (trust authentication, loopback only). --fast turns off fsync: for tests only.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command=${1:-}; dir=${2:-}; fast=${3:-}
[ -n "$command" ] && [ -n "$dir" ] || die "usage: postgres.sh start|stop|restart DIR [--fast]"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

find_bindir() {
  local candidate
  if command -v pg_config >/dev/null 2>&1; then
    candidate=$(pg_config --bindir 2>/dev/null || true)
    [ -x "$candidate/initdb" ] && { echo "$candidate"; return 0; }
  fi
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) /usr/local/bin /usr/bin; do
    [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ] && { echo "$candidate"; return 0; }
  done
  return 1
}

bindir=$(find_bindir || true)
if [ -z "$bindir" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "PostgreSQL server binaries not found: installing the 'postgresql' package with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }
    bindir=$(find_bindir || true)
  fi
  [ -n "$bindir" ] || die "PostgreSQL server binaries (initdb, pg_ctl) are missing: sudo apt-get install -y postgresql (Debian/Ubuntu), or brew install postgresql@15 (macOS)"
fi

# initdb and the server refuse to run as root: as root, run them as the 'postgres' system user on a folder it
# owns. When that user cannot reach DIR (a checkout under /root, say), the data lives under /tmp, linked from DIR.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

data="$dir/data"
if [ "$command" = start ] && [ ! -e "$data" ]; then
  if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$dir" 2>/dev/null; then
    ln -s "$(mktemp -d /tmp/fixlify-pg.XXXXXX)" "$data"
  else
    mkdir -p "$data"
  fi
  [ "$(id -u)" = 0 ] && chown postgres "$(readlink -f "$data")"
  chmod 700 "$(readlink -f "$data")"
fi

case "$command" in
  start)
    if [ -f "$data/PG_VERSION" ] && as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      cat "$dir/port"
      exit 0
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
      as_owner "$bindir/initdb" -D "$data" -U fixlify -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb failed (log above)"; }
    fi
    port=$(free_port)
    socket_dir="$(readlink -f "$data")"
    settings="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$socket_dir -c max_connections=300"
    if [ "$fast" = --fast ]; then
      settings="$settings -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    touch "$dir/server.log"
    [ "$(id -u)" = 0 ] && chown postgres "$dir/server.log"
    as_owner "$bindir/pg_ctl" -D "$data" -o "$settings" -l "$dir/server.log" -w -t 60 start >/dev/null \
      || { tail -n 20 "$dir/server.log" >&2; die "PostgreSQL did not start (log above)"; }
    echo "$port" >"$dir/port"
    echo "$port"
    ;;
  stop)
    if [ -f "$data/PG_VERSION" ]; then
      as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    ;;
  restart)
    # pg_ctl restart keeps the options the server was started with (postmaster.opts): the same port and settings.
    as_owner "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 -l "$dir/server.log" restart >/dev/null \
      || { tail -n 20 "$dir/server.log" >&2; die "PostgreSQL did not restart (log above)"; }
    ;;
  *) die "usage: postgres.sh start|stop|restart DIR [--fast]" ;;
esac
