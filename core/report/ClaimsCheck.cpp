// The eight claims of issue 7, each judged from the representative group of every method.
#include "report/ClaimsCheck.h"

#include <cmath>
#include <optional>

namespace peftbench {

QString verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Supported: return QStringLiteral("supported");
    case Verdict::Refuted: return QStringLiteral("refuted");
    case Verdict::Inconclusive: return QStringLiteral("inconclusive");
    }
    return {};
}

const QStringList &claimIds()
{
    static const QStringList ids{
        QStringLiteral("pt_fewest_params"),   QStringLiteral("pt_least_memory"),    QStringLiteral("lora_less_memory"),
        QStringLiteral("full_best_quality"),  QStringLiteral("lora_beats_pt"),      QStringLiteral("full_overfits_more"),
        QStringLiteral("adapters_far_smaller"), QStringLiteral("lora_faster_per_step"),
    };
    return ids;
}

namespace {

const QString kPrompt = QStringLiteral("prompt_tuning");
const QString kLora = QStringLiteral("lora");
const QString kFull = QStringLiteral("full");

// How much a difference must say before it counts (see the header).
enum class Evidence { Deterministic, MeasuredCost, Quality };

QString methodTitle(const QString &method)
{
    if (method == kPrompt)
        return QStringLiteral("prompt tuning");
    if (method == kLora)
        return QStringLiteral("LoRA");
    if (method == kFull)
        return QStringLiteral("full fine-tuning");
    return method;
}

// What quality means for these runs: the test metric when every group has one, else the best
// validation loss (every run evaluates on validation).
struct Quality {
    RunMetric metric = RunMetric::BestValLoss;
    bool higherBetter = false;
    QString name;
};

Quality qualityOf(const Comparison &c)
{
    const RunMetric metric = qualityMetric(c);
    return {metric, higherIsBetter(metric, c.metricName), metricLabel(metric, c.metricName)};
}

// One method as a claim sees it: its best-quality group.
struct Side {
    QString method;
    int group = -1;
    QString label;
};

std::optional<Side> representative(const Comparison &c, const QString &method, const Quality &quality)
{
    std::optional<Side> best;
    double bestValue = 0;
    for (int g = 0; g < int(c.groups.size()); ++g) {
        if (c.groups[size_t(g)].method != method)
            continue;
        const double v = groupStat(c, g, quality.metric).mean;
        const bool better = !best || (std::isfinite(v) && (!std::isfinite(bestValue) || (quality.higherBetter ? v > bestValue : v < bestValue)));
        if (better) {
            best = Side{method, g, c.groups[size_t(g)].label};
            bestValue = v;
        }
    }
    return best;
}

QString statText(const Stat &s, RunMetric metric)
{
    if (s.n == 0)
        return QStringLiteral("not recorded");
    QString text = formatMetric(metric, s.mean);
    if (s.n > 1)
        text += QStringLiteral(" ± ") + formatMetric(metric, s.std);
    return text + QStringLiteral(" (n=%1)").arg(s.n);
}

// Judges "a is better than b" on `metric`, where better is higher when higherBetter. `why` gets
// the reason when the answer is inconclusive.
Verdict judgeBetter(const Stat &a, const Stat &b, bool higherBetter, Evidence evidence, QString &why)
{
    if (a.n == 0 || b.n == 0) {
        why = QStringLiteral("a value was not recorded");
        return Verdict::Inconclusive;
    }
    const double diff = a.mean - b.mean;
    const bool aBetter = higherBetter ? diff > 0 : diff < 0;
    const bool spreadKnown = a.n >= 2 && b.n >= 2;
    if (evidence == Evidence::Quality && !spreadKnown) {
        why = QStringLiteral("a single seed on one side: quality needs at least two seeds per configuration (repeats: 2)");
        return Verdict::Inconclusive;
    }
    if (evidence != Evidence::Deterministic) {
        if (spreadKnown) {
            const double pooled = std::sqrt(((a.n - 1) * a.std * a.std + (b.n - 1) * b.std * b.std) / double(a.n + b.n - 2));
            if (std::abs(diff) <= kSpreadFactor * pooled) {
                why = QStringLiteral("the difference %1 is within %2 × the seed-to-seed standard deviation %3")
                          .arg(QString::number(std::abs(diff), 'g', 3), QString::number(kSpreadFactor), QString::number(pooled, 'g', 3));
                return Verdict::Inconclusive;
            }
        } else if (std::abs(diff) <= kSingleRunCostMargin * std::max(std::abs(a.mean), std::abs(b.mean))) {
            why = QStringLiteral("a single run per side and a difference within %1%, inside run-to-run noise")
                      .arg(kSingleRunCostMargin * 100, 0, 'g', 3);
            return Verdict::Inconclusive;
        }
    }
    return aBetter ? Verdict::Supported : Verdict::Refuted;
}

// Combines pairwise verdicts: one refutation refutes, all supported supports.
Verdict combine(const std::vector<Verdict> &verdicts)
{
    bool allSupported = !verdicts.empty();
    for (Verdict v : verdicts) {
        if (v == Verdict::Refuted)
            return Verdict::Refuted;
        allSupported = allSupported && v == Verdict::Supported;
    }
    return allSupported ? Verdict::Supported : Verdict::Inconclusive;
}

class ClaimJudge {
public:
    explicit ClaimJudge(const Comparison &c) : c_(c), quality_(qualityOf(c))
    {
        for (const QString &m : {kPrompt, kLora, kFull})
            if (auto side = representative(c, m, quality_))
                sides_.insert(m, *side);
    }

