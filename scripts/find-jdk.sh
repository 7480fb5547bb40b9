#!/usr/bin/env bash
# Prints the home of a JDK with major version >= 25, or nothing.
set -u
need=25
major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1; }
ok() { [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ "$(major "$1")" -ge "$need" ] 2>/dev/null; }
candidates=()
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
if command -v javac >/dev/null 2>&1; then
  candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
fi
for d in /usr/lib/jvm/*; do [ -d "$d" ] && candidates+=("$d"); done
best=""; bestv=0
for c in "${candidates[@]}"; do
  if ok "$c"; then v=$(major "$c"); if [ "$v" -gt "$bestv" ]; then best=$c; bestv=$v; fi; fi
done
printf '%s' "$best"
