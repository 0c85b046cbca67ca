#!/usr/bin/env bash
# The Debian package, as a user gets it: `cpack -G DEB` from the build tree (in a temporary folder),
# its control fields and dependencies, installed into a temporary root with `dpkg -x`, its menu
# entry, icons, AppStream metainfo and man page, and the installed peftbench run from there:
# --version, --help, and a 2-step LoRA run on the built-in model.
#
# Usage: tests/test_package.sh BUILD_DIR VERSION     (CTest runs it as test_package)
set -euo pipefail

build=${1:?usage: test_package.sh BUILD_DIR VERSION}
version=${2:?usage: test_package.sh BUILD_DIR VERSION}
build=$(cd "$build" && pwd)

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
die() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

for tool in cpack dpkg-deb dpkg-shlibdeps readelf gzip; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (installer/bootstrap.sh installs dpkg-dev and cmake)"
done
[[ -x $build/app/peftbench ]] || die "$build/app/peftbench is not built: build the peftbench target first"
[[ -f $build/CPackConfig.cmake ]] || die "$build/CPackConfig.cmake is missing: configure the build first"

work=$(mktemp -d "${TMPDIR:-/tmp}/peftbench-package.XXXXXX")
trap 'rm -rf "$work"' EXIT

# --- build the package --------------------------------------------------------------------------
start=$(date +%s)
if ! cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg" >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log" >&2
  die "cpack -G DEB failed"
