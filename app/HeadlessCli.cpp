#include "HeadlessCli.h"

#include "Commands.h"

namespace peftbench {

namespace {

struct Command {
    const char *name;
    const char *synopsis;
    int (*run)(const QStringList &);
};

const Command kCommands[] = {
    {"run", "run EXPERIMENT.yaml      validate, queue and train an experiment's runs; print a comparison", runCommand},
    {"validate", "validate EXPERIMENT.yaml check a config, its base model and dataset; list its runs", validateCommand},
    {"runs", "runs list|show ID|delete ID  the stored runs", runsCommand},
    {"resume", "resume RUN_ID             continue an interrupted or cancelled run from its checkpoint", resumeCommand},
    {"pretrain", "pretrain RECIPE.yaml      pretrain a base model from scratch (see resources/models)", pretrainCommand},
    {"score", "score --model M [--run ID] (--text FILE | --dataset SRC)  NLL, perplexity, bits/byte", scoreCommand},
    {"generate", "generate --model M [--run ID] --prompt TEXT  continue a prompt", generateCommand},
    {"export", "export RUN_ID --format peft|merged -o DIR  a finished run as a Hugging Face PEFT adapter or model", exportCommand},
    {"report", "report (--experiment ID | --runs ID,ID,...) -o FILE  compare runs: html, pdf, md, csv or json", reportCommand},
};

}  // namespace

bool isHeadlessCommand(const QString &name)
{
    for (const Command &c : kCommands)
        if (name == QLatin1String(c.name))
            return true;
    return false;
}

QStringList headlessCommandSummaries()
{
    QStringList lines;
    for (const Command &c : kCommands)
        lines << QStringLiteral("  peftbench ") + QLatin1String(c.synopsis);
    return lines;
}

int runHeadlessCommand(const QStringList &args)
{
    for (const Command &c : kCommands)
        if (args.value(1) == QLatin1String(c.name))
            return c.run(args);
    return 2;
}

}  // namespace peftbench
