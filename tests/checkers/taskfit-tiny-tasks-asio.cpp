// RUN: %check_taskfit %s taskfit-tiny-tasks %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: true, taskfit.DecisionTable: '%inputs/tiny-tasks-table.json'}}" \
// RUN:   -- -std=c++20 %asio_flags -I %runtime_include

// Tiny tasks on pools that are not taskfit's: asio::thread_pool through
// asio::post / dispatch / defer, and a pool of the program's own declared
// in a user table, whose "cheap" entry covers a library accessor. No fix:
// taskfit::parallel_for runs on a taskfit::thread_pool.

#include <asio.hpp>

#include <functional>
#include <vector>

namespace grid {
struct Grid {
  float &at(int x, int y); // a library's, defined elsewhere
};
} // namespace grid

namespace app {
struct Workers {
  void enqueue(std::function<void()> job);
  void enqueue_batch(std::function<void()> job);
};
} // namespace app

void asio_pool(std::vector<int> &v) {
  asio::thread_pool pool(4);
  for (std::size_t i = 0; i < v.size(); ++i)
    asio::post(pool, [&v, i] { v[i] *= 2; });
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'asio_pool' hands the pool 'pool' one task per element of 'v', each about 2 operations: tiny tasks cost less than handing them over (a queue push and a wake-up per task); hand the pool one task per chunk of elements, as taskfit::parallel_for does [taskfit-tiny-tasks]
  // CHECK-NOTES: :[[@LINE-2]]:5: note: no automatic fix: taskfit::parallel_for runs on a taskfit::thread_pool, and this pool is not one
  // CHECK-NOTES: :[[@LINE-3]]:5: note: decision table, ProcessPoolExecutor row: fits CPU-heavy computations; does not fit tiny tasks
  for (int &x : v)
    asio::dispatch(pool.get_executor(), [&x] { x += 1; });
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'asio_pool' hands the pool 'pool.get_executor()' one task per element of 'v', each about 1 operation: {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:5: note: no automatic fix: {{.*}}
  // CHECK-NOTES: :[[@LINE-3]]:5: note: decision table, ProcessPoolExecutor row: {{.*}}
  auto strand = asio::make_strand(pool);
  for (int &x : v)
    asio::defer(strand, [&x] { x -= 1; });
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'asio_pool' hands the pool 'strand' one task per element of 'v', each about 1 operation: {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:5: note: no automatic fix: {{.*}}
  // CHECK-NOTES: :[[@LINE-3]]:5: note: decision table, ProcessPoolExecutor row: {{.*}}
  pool.join();
}

void own_pool(app::Workers &workers, grid::Grid &g, int w, int h) {
  for (int x = 0; x < w; ++x)
    workers.enqueue([&g, x] { g.at(x, 0) = 0; });
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'own_pool' hands the pool 'workers' one task per index up to 'w', each about 2 operations: tiny tasks {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:13: note: no automatic fix: taskfit::parallel_for runs on a taskfit::thread_pool, and this pool is not one
  // CHECK-NOTES: :[[@LINE-3]]:13: note: decision table, ProcessPoolExecutor row: {{.*}}
  for (int y = 0; y < h; ++y)
    workers.enqueue_batch([&g, y] { g.at(0, y) = 1; });
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'own_pool' hands the pool 'workers' one task per index up to 'h', each about 2 operations: tiny tasks {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:13: note: no automatic fix: {{.*}}
  // CHECK-NOTES: :[[@LINE-3]]:13: note: decision table, ProcessPoolExecutor row: {{.*}}
}

// Look-alikes: an io_context is an event loop, not a pool
// (taskfit-cpu-bound-in-async's ground); a row per task over the grid.
void look_alikes(asio::io_context &io, app::Workers &workers, grid::Grid &g, std::vector<int> &v, int w, int h) {
  for (int &x : v)
    asio::post(io, [&x] { x = 0; });
  for (int y = 0; y < h; ++y)
    workers.enqueue([&g, y, w] {
      for (int x = 0; x < w; ++x)
        g.at(x, y) = 2;
    });
}