    // "`subject` is better than every method in `others` on `metric`."
    ClaimResult judge(const QString &id, const QString &statement, const QString &subject, const QStringList &others,
                      RunMetric metric, bool higherBetter, Evidence evidence) const
    {
        ClaimResult r{id, statement, Verdict::Inconclusive, {}};
        QStringList missing;
        for (const QString &m : QStringList{subject} + others)
            if (!sides_.contains(m))
                missing << methodTitle(m);
        if (!missing.isEmpty()) {
            r.evidence = QStringLiteral("Needs runs of %1; none among the compared runs.").arg(missing.join(QStringLiteral(" and ")));
            return r;
        }
        QStringList numbers{valueText(subject, metric)};
        QStringList reasons, whys;
        std::vector<Verdict> verdicts;
        const Stat a = stat(subject, metric);
        for (const QString &other : others) {
            numbers << valueText(other, metric);
            QString why;
            verdicts.push_back(judgeBetter(a, stat(other, metric), higherBetter, evidence, why));
            if (verdicts.back() == Verdict::Inconclusive) {
                reasons << QStringLiteral("against %1: %2").arg(methodTitle(other), why);
                whys << why;
            }
        }
        r.verdict = combine(verdicts);
        r.evidence = QStringLiteral("%1: %2.").arg(metricLabel(metric, c_.metricName, c_.memoryLabel), numbers.join(QStringLiteral("; ")));
        whys.removeDuplicates();
        if (r.verdict == Verdict::Inconclusive && whys.size() == 1 && reasons.size() == int(others.size()))
            r.evidence += QStringLiteral(" Inconclusive: ") + whys.first() + QLatin1Char('.');   // the same reason throughout
        else if (r.verdict == Verdict::Inconclusive && !reasons.isEmpty())
            r.evidence += QStringLiteral(" Inconclusive ") + reasons.join(QStringLiteral("; ")) + QLatin1Char('.');
        if (evidence == Evidence::Quality && metric == RunMetric::BestValLoss)
            r.evidence += QStringLiteral(" (Quality judged on validation loss: not every run has a test %1.)")
                              .arg(c_.metricName.isEmpty() ? QStringLiteral("metric") : c_.metricName);
        return r;
    }

