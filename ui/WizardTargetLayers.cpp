#include "WizardTargetLayers.h"

#include <QCheckBox>
#include <QHBoxLayout>

#include <algorithm>

namespace peftbench {

WizardTargetLayers::WizardTargetLayers(const QString &prefix, const QString &toolTip, QWidget *parent) : QWidget(parent)
{
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    for (const std::string &module : modules()) {
        const QString name = QString::fromStdString(module);
        auto *box = new QCheckBox(name, this);
        box->setObjectName(QStringLiteral("%1Target_%2").arg(prefix, name));
        box->setToolTip(module == "gate" ? tr("The SwiGLU gate projection: only Llama-family models have it")
                                         : toolTip.arg(name));
        connect(box, &QCheckBox::toggled, this, [this] {
            updateGate();
            Q_EMIT toggled();
        });
        row->addWidget(box);
        m_boxes[module] = box;
    }
    row->addStretch(1);
    updateGate();
}

const std::vector<std::string> &WizardTargetLayers::modules()
{
    static const std::vector<std::string> all{"q", "k", "v", "o", "up", "gate", "down"};
    return all;
}

std::vector<std::string> WizardTargetLayers::checked() const
{
    std::vector<std::string> chosen;
    for (const std::string &module : modules())
        if (m_boxes.at(module)->isChecked())
            chosen.push_back(module);
    return chosen;
}

void WizardTargetLayers::setChecked(const std::vector<std::string> &chosen)
{
    for (auto &[module, box] : m_boxes) {
        const QSignalBlocker block(box);
        box->setChecked(std::find(chosen.begin(), chosen.end(), module) != chosen.end());
    }
    updateGate();
}

void WizardTargetLayers::setLlama(bool llama)
{
    m_llama = llama;
    updateGate();
}

void WizardTargetLayers::updateGate()
{
    // A checked gate stays editable so that a config written for Llama can be corrected.
    QCheckBox *gate = m_boxes.at("gate");
    gate->setEnabled(m_llama || gate->isChecked());
}

}  // namespace peftbench
