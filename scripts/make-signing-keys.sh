#!/usr/bin/env bash
# B-1: makes the issuing authorities' certificate-signing keys (ECDSA P-256), one per region.
#   scripts/make-signing-keys.sh DIR REGION...            a key for each REGION that has none
#   scripts/make-signing-keys.sh --rotate DIR REGION...   a new active key for each REGION; the
#                                                         old one is kept as a public key only
# REGION is the authority's 4-digit division code (3400 the province, 3401 合肥). A key is
# DIR/<REGION>-<YEAR><letter>.key.pem (mode 600); the certificates service signs with the greatest
# id of a region and publishes every key, so certificates signed before a rotation still verify.
# Keys are never in git: the dev stack keeps them in .dev/signing-keys (docs/CERTIFICATES.md).
set -euo pipefail
rotate=0
if [ "${1:-}" = "--rotate" ]; then rotate=1; shift; fi
dir=${1:?usage: make-signing-keys.sh [--rotate] DIR REGION...}
shift
mkdir -p "$dir"
umask 077
year=$(TZ=Asia/Shanghai date +%Y)
for region in "$@"; do
  [[ "$region" =~ ^[0-9]{4}$ ]] || { echo "make-signing-keys: $region is not a 4-digit region" >&2; exit 2; }
  existing=$(cd "$dir" && ls "$region"-*.key.pem 2>/dev/null | sort | tail -n 1 || true)
  if [ -n "$existing" ] && [ "$rotate" = 0 ]; then continue; fi
  for letter in a b c d e f g h i j k l m n o p q r s t u v w x y z; do
    id="$region-$year$letter"
    [ -e "$dir/$id.key.pem" ] || [ -e "$dir/$id.pub.pem" ] || break
  done
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/$id.key.pem" 2>/dev/null
  if [ -n "$existing" ]; then
    old=${existing%.key.pem}
    openssl pkey -in "$dir/$existing" -pubout -out "$dir/$old.pub.pem" 2>/dev/null
    rm -f "$dir/$existing"
    echo "make-signing-keys: $region now signs with $id; $old is retired (public key kept)"
  fi
done
