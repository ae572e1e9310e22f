// The umbrella header: every part of the taskfit runtime except the asio interop
// (taskfit/asio.hpp), which needs asio or Boost.Asio.
#pragma once

#include <taskfit/channel.hpp>
#include <taskfit/errors.hpp>
#include <taskfit/event_loop.hpp>
#include <taskfit/offload.hpp>
#include <taskfit/sleep.hpp>
#include <taskfit/task.hpp>
#include <taskfit/thread_pool.hpp>
#include <taskfit/when_all.hpp>
