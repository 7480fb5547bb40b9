#!/bin/sh
# Writes k8s/secrets.env and k8s/jwt-signing-key.pem with fresh random credentials, for
# `kubectl apply -k k8s/`. Both files are git-ignored; keep them (or your own, with the same keys)
# as long as the databases live: the passwords are set in them on first start.
# Needs openssl and sha256sum. Existing files are kept unless FORCE=1.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
env_file="$dir/secrets.env"
key_file="$dir/jwt-signing-key.pem"
if [ -e "$env_file" ] && [ "${FORCE:-0}" != 1 ]; then
  echo "$env_file exists; set FORCE=1 to replace it (and its databases' passwords)" >&2
  exit 1
fi
random() { openssl rand -hex 24; }
umask 077
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out "$key_file" 2>/dev/null
{
  echo "bootstrap-admin-password=$(random)"
  echo "postgres-admin-password=$(random)"
  echo "mongodb-admin-password=$(random)"
  echo "redis-password=$(random)"
  echo "smtp-username="
  echo "smtp-password="
  for svc in user-svc product-svc inventory-svc payment-svc order-svc notification-svc; do
    echo "db-password-$svc=$(random)"
  done
  for svc in review-svc analytics-svc; do
    echo "mongodb-password-$svc=$(random)"
  done
  for svc in product-svc inventory-svc payment-svc order-svc notification-svc review-svc analytics-svc; do
    secret=$(random)
    echo "client-secret-$svc=$secret"
    echo "client-secret-sha256-$svc=$(printf %s "$secret" | sha256sum | cut -d' ' -f1)"
  done
} > "$env_file"
echo "Wrote $env_file and $key_file. The admin password is bootstrap-admin-password in $env_file."
