#!/bin/sh
# `npm test`: every test MigLab has, in one command (what CI runs through .ci/run):
# system packages, lint, type check, build, unit and model tests, browser end-to-end tests.
set -eu
cd "$(dirname "$0")/.."
step() { printf '\n=== %s\n' "$*"; }
step "system packages"; sh scripts/system-deps.sh
step "lint (biome)"; npx biome ci .
step "type check (tsc -b)"; npx tsc -b
step "build (electron-vite + CLI)"; npm run build --silent
step "unit and model tests (vitest)"; npx vitest run
step "browser end-to-end tests (vitest + playwright-core + Debian chromium)"; npx vitest run -c vitest.e2e.config.ts
