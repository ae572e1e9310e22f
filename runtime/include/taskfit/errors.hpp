// The exceptions the runtime reports through futures, tasks and calls: work that was
// cancelled before it ran, and work handed to a pool that no longer accepts it.
#pragma once

#include <stdexcept>

namespace taskfit {

/// Completes the future (or resumes the awaiting coroutine) of work that a
/// `thread_pool::shutdown(..., /*cancel_pending=*/true)` dropped before it started,
/// so that nothing waiting on it hangs; parallel_for and map throw it when such a
/// shutdown stopped chunks they had not started. Python's counterpart is `CancelledError`.
class cancelled : public std::runtime_error {
public:
    cancelled() : std::runtime_error("taskfit: the work was cancelled before it started") {}
};

/// Thrown by `submit`, `post`, `map`, `parallel_for` and `offload` once the pool has been shut down,
/// like Python's "cannot schedule new futures after shutdown".
class pool_closed : public std::runtime_error {
public:
    pool_closed() : std::runtime_error("taskfit: cannot schedule work on a thread_pool after shutdown") {}
};

}  // namespace taskfit
