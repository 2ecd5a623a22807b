#!/usr/bin/env bash
# Compiles the infrastructure with the Bicep CLI from NuGet (Azure.Bicep.CommandLine.linux-x64, restored once into
# .local/tools/bicep) and fails on any diagnostic, warnings included:
#   infra/main.bicep       -> .local/infra/main.json            (the ARM template the tests read)
#   infra/<env>.bicepparam -> .local/infra/<env>.parameters.json
# Prints the compiled template's path. BICEP=/path/to/bicep uses another Bicep CLI (macOS, Windows).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root=$(repo_root)
cd "$root"

version=0.49.2
package=Azure.Bicep.CommandLine.linux-x64
tools=.local/tools/bicep
out=.local/infra

find_bicep() {
  find "$tools/packages/${package,,}/$version" -type f -name bicep 2>/dev/null | head -n 1 || true
}

bicep=${BICEP:-}
if [ -z "$bicep" ]; then
  [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] \
    || die "the NuGet Bicep CLI here is for linux-x64: install Bicep (https://aka.ms/bicep-install) and set BICEP=/path/to/bicep"
  bicep=$(find_bicep)
  if [ -z "$bicep" ]; then
    require_dotnet
    say "restoring the Bicep CLI $version from NuGet (first run only)"
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
    bicep=$(find_bicep)
    [ -n "$bicep" ] || die "$package $version restored, but it holds no 'bicep' executable"
    chmod +x "$bicep"
  fi
fi

# Runs one bicep command; any diagnostic it prints (warning or info included) fails the build.
run_bicep() {
  local diagnostics
  diagnostics=$(mktemp)
  if ! "$bicep" "$@" 2>"$diagnostics" || [ -s "$diagnostics" ]; then
    cat "$diagnostics" >&2
    rm -f "$diagnostics"
    die "bicep $1 $2 reported the diagnostics above (warnings count as errors)"
  fi
  rm -f "$diagnostics"
}

mkdir -p "$out"
run_bicep build infra/main.bicep --outfile "$out/main.json"
# The parameters files read the PostgreSQL passwords from the environment at deployment; a compile only checks them,
# so it gets placeholders (never a real password in .local).
placeholder=compile-check-placeholder-not-a-password
for params in infra/*.bicepparam; do
  [ -e "$params" ] || continue
  POSTGRES_ADMIN_PASSWORD=$placeholder POSTGRES_APP_PASSWORD=$placeholder POSTGRES_SERVICE_PASSWORD=$placeholder \
    run_bicep build-params "$params" --outfile "$out/$(basename "$params" .bicepparam).parameters.json"
done
say "compiled infra/main.bicep with no warnings ($("$bicep" --version 2>/dev/null | head -n 1))"
echo "$root/$out/main.json"
