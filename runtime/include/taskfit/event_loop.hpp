// event_loop: the single-threaded loop that sync_wait runs (asyncio's event loop). It
// resumes coroutines that are ready, fires timers for sleep_for, and takes coroutines
// handed back from other threads (offload, channel) so they always resume on the loop's
// own thread. Most code never names it; task, offload and sleep_for use it.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <coroutine>
#include <cstdint>
#include <mutex>
#include <queue>
#include <vector>

namespace taskfit {

class event_loop {
public:
    using clock = std::chrono::steady_clock;

    event_loop() = default;
    event_loop(const event_loop&) = delete;
    event_loop& operator=(const event_loop&) = delete;

    /// The loop running on this thread, or nullptr outside sync_wait.
    [[nodiscard]] static event_loop* current() noexcept;

    /// Resumes `h` on this loop's next turn. Only from the loop's own thread.
    void schedule(std::coroutine_handle<> h);

    /// Resumes `h` on this loop, from any thread.
    void post(std::coroutine_handle<> h);

    /// Resumes `h` once `deadline` has passed. Only from the loop's own thread.
    void schedule_at(clock::time_point deadline, std::coroutine_handle<> h);

    /// Makes this the current loop, resumes `root` and keeps turning until `root` is done.
    void run_until_done(std::coroutine_handle<> root);

private:
    struct timer {
        clock::time_point deadline;
        std::uint64_t order;  // keeps timers with equal deadlines first-in, first-out
        std::coroutine_handle<> handle;
        friend bool operator>(const timer& a, const timer& b) noexcept {
            return a.deadline != b.deadline ? a.deadline > b.deadline : a.order > b.order;
        }
    };

    void fire_due_timers();
    void wait_for_remote_work();

    std::vector<std::coroutine_handle<>> ready_;
    std::priority_queue<timer, std::vector<timer>, std::greater<>> timers_;
    std::uint64_t timers_added_ = 0;

    std::mutex remote_mutex_;
    std::condition_variable remote_posted_;
    std::vector<std::coroutine_handle<>> remote_;
    std::atomic<bool> remote_pending_{false};  // remote_ is not empty; readable without the mutex
};

}  // namespace taskfit
