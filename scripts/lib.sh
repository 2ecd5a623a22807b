# Shared helpers for the scripts; sourced, not run.

say() { printf '[fixlify] %s\n' "$*" >&2; }
die() { printf '[fixlify] error: %s\n' "$*" >&2; exit 1; }

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

# A TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
  elif command -v node >/dev/null 2>&1; then
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
  else
    die "python3 or node is needed to pick a free port"
  fi
}

# Waits until something accepts connections on 127.0.0.1:$1 (at most $2 seconds).
# The port a previous run wrote to FILE when it is still free (so URLs that name it keep working), else a free one;
# writes the port chosen back to FILE.
sticky_port() {
  local file=$1 port=""
  [ -f "$file" ] && port=$(cat "$file")
  if [[ ! "$port" =~ ^[0-9]+$ ]] || (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    port=$(free_port)
  fi
  echo "$port" >"$file"
  echo "$port"
}

wait_for_port() {
  local port=$1 seconds=${2:-30} i
  for ((i = 0; i < seconds * 10; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

require_dotnet() {
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK is missing: install .NET 10 (https://dotnet.microsoft.com/download) and put 'dotnet' on PATH"
}

require_node() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
    || die "Node.js and npm are missing (Azurite runs on them): apt-get install -y nodejs npm, or install Node 20 from https://nodejs.org"
}
