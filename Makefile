# openkyc — `make run` and `make test` are the two commands; both install
# what they need first (idempotently) on Debian 12 / Ubuntu.

SHELL := /bin/bash
.DEFAULT_GOAL := help

GO        ?= go
BIN       := bin/openkyc
MODELS    ?= $(CURDIR)/var/models
SAMPLES   ?= $(CURDIR)/var/samples
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
# The S3-compatible server the blob tests run on (scripts/s3test.sh).
VERSITYGW_VERSION := v1.8.0
VERSITYGW := var/bin/versitygw-$(VERSITYGW_VERSION)
FUZZTIME  ?= 20s

# Models are found through the environment by the binary and the tests alike.
export OPENKYC_MODELS := $(MODELS)
# Tesseract (later issues) spins OpenMP threads without this (ENGINE-NOTES §7).
export OMP_THREAD_LIMIT := 1
export CGO_ENABLED := 1

SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
# Build tools and the C libraries the engine links (libjpeg-turbo for fast
# JPEG decoding, Tesseract for Hangul, kana and Cyrillic lines and Latin
# accents), PostgreSQL for the store tests, and the
# fonts the synthetic document generator renders with; npm (if missing)
# fetches the pinned model packages.
APT_PACKAGES := gcc g++ pkg-config libturbojpeg0-dev ca-certificates \
	libtesseract-dev libleptonica-dev tesseract-ocr-eng tesseract-ocr-kor tesseract-ocr-jpn \
	tesseract-ocr-chi-sim tesseract-ocr-chi-tra tesseract-ocr-rus \
	tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-spa tesseract-ocr-ita tesseract-ocr-pol \
	tesseract-ocr-swe tesseract-ocr-ces tesseract-ocr-por tesseract-ocr-nld \
	fonts-noto-cjk fonts-ocr-b fonts-dejavu-core postgresql

.PHONY: help deps apt gomod models tools build run test lint fuzz bench clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-7s %s\n", $$1, $$2}'

deps: apt gomod models ## install everything (apt packages, Go modules, models, sample photos)

apt:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
		echo "apt: installing$$missing"; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

gomod:
	$(GO) mod download

# Test servers, built from the Go module proxy once per version (about
# 40 s); make test needs them, make run does not.
tools: $(VERSITYGW)

$(VERSITYGW):
	GOBIN=$(CURDIR)/var/bin/build $(GO) install github.com/versity/versitygw/cmd/versitygw@$(VERSITYGW_VERSION)
	mv var/bin/build/versitygw $@ && rmdir var/bin/build
	ln -sf $(notdir $@) var/bin/versitygw

models: build
	$(BIN) models install --dir $(MODELS)
	$(BIN) models install --samples --samples-dir $(SAMPLES)

build: ## build bin/openkyc
	$(GO) build -ldflags "-X openkyc/internal/cli.Version=$$(git describe --always --dirty 2>/dev/null || echo dev)" -o $(BIN) ./cmd/openkyc

# The first start on an empty data/ creates a project and its owner and
# prints the dashboard URL, login, password, API key and Liveform URL.
run: deps ## install everything, then start the server on SQLite in data/
	OPENKYC_DATA_DIR=$${OPENKYC_DATA_DIR:-$(CURDIR)/data} $(BIN) serve

# The store tests run on SQLite and again on a throwaway PostgreSQL cluster
# (scripts/pgtest.sh), the blob tests on local files and again on a
# throwaway S3-compatible server (scripts/s3test.sh); both are removed
# when the tests end, pass or fail.
test: deps tools lint ## run every test with the real models (SQLite and PostgreSQL, local and S3 blobs), and a short fuzz run
	@dir=$$(mktemp -d /tmp/openkyc-pg.XXXXXX); s3dir=$$(mktemp -d /tmp/openkyc-s3.XXXXXX); \
	trap "scripts/pgtest.sh stop $$dir; scripts/s3test.sh stop $$s3dir" EXIT; \
	url=$$(scripts/pgtest.sh start $$dir) || exit 1; \
	blobs=$$(scripts/s3test.sh start $$s3dir) || exit 1; \
	OPENKYC_TEST_DATABASE_URL="$$url" OPENKYC_TEST_BLOB_URL="$$blobs" $(GO) test -count=1 -timeout 30m ./...
	$(MAKE) --no-print-directory fuzz

fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzDecode$$' -fuzztime=$(FUZZTIME) ./internal/engine/imaging/
	$(GO) test -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=$(FUZZTIME) ./internal/engine/mrz/
	$(GO) test -run='^$$' -fuzz='^FuzzAPI$$' -fuzztime=$(FUZZTIME) ./internal/httpapi/

lint: ## gofmt, go vet, staticcheck
	@out=$$(gofmt -l cmd internal e2e bench); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

# bench e2e: the whole server in-process on SQLite, driven over HTTP by
# 1, 4 and 16 concurrent API clients for 30 s each (about two minutes: shorter levels vary by ±5 %).
bench: deps ## Go benchmarks, the per-stage harness and the end-to-end API benchmark (results in bench/results/)
	$(GO) test -run='^$$' -bench=. -benchmem ./internal/engine/...
	$(BIN) bench --out bench/results $(SAMPLES)/*.jpg
	$(BIN) bench e2e --samples $(SAMPLES) --out bench/results

clean:
	rm -rf bin
