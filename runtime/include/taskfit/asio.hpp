// asio interop: `co_await taskfit::asio_offload(pool, fn)` inside an asio::awaitable
// coroutine runs a blocking call on a taskfit pool and resumes on the coroutine's own
// executor, so asio code gets the same fix as taskfit::task code gets from offload.
//
// Works with standalone asio or Boost.Asio, whichever the including file uses: Boost.Asio
// when TASKFIT_ASIO_USE_BOOST is defined or only Boost.Asio has been included so far;
// otherwise standalone asio if <asio.hpp> exists, else Boost.Asio. Include your asio
// headers first (or define the macro) when both libraries are installed.
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

#if defined(TASKFIT_ASIO_USE_BOOST) || (defined(BOOST_ASIO_VERSION) && !defined(ASIO_VERSION))
#define TASKFIT_DETAIL_ASIO_BOOST 1
#elif defined(ASIO_VERSION) || __has_include(<asio.hpp>)
#define TASKFIT_DETAIL_ASIO_BOOST 0
#elif __has_include(<boost/asio.hpp>)
#define TASKFIT_DETAIL_ASIO_BOOST 1
#else
#error "taskfit/asio.hpp needs standalone asio or Boost.Asio"
#endif

#if TASKFIT_DETAIL_ASIO_BOOST
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/execution.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/use_awaitable.hpp>
namespace taskfit::detail {
namespace net = ::boost::asio;
}
#else
#include <asio/async_result.hpp>
#include <asio/awaitable.hpp>
#include <asio/execution.hpp>
#include <asio/post.hpp>
#include <asio/prefer.hpp>
#include <asio/use_awaitable.hpp>
namespace taskfit::detail {
namespace net = ::asio;
}
#endif

namespace taskfit {

namespace detail {

// The awaiting coroutine's completion handler plus a work guard on its executor: while
// the call runs on the pool, io_context::run() must not return for lack of work.
template <class Handler>
struct asio_completion {
    explicit asio_completion(Handler h)
        : handler(std::move(h)),
          work(net::prefer(net::get_associated_executor(handler), net::execution::outstanding_work.tracked)) {}

    // Resumes the coroutine on its own executor, never on the pool thread.
    void complete() { net::post(work, std::move(handler)); }

    Handler handler;
    decltype(net::prefer(net::get_associated_executor(std::declval<Handler&>()),
                         net::execution::outstanding_work.tracked)) work;
};

}  // namespace detail

/// `auto n = co_await taskfit::asio_offload(taskfit::io_pool(), [&] { return read_file(path); });`
/// inside an asio::awaitable (or boost::asio::awaitable) coroutine: runs the callable on
/// `pool`, then resumes on the coroutine's executor with its result (decayed to a value)
/// or exception; taskfit::cancelled if the pool cancels it, taskfit::pool_closed if the
/// pool is already shut down.
template <class F>
auto asio_offload(thread_pool& pool, F fn) -> detail::net::awaitable<std::decay_t<std::invoke_result_t<F&>>> {
    using result = std::decay_t<std::invoke_result_t<F&>>;
    using stored = std::conditional_t<std::is_void_v<result>, std::monostate, result>;
    // These live in this coroutine's frame, which stays put until the handler resumes it.
    std::optional<stored> value;
    std::exception_ptr error;

    co_await detail::net::async_initiate<const detail::net::use_awaitable_t<>&, void()>(
        [&pool, &fn, &value, &error](auto handler) {
            using completion_type = detail::asio_completion<decltype(handler)>;
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
                pool.execute(detail::work_item(job{completion, &fn, &value, &error}));
            } catch (...) {
                error = std::current_exception();  // pool_closed: report it at the co_await
                completion->complete();
            }
        },
        detail::net::use_awaitable);

    if (error) std::rethrow_exception(error);
    if constexpr (!std::is_void_v<result>) co_return std::move(*value);
}

}  // namespace taskfit
