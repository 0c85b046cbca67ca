#!/usr/bin/env bash
# Renders resources/icons/peftbench.svg to the PNG sizes of the hicolor theme
# (resources/icons/png/peftbench-N.png, committed; installer/Packaging.cmake installs them).
# Run it after editing the SVG. Uses Qt's SVG image plugin (libqt6svg6) and qt6-base-dev, both in
# installer/bootstrap.sh, through a tiny throwaway program.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/render.cpp" <<'EOF'
#include <QGuiApplication>
#include <QImage>
#include <QImageReader>
#include <cstdio>
int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256}) {
        QImageReader reader(QString::fromLocal8Bit(argv[1]));
        reader.setScaledSize(QSize(size, size));
        const QImage image = reader.read().convertToFormat(QImage::Format_ARGB32);
        const QString out = QStringLiteral("%1/peftbench-%2.png").arg(QString::fromLocal8Bit(argv[2])).arg(size);
        if (image.isNull() || !image.save(out)) {
            std::fprintf(stderr, "render-icons: cannot render %d px: %s\n", size, qPrintable(reader.errorString()));
            return 1;
        }
    }
    return 0;
}
EOF
g++ -std=c++17 -fPIC "$work/render.cpp" -o "$work/render" $(pkg-config --cflags --libs Qt6Gui)
mkdir -p "$root/resources/icons/png"
QT_QPA_PLATFORM=offscreen "$work/render" "$root/resources/icons/peftbench.svg" "$root/resources/icons/png"
echo "render-icons: wrote $(ls "$root/resources/icons/png" | wc -l) PNGs to resources/icons/png"
