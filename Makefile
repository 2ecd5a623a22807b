# Fixlify Automation: the two commands a newcomer needs, and a few more.
#   make run     the app, standalone on http://127.0.0.1:7071, with its own PostgreSQL and Azurite
#   make test    the whole test suite against real PostgreSQL and Azurite
#   make bench   the benchmark programs under bench/, printing their figures
.PHONY: run test bench build clean

run:
	@scripts/run.sh

test:
	@scripts/test.sh

bench:
	@scripts/bench.sh

build:
	dotnet build Fixlify.sln -c Release -nologo

clean:
	-@scripts/postgres.sh stop .local/run/pg 2>/dev/null
	-@scripts/azurite.sh stop .local/run/azurite 2>/dev/null
	rm -rf .local
	dotnet clean Fixlify.sln -nologo -v q
