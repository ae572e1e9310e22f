// asio interop, Boost.Asio flavour: `co_await taskfit::asio_offload(pool, fn)` inside a
// boost::asio::awaitable coroutine runs a blocking call on a taskfit pool and resumes on
// the coroutine's own executor, so Boost.Asio code gets the same fix as taskfit::task code
// gets from offload. For standalone asio::awaitable coroutines include <taskfit/asio.hpp>.
// Both may be included in one program, even in one file (see asio_offload below).
#pragma once

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <taskfit/detail/asio_offload.hpp>
#include <taskfit/thread_pool.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/execution.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace taskfit {

namespace detail::boost_asio {

// The asio calls detail::asio_offload_on needs, spelled for Boost.Asio.
struct net {
    template <class T, class Executor>
    using awaitable = ::boost::asio::awaitable<T, Executor>;

    template <class Handler>
    static auto tracked_executor(const Handler& handler) {
        return ::boost::asio::prefer(::boost::asio::get_associated_executor(handler),
                                     ::boost::asio::execution::outstanding_work.tracked);
    }
    template <class Executor, class Handler>
    static void post(const Executor& executor, Handler&& handler) {
        ::boost::asio::post(executor, std::forward<Handler>(handler));
    }
    template <class Executor, class Initiation>
    static auto initiate(Initiation&& initiation) {
        return ::boost::asio::async_initiate<const ::boost::asio::use_awaitable_t<Executor>&, void()>(
            std::forward<Initiation>(initiation), ::boost::asio::use_awaitable_t<Executor>{});
    }
};

}  // namespace detail::boost_asio

/// `auto n = co_await taskfit::asio_offload(taskfit::io_pool(), [&] { return read_file(path); });`
/// inside a boost::asio::awaitable coroutine: runs the callable on `pool`, then resumes on the
/// coroutine's executor with its result (decayed to a value) or exception;
/// taskfit::cancelled if the pool cancels it, taskfit::pool_closed if the pool is already
/// shut down.
///
/// A file that includes both <taskfit/asio.hpp> and <taskfit/boost_asio.hpp> has two of
/// these, one per flavour, and a call without a token is ambiguous there: name the flavour
/// with its token, `asio_offload(pool, fn, boost::asio::use_awaitable)`.
template <class F>
auto asio_offload(thread_pool& pool, F fn) -> ::boost::asio::awaitable<detail::asio_offload_result<F>> {
    return detail::asio_offload_on<detail::boost_asio::net, ::boost::asio::any_io_executor>(pool, std::move(fn));
}

/// The same, for a coroutine of `boost::asio::awaitable<T, Executor>` named by its token
/// (`boost::asio::use_awaitable`, or `boost::asio::use_awaitable_t<Executor>{}` for another executor).
template <class F, class Executor>
auto asio_offload(thread_pool& pool, F fn, ::boost::asio::use_awaitable_t<Executor> /*token*/)
    -> ::boost::asio::awaitable<detail::asio_offload_result<F>, Executor> {
    return detail::asio_offload_on<detail::boost_asio::net, Executor>(pool, std::move(fn));
}

}  // namespace taskfit
