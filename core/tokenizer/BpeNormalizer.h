#pragma once

#include <QString>

#include <string>
#include <string_view>
#include <vector>

namespace peftbench {

// The Unicode normalizers of tokenizer.json ("NFC" and its siblings), applied in order before
// pre-tokenization. Only the well-formed UTF-8 stretches of the input are normalized; invalid
// bytes pass through untouched so byte-level encoding still sees every one of them.
class BpeNormalizer {
public:
    void addForm(QString::NormalizationForm form) { m_forms.push_back(form); }
    bool isIdentity() const { return m_forms.empty(); }
    std::string apply(std::string_view bytes) const;

private:
    std::vector<QString::NormalizationForm> m_forms;
};

}  // namespace peftbench
