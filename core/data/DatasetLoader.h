#pragma once

// User datasets (SPEC §4): plain text, CSV/TSV and JSONL files, read, checked and split.

#include "data/DatasetFields.h"
#include "data/DatasetSplits.h"

#include <QString>

#include <cstdint>

namespace peftbench {

class Tokenizer;

enum class UserDatasetFormat { Auto, Text, Csv, Tsv, Jsonl };

// How a plain text file becomes records.
enum class TextRecordMode {
    Paragraphs,  // one record per blank-line-separated paragraph, split like any other records
    WholeFile,   // one running text, split contiguously (splitTextContiguously)
};

struct UserDatasetSpec {
    QString path;
    TaskKind task = TaskKind::CausalLm;
    UserDatasetFormat format = UserDatasetFormat::Auto;  // Auto: from the file extension
    TextRecordMode textMode = TextRecordMode::Paragraphs;
    DatasetFields fields;      // CSV column / JSONL key names
    SplitFractions split;
    uint64_t seed = 42;
    // When both are set, classification and completion datasets must have at least one record
    // that fits (requireSomeRecordFits).
    const Tokenizer *tokenizer = nullptr;
    int maxLength = 0;
};

// .txt .text .md -> Text, .csv -> Csv, .tsv .tab -> Tsv, .jsonl .ndjson -> Jsonl (case-insensitive).
// Throws DatasetError naming the file and the known extensions for anything else.
UserDatasetFormat userDatasetFormatForPath(const QString &path);

// Reads, checks and splits a user dataset. Every problem is a DatasetError whose message starts
// with the file (and line, and column for CSV): unreadable file, invalid UTF-8 (line and byte
// offset), CSV quoting, ragged rows, missing columns, bad JSON, missing fields, empty dataset, a
// single label, nothing fitting max_length, a plain text file for a task other than causal_lm.
// Splits: seeded (splitIndices), stratified by label for classification so every class with three
// or more records is in every split; TextRecordMode::WholeFile is split contiguously instead.
DatasetSplits loadUserDataset(const UserDatasetSpec &spec);

}  // namespace peftbench
