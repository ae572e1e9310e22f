// task<T>: the lazy coroutine type of taskfit (an asyncio coroutine), and sync_wait, which
// runs one to completion on an event loop on the calling thread (asyncio.run).
#pragma once

#include <taskfit/event_loop.hpp>

#include <coroutine>
#include <exception>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

namespace taskfit {

template <class T = void>
class task;

namespace detail {

class task_promise_base {
public:
    std::suspend_always initial_suspend() const noexcept { return {}; }

    struct final_awaiter {
        bool await_ready() const noexcept { return false; }
        template <class Promise>
        std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> h) const noexcept {
            return h.promise().continuation_;
        }
        void await_resume() const noexcept {}
    };
    final_awaiter final_suspend() const noexcept { return {}; }

    void set_continuation(std::coroutine_handle<> continuation) noexcept { continuation_ = continuation; }

private:
    // Who resumes when this task finishes: the awaiting coroutine, or nobody (the loop
    // notices a finished root task by itself).
    std::coroutine_handle<> continuation_ = std::noop_coroutine();
};

template <class T>
class task_promise : public task_promise_base {
public:
    task<T> get_return_object() noexcept;

    template <class U = T>
        requires std::is_convertible_v<U&&, T>
    void return_value(U&& value) {
        result_.template emplace<1>(std::forward<U>(value));
    }
    void unhandled_exception() noexcept { result_.template emplace<2>(std::current_exception()); }

    T take_result() {
        if (result_.index() == 2) std::rethrow_exception(std::get<2>(result_));
        return std::move(std::get<1>(result_));
    }

private:
    std::variant<std::monostate, T, std::exception_ptr> result_;
};

template <>
class task_promise<void> : public task_promise_base {
public:
    task<void> get_return_object() noexcept;

    void return_void() noexcept {}
    void unhandled_exception() noexcept { error_ = std::current_exception(); }

    void take_result() {
        if (error_) std::rethrow_exception(error_);
    }

private:
    std::exception_ptr error_;
};

}  // namespace detail

/// A coroutine that starts only when awaited (or passed to sync_wait or when_all) and
/// produces a T or an exception. Move-only; destroying it destroys the coroutine.
template <class T>
class [[nodiscard]] task {
    static_assert(!std::is_reference_v<T>, "taskfit::task<T>: return a value or a pointer, not a reference");

public:
    using promise_type = detail::task_promise<T>;
    using value_type = T;

    task() noexcept = default;
    explicit task(std::coroutine_handle<promise_type> h) noexcept : handle_(h) {}
    task(task&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
    task& operator=(task&& other) noexcept {
        if (this != &other) {
            if (handle_) handle_.destroy();
            handle_ = std::exchange(other.handle_, nullptr);
        }
        return *this;
    }
    task(const task&) = delete;
    task& operator=(const task&) = delete;
    ~task() {
        if (handle_) handle_.destroy();
    }

    /// False for a default-constructed or moved-from task.
    [[nodiscard]] bool valid() const noexcept { return static_cast<bool>(handle_); }

    /// Starts the task; the awaiting coroutine resumes with its result when it finishes.
    auto operator co_await() && { return awaiter<true>{handle_}; }
    auto operator co_await() & { return awaiter<true>{handle_}; }

    /// Waits for the task to finish without taking its result (used by when_all).
    auto when_ready() & { return awaiter<false>{handle_}; }

    /// The result of a finished task (rethrows its exception). Used by sync_wait and when_all.
    T take_result() {
        if (!handle_ || !handle_.done()) throw std::logic_error("taskfit::task: the task has not finished");
        return handle_.promise().take_result();
    }

    [[nodiscard]] std::coroutine_handle<promise_type> handle() const noexcept { return handle_; }

private:
    template <bool TakeResult>
    struct awaiter {
        std::coroutine_handle<promise_type> handle;

        bool await_ready() const {
            if (!handle) throw std::logic_error("taskfit::task: awaiting an empty task");
            return handle.done();
        }
        std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) const noexcept {
            handle.promise().set_continuation(awaiting);
            return handle;  // start the task; symmetric transfer keeps the stack flat
        }
        decltype(auto) await_resume() const {
            if constexpr (TakeResult) return handle.promise().take_result();
        }
    };

    std::coroutine_handle<promise_type> handle_;
};

namespace detail {

template <class T>
task<T> task_promise<T>::get_return_object() noexcept {
    return task<T>(std::coroutine_handle<task_promise<T>>::from_promise(*this));
}

inline task<void> task_promise<void>::get_return_object() noexcept {
    return task<void>(std::coroutine_handle<task_promise<void>>::from_promise(*this));
}

}  // namespace detail

/// Runs `t` on a new event loop on the calling thread until it finishes, and returns its
/// result or rethrows its exception (Python's asyncio.run). Blocks the calling thread.
template <class T>
T sync_wait(task<T> t) {
    if (!t.valid()) throw std::logic_error("taskfit::sync_wait: empty task");
    event_loop loop;
    loop.run_until_done(t.handle());
    return t.take_result();
}

}  // namespace taskfit
