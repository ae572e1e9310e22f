// offload: run a blocking or CPU-heavy call on a thread_pool from a taskfit::task
// coroutine and resume on the coroutine's own event loop with the result (Python's
// asyncio.to_thread / loop.run_in_executor).
#pragma once

#include <taskfit/errors.hpp>
#include <taskfit/event_loop.hpp>
#include <taskfit/thread_pool.hpp>

#include <coroutine>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

namespace taskfit {

namespace detail {

template <class F>
class offload_awaiter {
public:
    // A call returning a reference hands back a copy: the referent may live on the pool's side.
    using result_type = std::decay_t<std::invoke_result_t<F&>>;

    offload_awaiter(thread_pool& pool, F fn) : pool_(pool), fn_(std::move(fn)) {}
    offload_awaiter(const offload_awaiter&) = delete;
    offload_awaiter& operator=(const offload_awaiter&) = delete;

    bool await_ready() const noexcept { return false; }

    void await_suspend(std::coroutine_handle<> awaiting) {
        event_loop* loop = event_loop::current();
        if (loop == nullptr) {
            throw std::logic_error(
                "taskfit::offload: awaited outside an event loop; run the task with taskfit::sync_wait");
        }
        inbox_ = loop->shared_inbox();
        awaiting_ = awaiting;
        // Throws pool_closed after shutdown; the exception surfaces at the co_await.
        pool_.execute(work_item(job{this}));
    }

    result_type await_resume() {
        if (error_) std::rethrow_exception(error_);
        if constexpr (!std::is_void_v<result_type>) return std::move(*value_);
    }

private:
    struct job {
        offload_awaiter* self;
        void operator()() { self->run(); }
        void cancel() noexcept {
            self->error_ = std::make_exception_ptr(taskfit::cancelled{});
            self->resume_on_loop();
        }
    };

    void run() {
        try {
            if constexpr (std::is_void_v<result_type>) {
                std::invoke(fn_);
            } else {
                value_.emplace(std::invoke(fn_));
            }
        } catch (...) {
            error_ = std::current_exception();
        }
        resume_on_loop();
    }

    // The last thing the pool thread does with this awaiter: after the post, the coroutine
    // (which owns the awaiter) may resume, finish, and end the loop at any moment; the
    // inbox stays alive through the local reference.
    void resume_on_loop() {
        const std::coroutine_handle<> awaiting = awaiting_;
        const std::shared_ptr<event_loop::inbox> inbox = std::move(inbox_);
        inbox->post(awaiting);
    }

    using stored_value = std::conditional_t<std::is_void_v<result_type>, std::monostate, result_type>;

    thread_pool& pool_;
    F fn_;
    std::shared_ptr<event_loop::inbox> inbox_;
    std::coroutine_handle<> awaiting_;
    std::optional<stored_value> value_;
    std::exception_ptr error_;
};

}  // namespace detail

/// `auto n = co_await taskfit::offload(taskfit::io_pool(), [&] { return read_file(path); });`
/// runs the callable on `pool` while the coroutine is suspended (its loop keeps running
/// other coroutines), then resumes the coroutine on its own loop thread, never on the pool
/// thread, with the callable's result (decayed to a value) or its exception. If the pool
/// cancels the job in shutdown, the co_await throws taskfit::cancelled; if the pool is
/// already shut down, taskfit::pool_closed.
template <class F>
[[nodiscard]] detail::offload_awaiter<std::decay_t<F>> offload(thread_pool& pool, F&& fn) {
    return detail::offload_awaiter<std::decay_t<F>>(pool, std::forward<F>(fn));
}

}  // namespace taskfit
