// libFuzzer harness: the user dataset readers as loadUserDataset runs them — UTF-8 check, then the
// plain text (paragraphs, and whole file split contiguously), CSV, TSV and JSONL readers, the
// dataset checks (two labels, some record fitting 64 tokens) and the seeded splits. Every input is
// read in every format and for every task it allows, so one seed corpus serves all readers.
#include "FuzzCheck.h"
#include "FuzzInputFile.h"

#include "data/DatasetError.h"
#include "data/DatasetLoader.h"
#include "data/TextUtf8.h"
#include "tokenizer/ByteTokenizer.h"

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

using namespace peftbench;
using peftbench::fuzz::expectContract;

namespace {

struct ReadAs {
    const char *fileName;
    UserDatasetFormat format;
    TextRecordMode textMode;
    TaskKind task;
};

constexpr ReadAs kReads[] = {
    {"data.txt", UserDatasetFormat::Text, TextRecordMode::Paragraphs, TaskKind::CausalLm},
    {"data.txt", UserDatasetFormat::Text, TextRecordMode::WholeFile, TaskKind::CausalLm},
    {"data.csv", UserDatasetFormat::Csv, TextRecordMode::Paragraphs, TaskKind::CausalLm},
    {"data.csv", UserDatasetFormat::Csv, TextRecordMode::Paragraphs, TaskKind::Classification},
    {"data.csv", UserDatasetFormat::Csv, TextRecordMode::Paragraphs, TaskKind::Completion},
    {"data.tsv", UserDatasetFormat::Tsv, TextRecordMode::Paragraphs, TaskKind::CausalLm},
    {"data.tsv", UserDatasetFormat::Tsv, TextRecordMode::Paragraphs, TaskKind::Classification},
    {"data.tsv", UserDatasetFormat::Tsv, TextRecordMode::Paragraphs, TaskKind::Completion},
    {"data.jsonl", UserDatasetFormat::Jsonl, TextRecordMode::Paragraphs, TaskKind::CausalLm},
    {"data.jsonl", UserDatasetFormat::Jsonl, TextRecordMode::Paragraphs, TaskKind::Classification},
    {"data.jsonl", UserDatasetFormat::Jsonl, TextRecordMode::Paragraphs, TaskKind::Completion},
};

void checkAccepted(const DatasetSplits &splits, const ReadAs &read, std::string_view input)
{
    const std::string how = std::string(read.fileName) + " as " + taskKindName(read.task).toStdString() + ": ";
    expectContract(splits.size() > 0, how + "accepted with no records");
    expectContract(splits.task == read.task, how + "splits of another task");
    std::set<std::string> labels;
    const std::string_view text = withoutUtf8Bom(input);
    size_t searchFrom = 0;  // whole-file pieces: where the next one may start
    for (const auto *part : {&splits.train, &splits.validation, &splits.test}) {
        for (const TextRecord &r : *part) {
            // The input passed the UTF-8 check and readers cut only at ASCII delimiters or
            // character boundaries, so every field they produce is valid UTF-8 too.
            for (const std::string *field : {&r.text, &r.prompt, &r.completion, &r.label})
                expectContract(isValidUtf8(*field), how + "a record field is not valid UTF-8");
            if (read.task == TaskKind::Classification)
                labels.insert(r.label);
            if (read.textMode == TextRecordMode::WholeFile) {
                // Pieces are cut in order and trimmed of blank lines, so each lies in the text
                // after the one before.
                const size_t at = text.find(r.text, searchFrom);
                expectContract(at != std::string_view::npos, how + "a piece is not the next part of the text");
                searchFrom = at + r.text.size();
            }
        }
    }
    if (read.task == TaskKind::Classification)
        expectContract(labels.size() >= 2 && !labels.count(std::string()), how + "fewer than two labels, or an empty one");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    const ByteTokenizer tokenizer;
    QString written;  // the file of the previous read, when it has the same name
    QString path;
    for (const ReadAs &read : kReads) {
        if (written != QLatin1String(read.fileName)) {
            path = fuzz::writeFuzzInput(QLatin1String(read.fileName), data, size);
            written = QLatin1String(read.fileName);
        }
        UserDatasetSpec spec;
        spec.path = path;
        spec.task = read.task;
        spec.format = read.format;
        spec.textMode = read.textMode;
        spec.tokenizer = &tokenizer;
        spec.maxLength = 64;
        try {
            checkAccepted(loadUserDataset(spec), read, input);
        } catch (const DatasetError &error) {
            expectContract(error.file() == path && error.message().startsWith(path),
                           "the message does not start with the file: " + error.message().toStdString());
        }
    }
    return 0;
}
