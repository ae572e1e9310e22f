// sleep_for / sleep_until: suspend a taskfit::task coroutine on a timer of its event loop
// (asyncio.sleep), instead of blocking the loop's thread like std::this_thread::sleep_for.
#pragma once

#include <taskfit/event_loop.hpp>

#include <chrono>
#include <coroutine>
#include <stdexcept>

namespace taskfit {

namespace detail {

class sleep_awaiter {
public:
    explicit sleep_awaiter(event_loop::clock::time_point deadline) noexcept : deadline_(deadline) {}

    // Even a zero sleep suspends, so other coroutines on the loop get a turn (asyncio.sleep(0)).
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) const {
        event_loop* loop = event_loop::current();
        if (loop == nullptr) {
            throw std::logic_error(
                "taskfit::sleep_for: awaited outside an event loop; run the task with taskfit::sync_wait");
        }
        loop->schedule_at(deadline_, h);
    }
    void await_resume() const noexcept {}

private:
    event_loop::clock::time_point deadline_;
};

}  // namespace detail

/// `co_await taskfit::sleep_until(deadline);` resumes once the loop's clock passes `deadline`.
[[nodiscard]] inline detail::sleep_awaiter sleep_until(event_loop::clock::time_point deadline) noexcept {
    return detail::sleep_awaiter(deadline);
}

/// `co_await taskfit::sleep_for(100ms);` resumes after at least `duration`; other
/// coroutines on the loop run meanwhile.
template <class Rep, class Period>
[[nodiscard]] detail::sleep_awaiter sleep_for(std::chrono::duration<Rep, Period> duration) {
    using clock = event_loop::clock;
    const clock::time_point now = clock::now();
    const auto wait = std::chrono::ceil<clock::duration>(duration);
    // Clamped so "forever" (duration::max()) does not overflow the deadline.
    const clock::time_point deadline = wait > clock::time_point::max() - now ? clock::time_point::max() : now + wait;
    return detail::sleep_awaiter(deadline);
}

}  // namespace taskfit
