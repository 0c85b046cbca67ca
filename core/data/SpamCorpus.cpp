#include "data/SpamCorpus.h"

#include "data/DatasetError.h"
#include "data/MailMessage.h"
#include "data/SeededShuffle.h"
#include "data/TextUtf8.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <cctype>
#include <exception>
#include <thread>
#include <unordered_map>

namespace peftbench {

namespace {

std::string normalizedForDuplicates(const std::string &text)
{
    std::string out;
    out.reserve(text.size());
    bool space = false;
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
            continue;
        }
        if (space)
            out.push_back(' ');
        space = false;
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return out;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw DatasetError(path, QStringLiteral("cannot read: ") + file.errorString());
    return file.readAll();
}

}  // namespace

const std::vector<SpamGroup> &spamAssassinGroups()
{
    static const std::vector<SpamGroup> groups = {
        {"easy-ham-1", "ham"}, {"easy-ham-2", "ham"}, {"hard-ham-1", "ham"},
        {"spam-1", "spam"},    {"spam-2", "spam"},
    };
    return groups;
}

std::vector<TextRecord> readSpamAssassin(const QString &packageDir, SpamCorpusStats *stats)
{
    struct Job {
        QString path;
        const char *label;
    };
    std::vector<Job> jobs;
    const QDir data(QDir(packageDir).filePath(QStringLiteral("data")));
    for (const SpamGroup &group : spamAssassinGroups()) {
        const QDir dir(data.filePath(QString::fromLatin1(group.folder)));
        const QStringList names = dir.entryList({QStringLiteral("*.txt")}, QDir::Files, QDir::Name);
        if (names.isEmpty())
            throw DatasetError(dir.path(), QStringLiteral("no mails (*.txt) in this folder of the SpamAssassin corpus"));
        for (const QString &name : names)
            jobs.push_back({dir.filePath(name), group.label});
    }

    // Decoding ~6,000 mails (MIME, charsets, HTML) is the slow part of the conversion: spread it
    // over a few threads. Every result lands in its own slot, so the order stays the file order.
    std::vector<TextRecord> records(jobs.size());
    std::vector<std::exception_ptr> errors(jobs.size());
    const size_t threadCount = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
    auto work = [&](size_t first) {
        for (size_t i = first; i < jobs.size(); i += threadCount) {
            try {
                const QByteArray raw = readFile(jobs[i].path);
                const MailText mail = extractMailText(std::string_view(raw.constData(), static_cast<size_t>(raw.size())));
                records[i].text = truncateUtf8(mailTrainingText(mail), kMaxMailTextBytes);
                records[i].label = jobs[i].label;
            } catch (...) {
                errors[i] = std::current_exception();  // rethrown on this thread below
            }
        }
    };
    std::vector<std::thread> threads;
    for (size_t t = 1; t < threadCount; ++t)
        threads.emplace_back(work, t);
    work(0);
    for (std::thread &thread : threads)
        thread.join();
    for (const std::exception_ptr &error : errors)
        if (error)
            std::rethrow_exception(error);

    if (stats)
        stats->mails = records.size();
    return records;
}

std::vector<TextRecord> deduplicateAndBalance(std::vector<TextRecord> records, uint64_t seed,
                                              SpamCorpusStats *stats)
{
    SpamCorpusStats local;
    if (!stats)
        stats = &local;

    // First copy of each normalized text, and whether the text appears under another label too.
    struct Seen {
        size_t first;
        bool conflicting;
    };
    std::unordered_map<std::string, Seen> seen;
    std::vector<std::string> keys(records.size());
    std::vector<bool> keep(records.size(), false);
    for (size_t i = 0; i < records.size(); ++i) {
        keys[i] = normalizedForDuplicates(records[i].text);
        if (keys[i].empty()) {
            ++stats->empty;
            continue;
        }
        auto [it, inserted] = seen.emplace(keys[i], Seen{i, false});
        if (inserted) {
            keep[i] = true;
        } else {
            ++stats->duplicates;
            if (records[it->second.first].label != records[i].label)
                it->second.conflicting = true;
        }
    }
    // A text labelled both ways teaches nothing but noise: drop every copy of it.
    for (size_t i = 0; i < records.size(); ++i) {
        if (keys[i].empty())
            continue;
        const Seen &s = seen.at(keys[i]);
        if (s.conflicting) {
            if (keep[i]) {
                keep[i] = false;
                ++stats->conflicting;
            } else {
                --stats->duplicates;  // counted as conflicting rather than duplicate
                ++stats->conflicting;
            }
        }
    }

    // Balance: a seeded subset of the majority class, the minority's size.
    std::unordered_map<std::string, std::vector<size_t>> byLabel;
    std::vector<std::string> labelOrder;
    for (size_t i = 0; i < records.size(); ++i) {
        if (!keep[i])
            continue;
        auto &members = byLabel[records[i].label];
        if (members.empty())
            labelOrder.push_back(records[i].label);
        members.push_back(i);
    }
    size_t smallest = SIZE_MAX;
    for (const auto &[label, members] : byLabel)
        smallest = std::min(smallest, members.size());
    for (const std::string &label : labelOrder) {
        const std::vector<size_t> &members = byLabel[label];
        if (members.size() <= smallest)
            continue;
        const std::vector<size_t> order = seededPermutation(members.size(), seed);
        for (size_t k = smallest; k < order.size(); ++k) {
            keep[members[order[k]]] = false;
            ++stats->downsampled;
        }
    }

    std::vector<TextRecord> out;
    for (size_t i = 0; i < records.size(); ++i) {
        if (!keep[i])
            continue;
        if (records[i].label == "spam")
            ++stats->spam;
        else if (records[i].label == "ham")
            ++stats->ham;
        out.push_back(std::move(records[i]));
    }
    return out;
}

}  // namespace peftbench
