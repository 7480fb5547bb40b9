#!/bin/sh
# Restores a backup made by postgresql-backup.sh: postgresql-restore.sh <backup> [database...]
# (all of the backup's databases when none is named). Checks the checksums first and stops on any
# mismatch. Each database is dropped and created again with the same owner and privileges (so
# nothing made after the backup, such as a newer migration's table, survives next to it) and
# filled in one transaction: a database is either restored whole or left as it was. The services
# must be stopped (scaled to zero): dropping ends their sessions. Roles are not restored: the
# DB-init job creates them, and it must have run (a database that does not exist is an error).
#
# Environment: PGHOST, PGPORT, PGUSER, PGPASSWORD (a superuser), BACKUP_DIR.
set -eu
backup="${1:?usage: postgresql-restore.sh <backup> [database...]}"
shift
: "${BACKUP_DIR:?where backups are}"
dir="$BACKUP_DIR/$backup"
if [ ! -f "$dir/SHA256SUMS" ]; then
  echo "No complete backup $backup in $BACKUP_DIR; there are: $(ls "$BACKUP_DIR" | tr '\n' ' ')" >&2
  exit 1
fi
(cd "$dir" && sha256sum --check --quiet SHA256SUMS)
if [ "$#" -eq 0 ]; then
  set -- $(cd "$dir" && ls -- *.dump | sed 's/\.dump$//')
fi
for db in "$@"; do
  if [ ! -f "$dir/$db.dump" ]; then
    echo "Backup $backup has no database $db" >&2
    exit 1
  fi
  owner=$(psql --no-psqlrc --tuples-only --no-align --dbname=postgres \
    --command="SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '$db'")
  if [ -z "$owner" ]; then
    echo "Database $db does not exist; run the DB-init job first, it creates each database and its owner" >&2
    exit 1
  fi
  # A copy first: if it cannot be filled, the database stays as it was.
  scratch="${db}_restoring"
  psql --no-psqlrc -v ON_ERROR_STOP=1 --quiet --dbname=postgres -v db="$scratch" -v owner="$owner" <<'SQL'
DROP DATABASE IF EXISTS :"db" WITH (FORCE);
CREATE DATABASE :"db" OWNER :"owner";
SQL
  if ! pg_restore --single-transaction --exit-on-error --dbname="$scratch" "$dir/$db.dump"; then
    printf 'DROP DATABASE IF EXISTS :"db";\n' | psql --no-psqlrc --quiet --dbname=postgres -v db="$scratch" || true
    echo "Restoring $db from $backup failed; $db is unchanged" >&2
    exit 1
  fi
  psql --no-psqlrc -v ON_ERROR_STOP=1 --quiet --dbname=postgres -v db="$db" -v scratch="$scratch" -v owner="$owner" <<'SQL'
DROP DATABASE :"db" WITH (FORCE);
ALTER DATABASE :"scratch" RENAME TO :"db";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT ALL ON DATABASE :"db" TO :"owner";
SQL
  echo "Restored $db from $backup"
done
