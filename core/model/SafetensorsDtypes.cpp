#include "model/SafetensorsDtypes.h"

namespace peftbench {

namespace {

constexpr torch::ScalarType kRefused = torch::ScalarType::Undefined;

// The reference format's full list, so that a refused dtype is refused by its name rather than
// reported as unknown, and its byte range can still be checked against its shape.
constexpr SafetensorsDtype kDtypes[] = {
    {"F32", 32, torch::kFloat32},  {"F16", 16, torch::kFloat16}, {"BF16", 16, torch::kBFloat16},
    {"F64", 64, kRefused},         {"C64", 64, kRefused},        {"I64", 64, kRefused},
    {"U64", 64, kRefused},         {"I32", 32, kRefused},        {"U32", 32, kRefused},
    {"I16", 16, kRefused},         {"U16", 16, kRefused},        {"I8", 8, kRefused},
    {"U8", 8, kRefused},           {"BOOL", 8, kRefused},        {"F8_E4M3", 8, kRefused},
    {"F8_E5M2", 8, kRefused},      {"F8_E8M0", 8, kRefused},     {"F6_E2M3", 6, kRefused},
    {"F6_E3M2", 6, kRefused},      {"F4", 4, kRefused},
};

}  // namespace

const SafetensorsDtype *safetensorsDtypeByName(const QString &name)
{
    for (const SafetensorsDtype &d : kDtypes)
        if (name == QLatin1String(d.name))
            return &d;
    return nullptr;
}

const SafetensorsDtype *safetensorsDtypeFor(torch::ScalarType type)
{
    for (const SafetensorsDtype &d : kDtypes)
        if (d.loadable() && d.type == type)
            return &d;
    return nullptr;
}

QString loadableSafetensorsDtypes()
{
    return QStringLiteral("F32, F16 and BF16");
}

}  // namespace peftbench
