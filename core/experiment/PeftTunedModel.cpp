#include "experiment/PeftTunedModel.h"

#include "methods/FineTuningMethod.h"
#include "model/PeftAdapterImport.h"
#include "model/Transformer.h"

#include <stdexcept>

namespace peftbench {

TunedModel loadPeftTunedModel(const QString &modelReference, const QString &adapterFolder)
{
    TunedModel tuned;
    tuned.base = loadBaseModel(modelReference, {});
    const PeftAdapter adapter = readPeftAdapter(adapterFolder, tuned.base.config);
    Transformer model(tuned.base.config);
    model->loadWeights(*tuned.base.weights);
    tuned.method = createMethod(adapter.method);
    try {
        tuned.method->apply(model, 0);
        tuned.method->loadAdapter(adapter.adapter);
    } catch (const std::invalid_argument &e) {   // read checked it all; a mismatch left is still the adapter's
        throw FileFormatError(QStringLiteral("%1: %2").arg(adapter.folder, QString::fromUtf8(e.what())).toStdString());
    }
    tuned.method->model()->eval();
    tuned.description = QStringLiteral("%1 + PEFT adapter %2 (%3)")
                            .arg(modelReference, adapter.folder, methodKindName(adapter.method.kind));
    return tuned;
}

}  // namespace peftbench
