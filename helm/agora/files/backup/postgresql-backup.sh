#!/bin/sh
# Logical backup of the services' PostgreSQL databases: one pg_dump custom-format file per database,
# the roles (without passwords: the DB-init job sets those from the Secret) and their checksums, in
# a directory named for the time in UTC. It is written under a hidden name and renamed when whole,
# so every directory named for a time is a complete backup. Then backups older than RETENTION_DAYS
# are deleted, never the newest.
#
# Environment: PGHOST, PGPORT, PGUSER, PGPASSWORD (libpq; a superuser, for the roles), DATABASES
# (space-separated), BACKUP_DIR, RETENTION_DAYS. Restore with postgresql-restore.sh.
set -eu
: "${DATABASES:?names of the databases to back up}" "${BACKUP_DIR:?where backups go}"
retention="${RETENTION_DAYS:-7}"
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
work="$BACKUP_DIR/.$stamp.partial"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
pg_dumpall --globals-only --no-role-passwords --file="$work/globals.sql"
for db in $DATABASES; do
  pg_dump --format=custom --file="$work/$db.dump" --dbname="$db"
done
(cd "$work" && sha256sum -- *.dump globals.sql > SHA256SUMS)
mv "$work" "$BACKUP_DIR/$stamp"
trap - EXIT
echo "Backup $stamp of $DATABASES written to $BACKUP_DIR/$stamp ($(du -sk "$BACKUP_DIR/$stamp" | cut -f1) KiB)"
# Left by a backup that was killed: never a whole backup.
find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name '.*.partial' -mmin +60 -exec rm -rf {} +
find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name '20*Z' ! -name "$stamp" -mtime +"$retention" \
  -exec sh -c 'echo "Deleting backup ${1##*/}, older than the retention"; rm -rf "$1"' sh {} \;
