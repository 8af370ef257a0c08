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
ADDR      ?= 127.0.0.1:8080
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

.PHONY: checkgenerate
checkgenerate: generate ## Fail when generated code is stale
	@if [ -n "$$(git status --porcelain -- gen internal/dbsqlc)" ]; then \
	  echo "generated code is stale; run 'make generate' and commit:" >&2; \
	  git status --porcelain -- gen internal/dbsqlc >&2; git --no-pager diff --stat -- gen internal/dbsqlc >&2; exit 1; \
	fi

.PHONY: build
build: ## Build the binaries (bestchatd, ...) into bin/
	$(GO) build -o bin/ ./cmd/bestchatd ./cmd/fakellm

.PHONY: test
test: checkgenerate ## Run checkgenerate and the whole test suite on a real PostgreSQL
	@url=$$(scripts/pg.sh); \
	  echo "testing against $${url%%\?*}"; \
	  BESTCHAT_TEST_DATABASE_URL="$$url" $(GO) test $(TEST_FLAGS) ./...

.PHONY: lint
lint: deps ## buf lint/format, go vet, golangci-lint, sqlc vet
	$(TOOL) buf lint
	$(TOOL) buf format -d --exit-code
	$(GO) vet ./...
	$(LINT) run ./...
	@url=$$(scripts/pg.sh --db bestchat_sqlcvet); \
	  $(GO) run ./cmd/bestchatd migrate --database-url "$$url" --log-level warn; \
	  SQLC_DATABASE_URL="$$url" $(TOOL) sqlc vet

.PHONY: run
run: deps build ## Start PostgreSQL if needed, migrate, and serve in dev mode with a simulated model
	@url=$$(scripts/pg.sh --db bestchat); \
	  bin/fakellm --addr $(FAKE_ADDR) >$(DATA_DIR)/fakellm.log 2>&1 & fake=$$!; \
	  trap 'kill $$fake 2>/dev/null' EXIT INT TERM; \
	  sleep 0.3; kill -0 $$fake 2>/dev/null || echo "warning: fakellm did not start (port $(FAKE_ADDR) busy?), see $(DATA_DIR)/fakellm.log" >&2; \
	  token=$$(bin/bestchatd token --data-dir $(DATA_DIR) --user alice); \
	  printf '\nbestchat dev server on http://%s (database %s)\n' "$(ADDR)" "$${url%%\?*}"; \
	  printf 'Simulated model (OpenAI wire format) on http://%s/v1; set OPENAI_API_KEY, ANTHROPIC_API_KEY, ... for real ones.\n\n' "$(FAKE_ADDR)"; \
	  printf 'Dev token for user alice (mint more: bin/bestchatd token --data-dir %s --user bob):\n\n  export TOKEN=%s\n\n' "$(DATA_DIR)" "$$token"; \
	  printf 'Try:\n  alias grpcurl="go tool -modfile=tools/go.mod grpcurl"\n  grpcurl -plaintext %s list\n' "$(ADDR)"; \
	  printf '  grpcurl -plaintext -H "authorization: Bearer $$TOKEN" -d '"'"'{"title":"hello"}'"'"' %s bestchat.v1.ChatService/CreateConversation\n' "$(ADDR)"; \
	  printf '  grpcurl -plaintext -H "authorization: Bearer $$TOKEN" -d '"'"'{"conversation_id":"<id>","content":[{"text":"Hi!"}]}'"'"' %s bestchat.v1.ChatService/SendMessage\n' "$(ADDR)"; \
	  printf '  curl -s -H "authorization: Bearer $$TOKEN" -H "content-type: application/json" -d '"'"'{}'"'"' http://%s/bestchat.v1.ChatService/ListConversations\n\n' "$(ADDR)"; \
	  BESTCHAT_SIMULATED_URL="$${BESTCHAT_SIMULATED_URL:-http://$(FAKE_ADDR)/v1}" \
	  GODEBUG="$${GODEBUG:-adaptivestackstart=0}" \
	  BESTCHAT_ALLOW_UPSTREAMS="$${BESTCHAT_ALLOW_UPSTREAMS:-127.0.0.0/8,::1,localhost}" \
	    bin/bestchatd serve --dev --data-dir $(DATA_DIR) --addr $(ADDR) --database-url "$$url"

.PHONY: clean
clean: ## Remove build output (keeps .data: the dev database and secret)
	rm -rf bin .data/ts-out

BENCH_FLAGS ?=

.PHONY: bench
bench: ## Benchmark ladder: fake upstream, raw proxy, bestchatd over Connect and gRPC (BENCH_FLAGS=--full for the README figures)
	$(GO) run ./cmd/bench $(BENCH_FLAGS)
