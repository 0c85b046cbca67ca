#include "InterruptFlag.h"

#include <csignal>
#include <unistd.h>

namespace peftbench {

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int)
{
    if (g_interrupted.exchange(true))
        _exit(130);
    static const char message[] = "\npeftbench: cancelling after the current step (Ctrl-C again to quit now)\n";
    // write(2) is async-signal-safe; its result is of no use here.
    [[maybe_unused]] const ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
}

}  // namespace

const std::atomic<bool> &installInterruptHandler()
{
    struct sigaction action = {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    return g_interrupted;
}

}  // namespace peftbench