    ClaimResult farSmaller(const QString &id, const QString &statement) const
    {
        ClaimResult r{id, statement, Verdict::Inconclusive, {}};
        if (!sides_.contains(kFull) || (!sides_.contains(kLora) && !sides_.contains(kPrompt))) {
            r.evidence = QStringLiteral("Needs a full fine-tuning run and at least one LoRA or prompt tuning run.");
            return r;
        }
        const Stat full = stat(kFull, RunMetric::AdapterBytes);
        QStringList parts{QStringLiteral("full checkpoint %1").arg(formatMetric(RunMetric::AdapterBytes, full.mean))};
        std::vector<Verdict> verdicts;
        for (const QString &m : {kLora, kPrompt}) {
            if (!sides_.contains(m))
                continue;
            const Stat adapter = stat(m, RunMetric::AdapterBytes);
            if (full.n == 0 || adapter.n == 0) {
                verdicts.push_back(Verdict::Inconclusive);
                parts << QStringLiteral("%1 adapter size not recorded").arg(methodTitle(m));
                continue;
            }
            const double factor = full.mean / adapter.mean;
            verdicts.push_back(factor >= kFarSmallerFactor ? Verdict::Supported : Verdict::Refuted);
            parts << QStringLiteral("%1 adapter %2, %3× smaller")
                         .arg(methodTitle(m), formatMetric(RunMetric::AdapterBytes, adapter.mean), QString::number(factor, 'f', 1));
        }
        r.verdict = combine(verdicts);
        r.evidence = QStringLiteral("Size on disk: %1. \"Far smaller\" means at least %2× smaller.")
                         .arg(parts.join(QStringLiteral("; ")), QString::number(kFarSmallerFactor));
        return r;
    }

    const Quality &quality() const { return quality_; }

private:
    Stat stat(const QString &method, RunMetric metric) const { return groupStat(c_, sides_.value(method).group, metric); }

    QString valueText(const QString &method, RunMetric metric) const
    {
        return QStringLiteral("%1 \"%2\" %3").arg(methodTitle(method), sides_.value(method).label,
                                                  statText(stat(method, metric), metric));
    }

    const Comparison &c_;
    Quality quality_;
    QHash<QString, Side> sides_;
};

}  // namespace

std::vector<ClaimResult> checkClaims(const Comparison &comparison)
{
    const ClaimJudge j(comparison);
    const Quality &q = j.quality();
    const QStringList ids = claimIds();
    return {
        j.judge(ids[0], QStringLiteral("Prompt tuning trains the fewest parameters."), kPrompt, {kLora, kFull},
                RunMetric::TrainableParams, false, Evidence::Deterministic),
        j.judge(ids[1], QStringLiteral("Prompt tuning needs the least memory."), kPrompt, {kLora, kFull},
                RunMetric::PeakMemory, false, Evidence::MeasuredCost),
        j.judge(ids[2], QStringLiteral("LoRA needs less memory than full fine-tuning."), kLora, {kFull},
                RunMetric::PeakMemory, false, Evidence::MeasuredCost),
        j.judge(ids[3], QStringLiteral("Full fine-tuning reaches the best quality."), kFull, {kLora, kPrompt},
                q.metric, q.higherBetter, Evidence::Quality),
        j.judge(ids[4], QStringLiteral("LoRA beats prompt tuning on quality."), kLora, {kPrompt},
                q.metric, q.higherBetter, Evidence::Quality),
        // "Over-fits more" = a larger gap, so here the larger value is the one the claim expects.
        j.judge(ids[5], QStringLiteral("Full fine-tuning over-fits more (a larger generalization gap)."), kFull, {kLora, kPrompt},
                RunMetric::GeneralizationGap, true, Evidence::Quality),
        j.farSmaller(ids[6], QStringLiteral("Adapters are far smaller on disk than a full checkpoint.")),
        j.judge(ids[7], QStringLiteral("LoRA trains faster per step than full fine-tuning."), kLora, {kFull},
                RunMetric::SecondsPerStep, false, Evidence::MeasuredCost),
    };
}

}  // namespace peftbench
