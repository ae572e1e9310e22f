// RUN: %check_taskfit %s taskfit-blocking-call-in-async,taskfit-cpu-bound-in-async %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 %boost_asio_flags -I %runtime_include

// Boost.Asio: the same contexts and fix-its as standalone asio, spelled
// boost::asio.

#include <utility> // Boost 1.74 awaitable.hpp uses std::exchange without it.
#include <boost/asio.hpp>
// CHECK-FIXES: #include <taskfit/boost_asio.hpp>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

namespace net = boost::asio;
using namespace std::chrono_literals;

net::awaitable<int> crunch(std::vector<int> v) {
  std::this_thread::sleep_for(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking sleep 'sleep_for' in coroutine 'crunch' stalls its event loop; await a timer instead (taskfit::sleep_for, asio::steady_timer) [taskfit-blocking-call-in-async]
  // CHECK-FIXES: {{^}}  co_await boost::asio::steady_timer(co_await boost::asio::this_coro::executor, 5ms).async_wait(boost::asio::use_awaitable);{{$}}
  std::sort(v.begin(), v.end());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-heavy sort 'sort' in coroutine 'crunch' stalls its event loop; offload it to taskfit::cpu_pool() [taskfit-cpu-bound-in-async]
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::cpu_pool(), [&] { std::sort(v.begin(), v.end()); });{{$}}
  co_return v.empty() ? 0 : v.front();
}

void handlers(net::io_context &io, net::thread_pool &pool, net::ip::tcp::socket &s) {
  static char buf[16];
  s.async_read_some(net::buffer(buf), [&](boost::system::error_code, std::size_t) {
    net::read(s, net::buffer(buf));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking network I/O 'read' in completion handler lambda in 'handlers' {{.*}}
  });
  net::post(io, [] { std::this_thread::sleep_for(1s); });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: blocking sleep 'sleep_for' in completion handler lambda in 'handlers' {{.*}}
  net::post(pool, [] { std::this_thread::sleep_for(1s); });
}

int main() {
  net::io_context io;
  net::co_spawn(io, crunch({3, 1, 2}), net::detached);
  io.run();
}
