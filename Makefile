# Agora — the two commands are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Find a JDK >= 25: JAVA_HOME first, then the java on PATH, then anything under /usr/lib/jvm.
JAVA_HOME := $(shell bash scripts/find-jdk.sh)
ifeq ($(JAVA_HOME),)
$(error No JDK 25 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm). Install one, or set JAVA_HOME)
endif
export JAVA_HOME
export PATH := $(JAVA_HOME)/bin:$(PATH)

MVN := ./mvnw -B -ntp
VERSION := $(shell sed -n 's:.*<version>\(.*-SNAPSHOT\|[0-9.]*\)</version>.*:\1:p' pom.xml | sed -n 2p)

.PHONY: help build test chaos run bench profile profile-start k8s images clean contract web check-node

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

build: web ## compile and package every module and the web app, no tests
	$(MVN) -DskipTests package

test: web ## run every test: unit, integration, end to end and in the browser
	npm test
	$(MVN) verify

check-node:
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { echo "The web app needs Node.js >= 20 with npm (https://nodejs.org); none is on PATH." >&2; exit 1; }
	@node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || { echo "The web app needs Node.js >= 20; this is $$(node --version)." >&2; exit 1; }

# npm ci again only when the lockfile changed.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

web: check-node node_modules/.installed ## build the TypeScript client and the web app (frontend/dist)
	npm run build

# The services only, then the web app against the new contract: a web app already using a new field
# would not compile before the contract has it.
contract: check-node node_modules/.installed ## regenerate frontend-contract/openapi.yaml from the services' live documents
	$(MVN) -DskipTests package
	"$(JAVA_HOME)/bin/java" -jar devstack/target/devstack-$(VERSION)-exec.jar contract --root "$(CURDIR)" --version "$(VERSION)"
	npm run build

chaos: build ## the fault suite (CI runs it after make test): kills, freezes and restarts under load, then checks the books
	$(MVN) -pl devstack -am verify -Dit.test=FaultIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false

run: build ## start the whole platform locally with embedded datastores (Ctrl-C stops it)
	"$(JAVA_HOME)/bin/java" -jar devstack/target/devstack-$(VERSION)-exec.jar --root "$(CURDIR)" --version "$(VERSION)"

bench: build ## load-test the catalogue through the gateway, cache on vs off (see docs/benchmarks.md)
	"$(JAVA_HOME)/bin/java" -jar devstack/target/devstack-$(VERSION)-exec.jar bench --root "$(CURDIR)" --version "$(VERSION)" $(BENCH_ARGS)

SERVICE ?=
SECONDS ?= 30
profile: ## flame graph of a service of a running make run: make profile SERVICE=order-svc SECONDS=30
	"$(JAVA_HOME)/bin/java" -jar devstack/target/devstack-$(VERSION)-exec.jar profile --service "$(SERVICE)" --seconds "$(SECONDS)" --root "$(CURDIR)"
profile-start: build ## make run's start profiled: a flame graph per service, the CPU each process spent until all were ready
	"$(JAVA_HOME)/bin/java" -jar devstack/target/devstack-$(VERSION)-exec.jar profile-start --root "$(CURDIR)" --version "$(VERSION)"

IMAGE_REGISTRY ?=
BASE_IMAGE ?= eclipse-temurin:25-jre
# The commit, marked when the tree has uncommitted changes so such an image is never mistaken for it.
GIT_SHA := $(shell git rev-parse --short=12 HEAD 2>/dev/null)$(shell test -n "$$(git status --porcelain 2>/dev/null)" && echo -dirty)
JIB := com.google.cloud.tools:jib-maven-plugin
SERVICES := gateway,user-svc,product-svc,inventory-svc,payment-svc,order-svc,notification-svc,review-svc,analytics-svc,frontend

images: web ## build the images with Jib: push to IMAGE_REGISTRY (multi-arch) or write <module>/target/jib-image.tar
ifneq ($(IMAGE_REGISTRY),)
	$(MVN) -DskipTests -pl $(SERVICES) -am package $(JIB):build -Dimage.registry=$(IMAGE_REGISTRY) -Dimage.base=$(BASE_IMAGE) -Dgit.sha=$(GIT_SHA)
else
	$(MVN) -DskipTests -pl $(SERVICES) -am package $(JIB):buildTar -Djib.from.platforms=linux/amd64 -Dimage.base=$(BASE_IMAGE) -Dgit.sha=$(GIT_SHA)
endif

k8s: ## regenerate k8s/ (plain manifests for kubectl apply -k) from the Helm chart
	$(MVN) -q -pl deploy compile exec:java -Dexec.mainClass=dev.agora.deploy.K8sManifests -Dexec.args="$(CURDIR)"

clean: ## remove build output (keeps .agora/ data)
	$(MVN) -q clean
