// asio interop, standalone asio flavour: `co_await taskfit::asio_offload(pool, fn)` inside
// an asio::awaitable coroutine runs a blocking call on a taskfit pool and resumes on the
// coroutine's own executor, so asio code gets the same fix as taskfit::task code gets
// from offload. For boost::asio::awaitable coroutines include <taskfit/boost_asio.hpp>.
// Both may be included in one program, even in one file (see asio_offload below).
#pragma once

#if defined(TASKFIT_ASIO_USE_BOOST)
#error \
    "TASKFIT_ASIO_USE_BOOST is gone: include <taskfit/boost_asio.hpp> for Boost.Asio, <taskfit/asio.hpp> for standalone asio"
#endif

#include <taskfit/detail/asio_offload.hpp>
#include <taskfit/thread_pool.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/awaitable.hpp>
#include <asio/execution.hpp>
#include <asio/post.hpp>
#include <asio/prefer.hpp>
#include <asio/use_awaitable.hpp>

#include <utility>

namespace taskfit {

namespace detail::standalone_asio {

// The asio calls detail::asio_offload_on needs, spelled for standalone asio.
struct net {
    template <class T, class Executor>
    using awaitable = ::asio::awaitable<T, Executor>;

    template <class Handler>
    static auto tracked_executor(const Handler& handler) {
        return ::asio::prefer(::asio::get_associated_executor(handler), ::asio::execution::outstanding_work.tracked);
    }
    template <class Executor, class Handler>
    static void post(const Executor& executor, Handler&& handler) {
        ::asio::post(executor, std::forward<Handler>(handler));
    }
    template <class Executor, class Initiation>
    static auto initiate(Initiation&& initiation) {
        return ::asio::async_initiate<const ::asio::use_awaitable_t<Executor>&, void()>(
            std::forward<Initiation>(initiation), ::asio::use_awaitable_t<Executor>{});
    }
};

}  // namespace detail::standalone_asio

/// `auto n = co_await taskfit::asio_offload(taskfit::io_pool(), [&] { return read_file(path); });`
/// inside an asio::awaitable coroutine: runs the callable on `pool`, then resumes on the
/// coroutine's executor with its result (decayed to a value) or exception;
/// taskfit::cancelled if the pool cancels it, taskfit::pool_closed if the pool is already
/// shut down.
///
/// A file that includes both <taskfit/asio.hpp> and <taskfit/boost_asio.hpp> has two of
/// these, one per flavour, and a call without a token is ambiguous there: name the flavour
/// with its token, `asio_offload(pool, fn, asio::use_awaitable)`.
template <class F>
auto asio_offload(thread_pool& pool, F fn) -> ::asio::awaitable<detail::asio_offload_result<F>> {
    return detail::asio_offload_on<detail::standalone_asio::net, ::asio::any_io_executor>(pool, std::move(fn));
}

/// The same, for a coroutine of `asio::awaitable<T, Executor>` named by its token
/// (`asio::use_awaitable`, or `asio::use_awaitable_t<Executor>{}` for another executor).
template <class F, class Executor>
auto asio_offload(thread_pool& pool, F fn, ::asio::use_awaitable_t<Executor> /*token*/)
    -> ::asio::awaitable<detail::asio_offload_result<F>, Executor> {
    return detail::asio_offload_on<detail::standalone_asio::net, Executor>(pool, std::move(fn));
}

}  // namespace taskfit
