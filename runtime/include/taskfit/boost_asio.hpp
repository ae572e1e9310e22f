// Boost.Asio flavor of taskfit/asio.hpp, whichever asio headers are installed or were
// included first: `co_await taskfit::asio_offload(pool, fn)` inside a
// boost::asio::awaitable coroutine. The checker's fix-its include this header for
// Boost.Asio coroutines because include sorting may place it before <boost/asio.hpp>.
#pragma once

#ifndef TASKFIT_ASIO_USE_BOOST
#define TASKFIT_ASIO_USE_BOOST 1
#endif
#include <taskfit/asio.hpp>
