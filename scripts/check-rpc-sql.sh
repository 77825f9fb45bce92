#!/usr/bin/env bash
# Fails when a service's handlers hold SQL (STYLE.md §1: SQL lives in Store/, handlers in RPC/).
# Checks every Services/<name>/RPC/*.swift for `execute(` calls and for string literals, single-line
# or """ blocks, containing SELECT, INSERT INTO, UPDATE, DELETE FROM or FROM; lists each as
# file:line and exits 1. Exit 0 when clean, 2 on a service name without an RPC/ folder.
#
#   scripts/check-rpc-sql.sh                  # every service with an RPC/ folder
#   scripts/check-rpc-sql.sh Enrollment       # only the services named
#
# Not yet part of scripts/test.sh: identity's handlers still hold SQL.
set -euo pipefail
cd "$(dirname "$0")/.."

services=("$@")
if [ ${#services[@]} -eq 0 ]; then
    for dir in Services/*/RPC; do
        [ -d "$dir" ] && services+=("$(basename "$(dirname "$dir")")")
    done
fi

files=()
for service in "${services[@]}"; do
    if [ ! -d "Services/$service/RPC" ]; then
        echo "check-rpc-sql: no Services/$service/RPC" >&2
        exit 2
    fi
    for file in "Services/$service/RPC"/*.swift; do
        [ -f "$file" ] && files+=("$file")
    done
done
[ ${#files[@]} -eq 0 ] && { echo "check-rpc-sql: no RPC files to check"; exit 0; }

# One awk pass per file: lines inside a """ block are string text as a whole; elsewhere only the
# "…" literals on the line are. Upper-case keywords only, so prose and identifiers do not match.
# shellcheck disable=SC2016
findings=$(awk '
    FNR == 1 { inBlock = 0 }
    function sql(text) {
        return text ~ /SELECT |INSERT INTO|UPDATE |DELETE FROM/ || text ~ /(^|[^A-Za-z_])FROM /
    }
    function report(why) { printf "%s:%d: %s: %s\n", FILENAME, FNR, why, $0; found = 1 }
    {
        line = $0
        if (line ~ /execute\(/) report("execute(")
        # Count the """ delimiters on this line: an odd number opens or closes a block.
        rest = line; delimiters = 0
        while ((at = index(rest, "\"\"\"")) > 0) { delimiters++; rest = substr(rest, at + 3) }
        if (inBlock && delimiters == 0) {
            if (sql(line)) report("SQL in a string")
            next
        }
        if (delimiters % 2 == 1) { inBlock = !inBlock; next }
        # Single-line literals outside blocks.
        rest = line
        while (match(rest, /"([^"\\]|\\.)*"/)) {
            if (sql(substr(rest, RSTART, RLENGTH))) { report("SQL in a string"); break }
            rest = substr(rest, RSTART + RLENGTH)
        }
    }
' "${files[@]}")

if [ -n "$findings" ]; then
    echo "$findings"
    echo "check-rpc-sql: SQL belongs in Services/<name>/Store/, not RPC/ ($(echo "$findings" | wc -l) finding(s))" >&2
    exit 1
fi
echo "check-rpc-sql: no SQL in ${services[*]} RPC/ (${#files[@]} files)"
