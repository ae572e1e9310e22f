// when_all: run several taskfit::task coroutines concurrently on the awaiting coroutine's
// loop and resume once all have finished (asyncio.gather).
#pragma once

#include <taskfit/task.hpp>

#include <array>
#include <atomic>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace taskfit {

namespace detail {

// Counts the tasks still running; whoever brings it to zero resumes the awaiting
// coroutine. It starts one above the number of tasks so the awaiting coroutine does not
// resume from inside its own await_suspend when every task finishes synchronously.
struct when_all_counter {
    explicit when_all_counter(std::size_t tasks) : remaining(tasks + 1) {}
    std::atomic<std::size_t> remaining;
    std::coroutine_handle<> awaiting;

    [[nodiscard]] bool arrive() noexcept { return remaining.fetch_sub(1, std::memory_order_acq_rel) == 1; }
};

// A small coroutine per task that waits for it (without taking its result, which stays
// in the task for the caller) and then reports to the counter.
class when_all_driver {
public:
    struct promise_type {
        when_all_counter* counter = nullptr;

        when_all_driver get_return_object() noexcept {
            return when_all_driver(std::coroutine_handle<promise_type>::from_promise(*this));
        }
        std::suspend_always initial_suspend() const noexcept { return {}; }
        auto final_suspend() const noexcept {
            struct report {
                bool await_ready() const noexcept { return false; }
                std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) const noexcept {
                    when_all_counter& c = *h.promise().counter;
                    return c.arrive() ? c.awaiting : std::noop_coroutine();
                }
                void await_resume() const noexcept {}
            };
            return report{};
        }
        void return_void() const noexcept {}
        // Waiting for a task never throws: its exception stays in the task.
        void unhandled_exception() const noexcept { std::terminate(); }
    };

    explicit when_all_driver(std::coroutine_handle<promise_type> h) noexcept : handle_(h) {}
    when_all_driver(when_all_driver&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
    when_all_driver& operator=(when_all_driver&&) = delete;
    ~when_all_driver() {
        if (handle_) handle_.destroy();
    }

    void start(when_all_counter& counter) {
        handle_.promise().counter = &counter;
        handle_.resume();
    }

private:
    std::coroutine_handle<promise_type> handle_;
};

template <class T>
when_all_driver wait_for(task<T>& t) {
    co_await t.when_ready();
}

template <class Drivers>
class when_all_awaiter {
public:
    explicit when_all_awaiter(Drivers& drivers) : drivers_(drivers), counter_(std::size(drivers)) {}

    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> awaiting) {
        counter_.awaiting = awaiting;
        for (when_all_driver& d : drivers_) d.start(counter_);
        return !counter_.arrive();  // all finished already: carry on without suspending
    }
    void await_resume() const noexcept {}

private:
    Drivers& drivers_;
    when_all_counter counter_;
};

/// What a task<void> contributes to when_all's tuple.
template <class T>
using when_all_value_t = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

template <class T>
when_all_value_t<T> take_when_all_value(task<T>& t) {
    if constexpr (std::is_void_v<T>) {
        t.take_result();
        return {};
    } else {
        return t.take_result();
    }
}

}  // namespace detail

/// `auto [a, b] = co_await taskfit::when_all(std::move(t1), std::move(t2));` runs the
/// tasks concurrently on the current loop and returns their results in argument order
/// (std::monostate for task<void>). Every task runs to the end; then the first exception
/// in argument order, if any, is rethrown.
template <class... Ts>
task<std::tuple<detail::when_all_value_t<Ts>...>> when_all(task<Ts>... tasks) {
    std::array<detail::when_all_driver, sizeof...(Ts)> drivers{detail::wait_for(tasks)...};
    co_await detail::when_all_awaiter(drivers);
    // Braced initialisation evaluates left to right, so the first failure in argument order wins.
    co_return std::tuple<detail::when_all_value_t<Ts>...>{detail::take_when_all_value(tasks)...};
}

/// The same for a run-time number of tasks: a vector of results in the tasks' order
/// (task<void> for a vector of task<void>).
template <class T>
task<std::conditional_t<std::is_void_v<T>, void, std::vector<T>>> when_all(std::vector<task<T>> tasks) {
    std::vector<detail::when_all_driver> drivers;
    drivers.reserve(tasks.size());
    for (task<T>& t : tasks) drivers.push_back(detail::wait_for(t));
    co_await detail::when_all_awaiter(drivers);
    if constexpr (std::is_void_v<T>) {
        for (task<T>& t : tasks) t.take_result();
    } else {
        std::vector<T> results;
        results.reserve(tasks.size());
        for (task<T>& t : tasks) results.push_back(t.take_result());
        co_return results;
    }
}

}  // namespace taskfit
