#pragma once
// The safetensors files of a Hugging Face model folder: model.safetensors, or the shards that
// model.safetensors.index.json's weight_map names. Pickle checkpoints are never opened.
#include "model/SafetensorsReader.h"

#include <QString>
#include <QStringList>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace peftbench {

// The file names Transformers gives pickle checkpoints; loading one runs its embedded code.
bool isPickleCheckpointName(const QString &fileName);

class HfWeightFiles {
public:
    // Opens the folder's weights (model.safetensors first, as Transformers does, else the sharded
    // index). Every problem goes to `problems`, naming the file: no weights at all, only pickle
    // weights (refused, with why and how to convert), an unreadable or malformed file, a malformed
    // index, a shard that is missing or outside the folder, a tensor the index puts in a shard that
    // does not hold it, a shard tensor the index does not list.
    static HfWeightFiles open(const QString &folder, QStringList &problems);

    // Every tensor the files hold where the index (if any) says: file by file, in data order for
    // model.safetensors, in the index's (sorted) order within each shard.
    const std::vector<std::string> &names() const { return m_names; }
    // The file holding the tensor; nullptr for a name no file holds.
    const SafetensorsReader *reader(const std::string &name) const;
    // What the weights were read from, for messages: the file, or the index with its shard count.
    const QString &description() const { return m_description; }

private:
    void addFile(std::unique_ptr<SafetensorsReader> reader);

    std::vector<std::unique_ptr<SafetensorsReader>> m_readers;
    std::map<std::string, const SafetensorsReader *> m_byName;
    std::vector<std::string> m_names;
    QString m_description;
};

}  // namespace peftbench
