#pragma once

#include <QLatin1String>
#include <QString>

#include <cstddef>
#include <optional>

namespace peftbench {

// One table per enum gives both directions of the names used in configs, the store and the UI.
template <typename Enum>
struct EnumName {
    Enum value;
    const char *name;
};

template <typename Enum, size_t N>
QString enumName(const EnumName<Enum> (&table)[N], Enum value)
{
    for (const EnumName<Enum> &entry : table)
        if (entry.value == value)
            return QLatin1String(entry.name);
    return {};
}

template <typename Enum, size_t N>
std::optional<Enum> parseEnumName(const EnumName<Enum> (&table)[N], const QString &name)
{
    for (const EnumName<Enum> &entry : table)
        if (name == QLatin1String(entry.name))
            return entry.value;
    return std::nullopt;
}

}  // namespace peftbench
