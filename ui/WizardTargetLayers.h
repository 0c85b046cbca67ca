#pragma once
// The row of layer checkboxes (q, k, v, o, up, gate, down) a method adapts: LoRA's and DoRA's
// target_modules, IA3's. The gate exists only in Llama-family models.
#include <QWidget>

#include <map>
#include <string>
#include <vector>

class QCheckBox;

namespace peftbench {

class WizardTargetLayers : public QWidget {
    Q_OBJECT
public:
    // Boxes are named "<prefix>Target_<module>"; `toolTip` has %1 for the module's name.
    WizardTargetLayers(const QString &prefix, const QString &toolTip, QWidget *parent = nullptr);

    // In the order of the transformer block, as target_modules lists them.
    static const std::vector<std::string> &modules();

    std::vector<std::string> checked() const;
    void setChecked(const std::vector<std::string> &modules);  // without emitting toggled
    void setLlama(bool llama);

Q_SIGNALS:
    void toggled();

private:
    void updateGate();

    std::map<std::string, QCheckBox *> m_boxes;
    bool m_llama = false;
};

}  // namespace peftbench
