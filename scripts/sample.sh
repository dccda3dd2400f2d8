#!/usr/bin/env bash
# README command 1: install what is needed, build, and review a sample contract.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh dev
exec build/keiyaku scan samples/outsourcing-tokki.docx "$@"