fi
shopt -s nullglob
debs=("$work"/pkg/peftbench_*.deb)
((${#debs[@]} == 1)) || die "expected one peftbench_*.deb, found ${#debs[@]}: $(ls "$work/pkg")"
deb=${debs[0]}
pass "cpack made $(basename "$deb") ($(du -h "$deb" | cut -f1)) in $(($(date +%s) - start)) s"

# --- control fields and dependencies ------------------------------------------------------------
field() { dpkg-deb -f "$deb" "$1"; }
[[ $(field Package) == peftbench ]] || fail "Package is '$(field Package)', expected peftbench"
[[ $(field Version) == "$version" ]] || fail "Version is '$(field Version)', expected $version"
[[ $(field Section) == science ]] || fail "Section is '$(field Section)'"
[[ -n $(field Maintainer) ]] || fail "no Maintainer"
[[ $(field Description) == *"Prompt Tuning, LoRA"* ]] || fail "Description does not say what it is: $(field Description)"
depends=$(field Depends)
echo "Depends: $depends"
# From dpkg-shlibdeps: the libraries the executable links, with versions.
for dep in 'libtorch[0-9.]* \(>=' 'libqt6core6 \(>=' 'libqt6widgets6 \(>=' 'libqt6gui6 \(>=' 'libyaml-cpp[0-9.]* \(>=' 'libc6 \(>='; do
  grep -Eq "(^|, )$dep" <<<"$depends" || fail "Depends lacks ${dep%% *}: $depends"
done
# Loaded at run time, so named by hand: the SQLite driver of the run store.
grep -q 'libqt6sql6-sqlite' <<<"$depends" || fail "Depends lacks libqt6sql6-sqlite"
info=$(dpkg-deb -I "$deb")
grep -q '^ Depends: ' <<<"$info" || fail "dpkg-deb -I lists no Depends"
[[ $(field Recommends) == *fonts-* ]] || fail "Recommends no Hangul font: $(field Recommends)"

# --- install into a temporary root --------------------------------------------------------------
root=$work/root
dpkg -x "$deb" "$root" || die "dpkg -x failed"
exe=$root/usr/bin/peftbench
[[ -x $exe ]] || die "the package has no executable usr/bin/peftbench"
if readelf -d "$exe" | grep -E 'R(UN)?PATH' | grep -q "$build"; then
  fail "the installed executable still points into the build tree: $(readelf -d "$exe" | grep -E 'R(UN)?PATH')"
fi

# Menu entry: valid, runs the installed command, names an icon the package installs.
desktop=$root/usr/share/applications/peftbench.desktop
[[ -f $desktop ]] || fail "no usr/share/applications/peftbench.desktop"
if [[ -f $desktop ]]; then
  if command -v desktop-file-validate >/dev/null 2>&1; then
    out=$(desktop-file-validate "$desktop" 2>&1) || fail "desktop-file-validate: $out"
  fi
  grep -qx 'Exec=peftbench' "$desktop" || fail "the .desktop file's Exec is not peftbench"
  grep -qx 'Icon=peftbench' "$desktop" || fail "the .desktop file's Icon is not peftbench"
  grep -q '^Name\[ko\]=' "$desktop" || fail "the .desktop file has no Korean name"
fi

# Icons in the hicolor theme: the SVG and a PNG of the right size for every size folder.
[[ -f $root/usr/share/icons/hicolor/scalable/apps/peftbench.svg ]] || fail "no scalable SVG icon"
grep -q '<svg' "$root/usr/share/icons/hicolor/scalable/apps/peftbench.svg" 2>/dev/null || fail "the SVG icon is not SVG"
png_size() {   # width and height from a PNG's IHDR
  local bytes
  bytes=($(od -An -tu1 -j16 -N8 "$1"))
  echo "$(( (bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3] ))x$(( (bytes[4] << 24) | (bytes[5] << 16) | (bytes[6] << 8) | bytes[7] ))"
}
for size in 16 22 24 32 48 64 128 256; do
  png=$root/usr/share/icons/hicolor/${size}x${size}/apps/peftbench.png
  if [[ ! -f $png ]]; then
    fail "no ${size}x${size} icon"
  elif [[ $(head -c 8 "$png" | od -An -tx1 | tr -d ' \n') != 89504e470d0a1a0a ]]; then
    fail "the ${size}x${size} icon is not a PNG"
  elif [[ $(png_size "$png") != "${size}x${size}" ]]; then
    fail "the ${size}x${size} icon is $(png_size "$png")"
  fi
done

# AppStream metainfo, validated when appstreamcli is there.
metainfo=$root/usr/share/metainfo/io.github.peftbench.metainfo.xml
[[ -f $metainfo ]] || fail "no usr/share/metainfo/io.github.peftbench.metainfo.xml"
if [[ -f $metainfo ]] && command -v appstreamcli >/dev/null 2>&1; then
  out=$(appstreamcli validate --no-net "$metainfo" 2>&1) || fail "appstreamcli validate: $out"
  grep -q '<launchable type="desktop-id">peftbench.desktop</launchable>' "$metainfo" || fail "metainfo does not launch peftbench.desktop"
fi

# The man page: compressed, renders without warnings, and documents every command and option
# that --help and each COMMAND --help list.
man=$root/usr/share/man/man1/peftbench.1.gz
[[ -f $man ]] || die "no usr/share/man/man1/peftbench.1.gz"
page=$(gzip -dc "$man")
if command -v man >/dev/null 2>&1; then
  warnings=$(MANWIDTH=100 man --warnings -l "$man" 2>&1 >/dev/null) || true
  [[ -z $warnings ]] || fail "the man page renders with warnings: $warnings"
fi
export QT_QPA_PLATFORM=offscreen
help=$("$exe" --help) || die "the installed peftbench --help failed"
commands=$(awk '/^Commands/ {on = 1; next} on && /^  peftbench / {print $2} on && /^$/ {on = 0}' <<<"$help")
[[ -n $commands ]] || fail "--help lists no commands"
options=$(grep -oE -- '--[a-z][a-z-]*' <<<"$help" | grep -v -- '--help-all' | sort -u)
for command in $commands; do
  grep -q "^\.SS \"peftbench $command" <<<"$page" || fail "the man page has no section for '$command'"
  command_help=$("$exe" "$command" --help 2>/dev/null) || fail "peftbench $command --help failed"
  options+=$'\n'$(grep -oE -- '(^|[ ,])--[a-z][a-z-]*' <<<"$command_help" | grep -oE -- '--[a-z][a-z-]*')
done
for option in $(sort -u <<<"$options"); do
  [[ $option == --help-all ]] && continue
  escaped=${option//-/\\-}   # roff writes - as \-
  grep -qF -- "$escaped" <<<"$page" || fail "the man page does not document $option"
done
pass "package contents checked ($(wc -w <<<"$commands") commands, $(sort -u <<<"$options" | wc -l) options in the man page)"

# --- run the installed program ------------------------------------------------------------------
out=$("$exe" --version) || die "the installed peftbench --version failed: $out"
grep -q "^PEFT Workbench $version\$" <<<"$out" || fail "--version does not say 'PEFT Workbench $version': $out"
grep -q '^LibTorch:' <<<"$out" || fail "--version does not name LibTorch: $out"
pass "installed peftbench --version"

# A 2-step LoRA run on the built-in model (inside the installed executable) with a tiny dataset.
mkdir -p "$work/exp"
for i in $(seq 1 40); do
  printf 'The cat number %d sat on the mat and looked at the bird.\n\n' "$i"
done >"$work/exp/sentences.txt"
cat >"$work/exp/tiny.yaml" <<'EOF'
name: package-smoke
base_model: builtin:byte-gpt
dataset: {source: sentences.txt, task: causal_lm, max_length: 32}
train: {steps: 2, batch_size: 2, eval_every: 2, eval_max_examples: 4, threads: 1, seed: 1, device: cpu}
runs:
  - {method: lora}
EOF
start=$(date +%s)
if ! out=$("$exe" run "$work/exp/tiny.yaml" --data-dir "$work/data" 2>&1); then
  echo "$out" >&2
  die "the installed peftbench run failed"
fi
grep -q 'completed' <<<"$out" || fail "the run did not complete: $out"
list=$("$exe" runs list --data-dir "$work/data" 2>&1) || fail "runs list failed: $list"
[[ $(grep -c 'completed' <<<"$list") == 1 ]] || fail "runs list does not show one completed run: $list"
[[ -f $work/data/runs.sqlite ]] || fail "no run store in the data directory"
pass "installed peftbench ran 2 LoRA steps on the built-in model in $(($(date +%s) - start)) s"

if ((failures > 0)); then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "test_package: all checks passed"
