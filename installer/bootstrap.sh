#!/usr/bin/env bash
# Installs the Debian packages PEFT Workbench needs to build, run and test.
# Idempotent: checks each package with dpkg first, so a second run takes well under a second.
# Usage: installer/bootstrap.sh [--bench]   (--bench adds the PyTorch reference used by tests/bench)
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  qt6-base-dev qt6-tools-dev qt6-l10n-tools libqt6sql6-sqlite libqt6svg6
  libqcustomplot-dev libqcustomplot2.1-qt6
  libyaml-cpp-dev libtorch-dev libsqlite3-dev
  libopenblas0-openmp          # fast BLAS for LibTorch; without it ~6 GFLOP/s instead of ~290
  npm                          # fetches the pinned dataset packages
  qt6-translations-l10n        # Qt's own Korean strings (dialog and wizard buttons)
  dpkg-dev                     # dpkg-shlibdeps: the .deb's dependencies (cpack -G DEB)
  desktop-file-utils           # desktop-file-validate for installer/peftbench.desktop
  appstream                    # appstreamcli validate for the AppStream metainfo
  clang libclang-rt-dev        # installer/fuzz.sh: libFuzzer, AddressSanitizer and UBSan runtimes
  libomp-dev                   # clang's OpenMP, which the top-level CMakeLists finds for every build
  llvm                         # llvm-symbolizer: sanitizer reports with file and line
)
# Korean UI text must render: a font with Hangul, unless one is installed already. fonts-nanum
# (33 MB) is the smaller of Debian's two (fonts-noto-cjk: 91 MB).
if ! { command -v fc-list >/dev/null 2>&1 && [[ -n $(fc-list :lang=ko family 2>/dev/null) ]]; }; then
  packages+=(fonts-nanum)
fi
[[ " $* " == *" --bench "* ]] && packages+=(python3-torch)

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# npm may come from outside Debian (e.g. a Node.js install); that is fine.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | sed '/^$/d'))

if ((${#missing[@]} == 0)); then
  echo "bootstrap: all ${#packages[@]} required packages are present."
  exit 0
fi

echo "bootstrap: installing ${#missing[@]} missing package(s): ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "bootstrap: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
# Package lists may be absent on a fresh machine; refresh them once per bootstrap that installs.
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "bootstrap: done."
