# Fixlify Automation: the two commands a newcomer needs, and a few more.
#   make run     the app and its web app, standalone on http://127.0.0.1:7071, with its own PostgreSQL and Azurite
#                (make run OBSERVE=1: and the Aspire dashboard showing its traces and metrics)
#   make test    the whole test suite against real PostgreSQL and Azurite
#   make bench   the benchmark programs under bench/, printing their figures
#   make openapi writes the API's OpenAPI document to Fixlify.Web/src/api/openapi.json (the web app's types come from it)
.PHONY: run test bench build clean openapi

run:
	@OBSERVE=$(OBSERVE) scripts/run.sh

test:
	@scripts/test.sh

bench:
	@scripts/bench.sh

build:
	dotnet build Fixlify.sln -c Release -nologo

openapi:
	dotnet build Fixlify.Functions/Fixlify.Functions.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
	dotnet Fixlify.Functions/bin/Release/net10.0/Fixlify.Functions.dll openapi >Fixlify.Web/src/api/openapi.json

clean:
	-@scripts/postgres.sh stop .local/run/pg 2>/dev/null
	-@scripts/azurite.sh stop .local/run/azurite 2>/dev/null
	rm -rf .local
	dotnet clean Fixlify.sln -nologo -v q
