#pragma once
// What every part of the printed report shares: number formats, ratios, and one line of the
// targets table (a figure, its target, PASS or MISS).

#include "BenchResult.h"

#include <QString>

#include <cstdint>
#include <limits>

namespace peftbench::bench {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

QString bytes(int64_t b);            // "412 MiB", "9.52 GiB"
QString params(int64_t n);           // "3.31M", "32.8k"
QString percent(double p);           // "12.5%", "0.016%"
QString milliseconds(double seconds);
QString times(double r);             // "1.23×", or "n/a" for NaN
QString cell(const QString &text, int width);  // right-justified, then a space
double ratio(double a, double b);    // a ÷ b, NaN unless both are positive

// PyTorch's CPU time per step ÷ the engine's (NaN unless both sides measured).
double cpuRatio(const SideResult &engine, const SideResult &reference);

// One line of the targets table.
struct Target {
    QString figure;
    double value = kNaN;  // NaN: not measured
    QString shown;        // the value as printed
    QString target;
    bool pass = false;
    QString note;         // what NaN means, or an extra figure
};

// value ≥ minimum, shown with two decimals and `unit` ("×" by default).
Target atLeast(const QString &figure, double value, double minimum, const QString &unit = QStringLiteral("×"));
// value ≤ maximum, shown with `decimals` decimals and " unit" (e.g. "23.4 ms").
Target atMost(const QString &figure, double value, double maximum, const QString &unit, int decimals);

}  // namespace peftbench::bench
