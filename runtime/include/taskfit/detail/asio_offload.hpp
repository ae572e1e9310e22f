// The flavour-neutral core of asio_offload, shared by <taskfit/asio.hpp> (standalone
// asio) and <taskfit/boost_asio.hpp> (Boost.Asio). It names no asio entity itself: each
// flavour header passes a `Net` type from its own detail namespace that spells the few
// asio calls it needs. A program that uses both flavours therefore instantiates two
// different templates, never one template with two meanings (which is what the old
// "whichever asio was included first" header did, an ODR violation).
#pragma once

#include <taskfit/detail/work_item.hpp>
#include <taskfit/errors.hpp>
#include <taskfit/thread_pool.hpp>

#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace taskfit::detail {

// The awaiting coroutine's completion handler plus a work guard on its executor: while
// the call runs on the pool, io_context::run() must not return for lack of work.
template <class Net, class Handler>
struct asio_completion {
    explicit asio_completion(Handler h) : handler(std::move(h)), work(Net::tracked_executor(handler)) {}

    // Resumes the coroutine on its own executor, never on the pool thread.
    void complete() { Net::post(work, std::move(handler)); }

    Handler handler;
    decltype(Net::tracked_executor(std::declval<Handler&>())) work;
};

template <class F>
using asio_offload_result = std::decay_t<std::invoke_result_t<F&>>;

// The coroutine behind every asio_offload overload: runs `fn` on `pool`, resumes on the
// awaiting coroutine's executor with the result or exception.
template <class Net, class Executor, class F>
auto asio_offload_on(thread_pool& pool, F fn) -> typename Net::template awaitable<asio_offload_result<F>, Executor> {
    using result = asio_offload_result<F>;
    using stored = std::conditional_t<std::is_void_v<result>, std::monostate, result>;
    // These live in this coroutine's frame, which stays put until the handler resumes it.
    std::optional<stored> value;
    std::exception_ptr error;

    co_await Net::template initiate<Executor>([&pool, &fn, &value, &error](auto handler) {
        using completion_type = asio_completion<Net, decltype(handler)>;
        auto completion = std::make_shared<completion_type>(std::move(handler));
        struct job {
            std::shared_ptr<completion_type> completion;
            F* fn;
            std::optional<stored>* value;
            std::exception_ptr* error;

            void operator()() {
                try {
                    if constexpr (std::is_void_v<result>) {
                        std::invoke(*fn);
                        value->emplace();
                    } else {
                        value->emplace(std::invoke(*fn));
                    }
                } catch (...) {
                    *error = std::current_exception();
                }
                completion->complete();
            }
            void cancel() noexcept {
                *error = std::make_exception_ptr(taskfit::cancelled{});
                completion->complete();
            }
        };
        try {
            pool.execute(work_item(job{completion, &fn, &value, &error}));
        } catch (...) {
            error = std::current_exception();  // pool_closed: report it at the co_await
            completion->complete();
        }
    });

    if (error) std::rethrow_exception(error);
    if constexpr (!std::is_void_v<result>) co_return std::move(*value);
}

}  // namespace taskfit::detail
