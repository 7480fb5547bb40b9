#!/bin/sh
# Logical backup of the services' MongoDB databases: one gzipped mongodump archive per database and
# their checksums, in a directory named for the time in UTC, renamed into place when whole; then
# backups older than RETENTION_DAYS are deleted, never the newest. Same layout and rules as
# postgresql-backup.sh.
#
# Environment: MONGO_URI (to admin), MONGO_ADMIN_PASSWORD (user root), DATABASES, BACKUP_DIR,
# RETENTION_DAYS. Restore with mongodb-restore.sh.
set -eu
: "${DATABASES:?names of the databases to back up}" "${BACKUP_DIR:?where backups go}" "${MONGO_URI:?}"
retention="${RETENTION_DAYS:-7}"
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
work="$BACKUP_DIR/.$stamp.partial"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
for db in $DATABASES; do
  mongodump --quiet --uri="$MONGO_URI" --username=root --password="$MONGO_ADMIN_PASSWORD" \
    --authenticationDatabase=admin --db="$db" --gzip --archive="$work/$db.archive.gz"
done
(cd "$work" && sha256sum -- *.archive.gz > SHA256SUMS)
mv "$work" "$BACKUP_DIR/$stamp"
trap - EXIT
echo "Backup $stamp of $DATABASES written to $BACKUP_DIR/$stamp"
find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name '.*.partial' -mmin +60 -exec rm -rf {} +
find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name '20*Z' ! -name "$stamp" -mtime +"$retention" \
  -exec sh -c 'echo "Deleting backup ${1##*/}, older than the retention"; rm -rf "$1"' sh {} \;
