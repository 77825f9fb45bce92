#!/usr/bin/env bash
# Creates a throw-away development CA and one certificate per service, for mutual TLS.
#   scripts/dev-certs.sh [OUTDIR] [NAME ...]
# OUTDIR defaults to .dev/certs (git-ignored); NAMEs default to every service, the gateway and
# the national-registry simulator (registry).
# Each NAME gets NAME.pem / NAME.key, valid for DNS:NAME, DNS:localhost and IP:127.0.0.1,
# usable as server and client certificate. Existing files are kept (delete OUTDIR to renew).
# DEV_CERT_DAYS sets the validity (tests use -1 for an already expired certificate).
# Never use these outside development: the CA key sits next to the certificates.
set -euo pipefail
out="${1:-$(dirname "$0")/../.dev/certs}"
shift || true
names=("$@")
[ ${#names[@]} -eq 0 ] && names=(identity enrollment classes assessment certificates gateway registry)
mkdir -p "$out"
cd "$out"
umask 077

if [ ! -f ca.pem ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -days 3650 \
    -subj "/O=Training Certification Dev/CN=Development Cluster CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout ca.key -out ca.pem 2>/dev/null
fi

for name in "${names[@]}"; do
  [ -f "$name.pem" ] && continue
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 \
    -subj "/O=Training Certification Dev/CN=$name" -keyout "$name.key" -out "$name.csr" 2>/dev/null
  printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=serverAuth,clientAuth" "subjectAltName=DNS:$name,DNS:localhost,IP:127.0.0.1" > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -sha256 -days "${DEV_CERT_DAYS:-825}" \
    -extfile "$name.ext" -out "$name.pem" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
done
chmod 644 ./*.pem
echo "certificates in $(pwd)"
