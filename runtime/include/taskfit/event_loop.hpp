// event_loop: the single-threaded loop that sync_wait runs (asyncio's event loop). It
// resumes coroutines that are ready, fires timers for sleep_for, and takes coroutines
// handed back from other threads (offload, channel) so they always resume on the loop's
// own thread. Most code never names it; task, offload and sleep_for use it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <coroutine>
#include <cstdint>
#include <memory>
#include <mutex>
#include <queue>
#include <vector>

namespace taskfit {

class event_loop {
public:
    using clock = std::chrono::steady_clock;

    /// Where other threads hand coroutines back to a loop. Shared between the loop and
    /// those threads: the thread that hands over the coroutine that lets the loop finish
    /// may still be inside post() when the loop is destroyed.
    class inbox {
    public:
        /// Resumes `h` on the loop that owns this inbox, from any thread.
        void post(std::coroutine_handle<> h);

    private:
        friend class event_loop;
        std::mutex mutex_;
        std::condition_variable posted_;
        std::vector<std::coroutine_handle<>> items_;
    };

    event_loop() = default;
    event_loop(const event_loop&) = delete;
    event_loop& operator=(const event_loop&) = delete;

    /// The loop running on this thread, or nullptr outside sync_wait.
    [[nodiscard]] static event_loop* current() noexcept;

    /// What another thread needs to resume a coroutine on this loop.
    [[nodiscard]] std::shared_ptr<inbox> shared_inbox() const noexcept { return inbox_; }

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
    void take_posted_work();

    std::vector<std::coroutine_handle<>> ready_;
    std::priority_queue<timer, std::vector<timer>, std::greater<>> timers_;
    std::uint64_t timers_added_ = 0;
    std::shared_ptr<inbox> inbox_ = std::make_shared<inbox>();
};

}  // namespace taskfit
