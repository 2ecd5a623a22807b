#!/usr/bin/env bash
# The Aspire dashboard (a local trace, metric and log viewer) for `make run OBSERVE=1`:
#   scripts/aspire.sh start DIR   restores Aspire.Dashboard.Sdk.linux-x64 from NuGet once (into .local/tools/aspire), starts
#                                 the dashboard on free loopback ports (unsecured: loopback only, local development) and
#                                 prints "<dashboard url> <OTLP gRPC endpoint>"; its pid and log go to DIR
#   scripts/aspire.sh stop DIR    stops it
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root=$(repo_root)
cd "$root"

version=13.6.5
package=Aspire.Dashboard.Sdk.linux-x64
tools=.local/tools/aspire
command=${1:-}
dir=${2:-.local/run/aspire}

find_dashboard() {
  find "$tools/packages/${package,,}/$version/tools" -maxdepth 1 -type f -name Aspire.Dashboard 2>/dev/null | head -n 1 || true
}

case "$command" in
  start)
    [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || die "the NuGet Aspire dashboard here is for linux-x64"
    dashboard=$(find_dashboard)
    if [ -z "$dashboard" ]; then
      require_dotnet
      say "restoring the Aspire dashboard $version from NuGet (first run only)"
      mkdir -p "$tools/restore"
      # A project of its own, shielded from the repository's Directory.*.props (central package management).
      for file in Directory.Build.props Directory.Build.targets Directory.Packages.props; do echo '<Project />' >"$tools/restore/$file"; done
      cat >"$tools/restore/restore.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="$package" Version="[$version]" />
  </ItemGroup>
</Project>
PROJECT
      dotnet restore "$tools/restore/restore.csproj" --packages "$tools/packages" -nologo -v quiet >"$tools/restore.log" 2>&1 \
        || { cat "$tools/restore.log" >&2; die "could not restore $package $version from NuGet (log above)"; }
      dashboard=$(find_dashboard)
      [ -n "$dashboard" ] || die "$package $version restored, but it holds no Aspire.Dashboard executable"
    fi
    chmod +x "$dashboard"
    mkdir -p "$dir"
    ui=$(free_port)
    otlp=$(free_port)
    while [[ "$otlp" == "$ui" ]]; do otlp=$(free_port); done
    ASPNETCORE_URLS="http://127.0.0.1:$ui" ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://127.0.0.1:$otlp" \
      ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true "$dashboard" >"$dir/dashboard.log" 2>&1 &
    echo $! >"$dir/dashboard.pid"
    wait_for_port "$ui" 60 && wait_for_port "$otlp" 60 || die "the Aspire dashboard did not start (see $dir/dashboard.log)"
    echo "http://127.0.0.1:$ui http://127.0.0.1:$otlp"
    ;;
  stop)
    if [ -f "$dir/dashboard.pid" ]; then
      kill "$(cat "$dir/dashboard.pid")" 2>/dev/null || true
      rm -f "$dir/dashboard.pid"
    fi
    ;;
  *)
    die "usage: scripts/aspire.sh start|stop DIR"
    ;;
esac
