#include "system/BlasInfo.h"

#include <QFile>
#include <QStringList>

#include <dlfcn.h>

namespace peftbench {
namespace {

// The shared objects mapped into this process whose file name mentions BLAS or MKL.
QStringList loadedBlasLibraries()
{
    QStringList found;
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly | QIODevice::Text))
        return found;
    const QStringList lines = QString::fromLocal8Bit(maps.readAll()).split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const int slash = line.indexOf(QLatin1Char('/'));
        if (slash < 0)
            continue;
        const QString path = line.mid(slash).trimmed();
        const QString file = path.section(QLatin1Char('/'), -1).toLower();
        if ((file.contains(QLatin1String("blas")) || file.contains(QLatin1String("mkl"))) && !found.contains(path))
            found << path;
    }
    return found;
}

}  // namespace

BlasInfo detectBlas()
{
    BlasInfo info;
    // OpenBLAS exports its build configuration, whatever name the library was loaded under.
    using ConfigFn = char *(*)();
    if (auto config = reinterpret_cast<ConfigFn>(dlsym(RTLD_DEFAULT, "openblas_get_config"))) {
        info.name = QStringLiteral("OpenBLAS");
        info.detail = QString::fromLatin1(config());
        return info;
    }
    if (dlsym(RTLD_DEFAULT, "mkl_get_version") || dlsym(RTLD_DEFAULT, "MKL_Get_Version")) {
        info.name = QStringLiteral("MKL");
        return info;
    }
    const QStringList libs = loadedBlasLibraries();
    info.detail = libs.join(QStringLiteral(", "));
    for (const QString &lib : libs) {
        // Debian's reference BLAS lives in .../blas/libblas.so.3 (alternatives target).
        if (lib.contains(QLatin1String("/blas/libblas"))) {
            info.name = QStringLiteral("reference BLAS");
            info.isReference = true;
            return info;
        }
    }
    info.name = QStringLiteral("unknown");
    return info;
}

}  // namespace peftbench
