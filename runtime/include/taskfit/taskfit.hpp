// The umbrella header: every part of the taskfit runtime except the asio interop
// (taskfit/asio.hpp for standalone asio, taskfit/boost_asio.hpp for Boost.Asio), which
// needs those libraries.
#pragma once

#include <taskfit/channel.hpp>
#include <taskfit/errors.hpp>
#include <taskfit/event_loop.hpp>
#include <taskfit/offload.hpp>
#include <taskfit/parallel_for.hpp>
#include <taskfit/sleep.hpp>
#include <taskfit/task.hpp>
#include <taskfit/thread_pool.hpp>
#include <taskfit/when_all.hpp>
