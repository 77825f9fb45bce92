#!/usr/bin/env bash
# Builds the tests with AddressSanitizer (LeakSanitizer included) in .build-asan and runs them:
# use-after-free, double free, overflows and leaks in our C interop fail the run.
# Not part of scripts/test.sh (CI builds once); run it after touching Shared/ C wrappers.
set -euo pipefail
cd "$(dirname "$0")/.."
suppressions=$(mktemp)
trap 'rm -f "$suppressions"' EXIT
# XCTest's own bookkeeping lives until exit; LeakSanitizer reports it. So do thread pools that
# live as long as the process: NIO's blocking pool (NIOThreadPool.singleton, where the identity
# service hashes passwords; its threads and its work queue's storage) and the database pool of
# the tests' shared stack.
printf 'leak:libXCTest.so\nleak:NIOThreadPoolC6_start\nleak:NIOThreadPoolC7_submit\n' > "$suppressions"
swift build --build-tests --sanitize=address --scratch-path .build-asan
LSAN_OPTIONS="suppressions=$suppressions" \
  swift test --skip-build --sanitize=address --scratch-path .build-asan "$@"
echo "no leaks or memory errors found"
