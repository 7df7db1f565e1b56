# spacejudge: run `make help` for the targets.

GO ?= go
BIN := bin/spacejudge
ACTIONLINT_VERSION := v1.7.12

.PHONY: help build test lint golden bench demo fuzz

help: ## show this help
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

build: ## build bin/spacejudge
	$(GO) build -o $(BIN) ./cmd/spacejudge

test: ## run the whole test suite with the race detector
	$(GO) test -race ./...

lint: ## check formatting, vet, and the CI workflow
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run github.com/rhysd/actionlint/cmd/actionlint@$(ACTIONLINT_VERSION) .github/workflows/*.yml

golden: ## rewrite the golden files under testdata/ after a deliberate change
	$(GO) test ./cmd/... ./collect/... ./score/... ./report/... -update

bench: ## run the benchmarks recorded in bench/README.md
	$(GO) test -run '^$$' -bench . -benchmem -timeout 60m ./bench/... ./score/... ./report/...

demo: ## judge the built-in demo organization into ./out
	$(GO) run ./cmd/spacejudge run --demo

fuzz: ## run every fuzz test for 30 s
	@for p in $$($(GO) list ./...); do for f in $$($(GO) test -list '^Fuzz' $$p | grep ^Fuzz); do \
		echo "$$p $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime 30s $$p || exit 1; done; done
