#!/bin/sh
# Restores a backup made by mongodb-backup.sh: mongodb-restore.sh <backup> [database...]. Checks the
# checksums first; each database's collections are dropped and restored from its archive. The
# services must be stopped (scaled to zero).
#
# Environment: MONGO_URI (to admin), MONGO_ADMIN_PASSWORD (user root), BACKUP_DIR.
set -eu
backup="${1:?usage: mongodb-restore.sh <backup> [database...]}"
shift
: "${BACKUP_DIR:?where backups are}" "${MONGO_URI:?}"
dir="$BACKUP_DIR/$backup"
if [ ! -f "$dir/SHA256SUMS" ]; then
  echo "No complete backup $backup in $BACKUP_DIR; there are: $(ls "$BACKUP_DIR" | tr '\n' ' ')" >&2
  exit 1
fi
(cd "$dir" && sha256sum --check --quiet SHA256SUMS)
if [ "$#" -eq 0 ]; then
  set -- $(cd "$dir" && ls -- *.archive.gz | sed 's/\.archive\.gz$//')
fi
for db in "$@"; do
  if [ ! -f "$dir/$db.archive.gz" ]; then
    echo "Backup $backup has no database $db" >&2
    exit 1
  fi
  mongorestore --quiet --uri="$MONGO_URI" --username=root --password="$MONGO_ADMIN_PASSWORD" \
    --authenticationDatabase=admin --nsInclude="$db.*" --drop --gzip --archive="$dir/$db.archive.gz"
  echo "Restored $db from $backup"
done
