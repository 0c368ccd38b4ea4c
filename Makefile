# hookgate: `make run` serves routes.yaml, `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

RUN_DIR     := .run
REDIS_PORT  ?= 6379
LISTEN      ?= 0.0.0.0:8080
ADMIN       ?= 127.0.0.1:9090

# Demo secrets so the shipped routes.yaml loads out of the box. Anything already set in the
# environment wins; never use these values in production.
export ACME_STRIPE_SECRET          ?= whsec_demo_acme_stripe
export ACME_PAYPAL_WEBHOOK_ID      ?= WH-DEMO-0000000000
export ACME_BILLING_SECRET         ?= demo-acme-billing-secret
export LOYALTY_SIGNING_SECRET      ?= whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
export RESERVATIONS_SIGNING_SECRET ?= whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
export INVOICES_SIGNING_SECRET     ?= whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw

.PHONY: help deps build release run redis test check deploy-check bench clean

help:
	@echo "make run    install what is missing, start Redis (unless REDIS_URL is set), serve routes.yaml"
	@echo "make test   install what is missing, build, run every test (tests start their own Redis)"
	@echo "make check  validate routes.yaml"
	@echo "make bench  release build + load test on loopback (see bench/README.md)"
	@echo "make deploy-check  validate deploy/ (systemd unit, k8s manifests, compose, redis.conf)"

deps:
	@./scripts/install-deps.sh

build: deps
	swift build

release: deps
	swift build -c release --product hookgate

# A local Redis with AOF under .run/, started once and left running between `make run`s.
redis: deps
	@mkdir -p $(RUN_DIR)
	@if ! redis-cli -p $(REDIS_PORT) ping >/dev/null 2>&1; then \
		redis-server --port $(REDIS_PORT) --bind 127.0.0.1 --dir $(abspath $(RUN_DIR)) \
			--appendonly yes --appendfsync everysec --save "" \
			--daemonize yes --logfile $(abspath $(RUN_DIR))/redis.log --pidfile $(abspath $(RUN_DIR))/redis.pid; \
		echo "started redis-server on 127.0.0.1:$(REDIS_PORT) (data in $(RUN_DIR)/)"; \
	fi

run: release
	@if [ -z "$$REDIS_URL" ]; then $(MAKE) --no-print-directory redis; fi
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:$(REDIS_PORT)/0} \
		$$(swift build -c release --show-bin-path)/hookgate serve --config routes.yaml --listen $(LISTEN) --admin-listen $(ADMIN)

check: deps
	swift build --product hookgate
	$$(swift build --show-bin-path)/hookgate check routes.yaml

# Tests start their own redis-server on free ports and the hookgate binary built here.
test: deps
	@./scripts/install-deps.sh --test
	swift build --build-tests
	$$(swift build --show-bin-path)/hookgate check routes.yaml
	swift test --skip-build --no-parallel
	./deploy/validate $$(swift build --show-bin-path)/hookgate

deploy-check: build
	./deploy/validate $$(swift build --show-bin-path)/hookgate

# bench/run builds its own release binary in .build-bench.
bench: deps
	./bench/run

clean:
	rm -rf .build $(RUN_DIR)
