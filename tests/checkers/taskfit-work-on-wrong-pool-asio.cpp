// RUN: %check_taskfit %s taskfit-work-on-wrong-pool %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false, taskfit.DecisionTable: '%inputs/pool-kinds-table.json'}}" \
// RUN:   -- -std=c++20 %asio_flags -I %runtime_include

// Pools marked in a user table ("pool": "io" / "cpu" on a context entry or
// an executor rule), and taskfit::asio_offload from asio coroutines.

#include <taskfit/asio.hpp>

#include <asio.hpp>
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

std::string read_file(const std::string &path) {
  std::string out;
  if (FILE *f = std::fopen(path.c_str(), "rb")) { // LINE:fopen
    char buf[256];
    while (size_t n = std::fread(buf, 1, sizeof buf, f))
      out.append(buf, n);
    std::fclose(f);
  }
  return out;
}

namespace app {
struct BlockingExecutor {
  template <class F> void run(F &&f) { f(); }
};
} // namespace app

void marked_pools(asio::thread_pool &cpu_workers, app::BlockingExecutor &blocking,
                  std::vector<int> &v, const std::string &path) {
  asio::post(cpu_workers, [path] { read_file(path); });
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking file I/O 'fopen' (via 'read_file') submitted to the CPU pool 'cpu_workers' in 'marked_pools' idles one of the per-core CPU workers while it waits; submit it to taskfit::io_pool() [taskfit-work-on-wrong-pool]
  // CHECK-NOTES: :[[@LINE-2]]:36: note: lambda in 'marked_pools' calls 'read_file' here
  // CHECK-NOTES: :[[#fopen]]:17: note: 'read_file' calls blocking file I/O 'fopen' here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: no automatic fix: the pool is not named by a taskfit::io_pool() or taskfit::cpu_pool() call here
  blocking.run([&v] { std::sort(v.begin(), v.end()); });
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: CPU-heavy sort 'sort' submitted to the I/O pool 'blocking' in 'marked_pools' ties up an I/O worker for the whole computation; submit it to taskfit::cpu_pool() [taskfit-work-on-wrong-pool]
  // CHECK-NOTES: :[[@LINE-2]]:23: note: lambda in 'marked_pools' calls CPU-heavy sort 'sort' here
  // CHECK-NOTES: :[[@LINE-3]]:12: note: no automatic fix: {{.*}}

  // Each on the pool it fits.
  asio::post(cpu_workers.get_executor(), [&v] { std::sort(v.begin(), v.end()); });
  blocking.run([path] { read_file(path); });
}

asio::awaitable<long> offloads(std::vector<int> v) {
  long r = co_await taskfit::asio_offload(taskfit::io_pool(), [&] {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0L : v.back();
  });
  // CHECK-NOTES: :[[@LINE-4]]:21: warning: CPU-heavy sort 'sort' submitted to taskfit::io_pool() in 'offloads' {{.*}}
  // CHECK-NOTES: :[[@LINE-4]]:5: note: lambda in 'offloads' calls CPU-heavy sort 'sort' here
  // CHECK-FIXES: {{^}}  long r = co_await taskfit::asio_offload(taskfit::cpu_pool(), [&] {{{$}}
  std::string text = co_await taskfit::asio_offload(taskfit::io_pool(), [] { return read_file("/etc/hosts"); });
  co_return r + static_cast<long>(text.size());
}

// An io_context is an event loop, however many threads run it: CPU work
// posted to it is taskfit-cpu-bound-in-async's finding, not this check's.
void event_loop(asio::io_context &io, std::vector<int> &v) {
  asio::post(io, [&v] { std::sort(v.begin(), v.end()); });
}
