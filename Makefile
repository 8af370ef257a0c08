# bestchat — run `make help` for the targets.
#
# Every tool is pinned inside the repository: Go tools in tools/go.mod (and
# golangci-lint in tools/lint/go.mod), called through `go tool -modfile=...`;
# the TypeScript generator and client libraries in package.json.

SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

GO        ?= go
TOOL      := $(GO) tool -modfile=tools/go.mod
LINT      := $(GO) tool -modfile=tools/lint/go.mod golangci-lint
PROTOVALIDATE := github.com/bufbuild/protovalidate@v1.2.2
ADDR      ?= $(or $(BESTCHAT_ADDR),127.0.0.1:8080)
FAKE_ADDR ?= 127.0.0.1:8089
DATA_DIR  ?= .data
TEST_FLAGS ?= -race -count=1 -timeout 15m

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# protovalidate's validate.proto, from the Go module cache (BSR is unreachable).
.protovalidate: go.mod
	@dir=$$($(GO) mod download -json $(PROTOVALIDATE) | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$$/\1/p'); \
	  test -n "$$dir" || { echo "cannot download $(PROTOVALIDATE)" >&2; exit 1; }; \
	  ln -sfn "$$dir" .protovalidate

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

.PHONY: deps
deps: .protovalidate node_modules/.installed ## Fetch pinned tools and npm packages

.PHONY: generate
generate: deps ## Generate Go, TypeScript and sqlc code
	$(TOOL) buf generate
	$(TOOL) sqlc generate
	node_modules/.bin/esbuild examples/web/app.ts --bundle --format=esm --target=es2022 --log-level=warning --outfile=internal/web/dist/app.js
	cp examples/web/index.html internal/web/dist/index.html

.PHONY: checkgenerate
checkgenerate: generate ## Fail when generated code is stale
	@if [ -n "$$(git status --porcelain -- gen internal/dbsqlc internal/web/dist)" ]; then \
	  echo "generated code is stale; run 'make generate' and commit:" >&2; \
	  git status --porcelain -- gen internal/dbsqlc internal/web/dist >&2; git --no-pager diff --stat -- gen internal/dbsqlc internal/web/dist >&2; exit 1; \
	fi

.PHONY: build
build: ## Build the binaries (bestchatd, ...) into bin/
	$(GO) build -o bin/ ./cmd/bestchatd ./cmd/bestchat ./cmd/fakellm

# The web page test drives Debian's chromium (internal/web); install it once.
.PHONY: browser
browser: ## Install Debian's chromium for the web page test when it is missing
	@if [ -z "$${BESTCHAT_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" -ne 0 ]; then echo "the web page test needs chromium: sudo apt-get install -y chromium (or set BESTCHAT_CHROMIUM)" >&2; exit 1; fi; \
	  echo "installing Debian's chromium for the web page test (one time)…" >&2; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get install -y -q chromium >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }; \
	fi

.PHONY: test
test: checkgenerate browser ## Run checkgenerate and the whole test suite on a real PostgreSQL
	@url=$$(scripts/pg.sh); \
	  echo "testing against $${url%%\?*}"; \
	  BESTCHAT_TEST_DATABASE_URL="$$url" $(GO) test $(TEST_FLAGS) ./...

FUZZTIME ?= 1m

.PHONY: fuzz
fuzz: ## Fuzz every RPC's request decoding through the real server (FUZZTIME=1m)
	@url=$$(scripts/pg.sh); \
	  BESTCHAT_TEST_DATABASE_URL="$$url" $(GO) test ./internal/server -run '^$$' -fuzz '^FuzzRequestDecoding$$' -fuzztime $(FUZZTIME)

# sqlc vet prepares the queries in a database migrated from this checkout:
# one per checkout, so that worktrees on other branches (other migrations)
# do not vet against each other's schema.
SQLCVET_DB ?= bestchat_sqlcvet_$(shell printf '%s' '$(CURDIR)' | cksum | cut -d' ' -f1)

.PHONY: lint
lint: deps ## buf lint/format, go vet, golangci-lint, sqlc vet
	$(TOOL) buf lint
	$(TOOL) buf format -d --exit-code
	$(GO) vet ./...
	$(LINT) run ./...
	@url=$$(scripts/pg.sh --db $(SQLCVET_DB)); \
	  $(GO) run ./cmd/bestchatd migrate --database-url "$$url" --log-level warn; \
	  SQLC_DATABASE_URL="$$url" $(TOOL) sqlc vet

.PHONY: run
run: deps build ## Serve in dev mode with a simulated model (ADDR=host:port or BESTCHAT_ADDR; FAKE_ADDR=host:port); Ctrl-C stops it
	@ADDR=$(ADDR) FAKE_ADDR=$(FAKE_ADDR) DATA_DIR=$(DATA_DIR) BIN=bin scripts/run.sh

.PHONY: clean
clean: ## Remove build output (keeps .data: the dev database and secret)
	rm -rf bin .data/ts-out

BENCH_FLAGS ?=

.PHONY: bench
bench: ## Benchmark ladder: fake upstream, raw proxy, bestchatd over Connect and gRPC (BENCH_FLAGS=--full for the README figures)
	$(GO) run ./cmd/bench $(BENCH_FLAGS)

SCALE_FLAGS ?= --messages 1000000

.PHONY: bench-scale
bench-scale: ## Reads at scale: fill a database, time ChatService's read RPCs, save the executed plans (SCALE_FLAGS='--messages 10000000' for the full shape)
	@url=$$(scripts/pg.sh); \
	  $(GO) run ./cmd/benchscale --database-url "$$url" $(SCALE_FLAGS)

BENCH_USAGE_FLAGS ?=

.PHONY: bench-usage
bench-usage: ## UsageService analytics at 5 M usage rows / 10 k users: p50/p99 per RPC, EXPLAIN plans (BENCH_USAGE_FLAGS="--scale 0.02" for a quick run)
	$(GO) run ./cmd/benchusage $(BENCH_USAGE_FLAGS)
