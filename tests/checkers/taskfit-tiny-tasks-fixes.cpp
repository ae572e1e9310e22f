// RUN: %check_taskfit %s taskfit-tiny-tasks %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 -I %runtime_include

// The fix-it's shapes: index loops and range-for loops become one
// taskfit::parallel_for; where the result would not compile or would not
// mean the same, a note says why there is none.

#include <taskfit/thread_pool.hpp>
#include <taskfit/task.hpp>

#include <array>
#include <deque>
#include <future>
#include <list>
#include <map>
#include <memory>
#include <utility>
#include <vector>

void set(std::vector<int> *v, std::size_t i, int x) { (*v)[i] = x; }

// Loop shapes that become parallel_for.

void shapes(std::vector<int> &v, taskfit::thread_pool &pool, unsigned n) {
  for (std::size_t i = 0; i != v.size(); i++)
    pool.post([&v, i] { v[i] = 0; });
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'shapes' hands the pool 'pool' one task per element of 'v', each about 2 operations: {{.*}}
  // CHECK-FIXES: {{^}}  taskfit::parallel_for(pool, 0, v.size(), [&](std::size_t i) { v[i] = 0; });{{$}}

  for (auto i = 0u; i < n; i += 1) {
    (void)pool.submit([&v, i]() -> void { v[i] += 1; });
  }
  // CHECK-NOTES: :[[@LINE-2]]:16: warning: 'shapes' hands the pool 'pool' one task per index up to 'n', each about 2 operations: {{.*}}
  // CHECK-FIXES: {{^}}  taskfit::parallel_for(pool, 0u, n, [&](unsigned int i) { v[i] += 1; });{{$}}

  for (std::size_t i = 0; i < v.size(); ++i)
    pool.submit(&set, &v, i, 7);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'shapes' hands the pool 'pool' one task per element of 'v', each about 3 operations: {{.*}}
  // CHECK-FIXES: {{^}}  taskfit::parallel_for(pool, 0, v.size(), [&](std::size_t i) { set(&v, i, 7); });{{$}}
}

void ranges(taskfit::thread_pool &pool, const std::vector<int> &in, std::vector<long> &out) {
  int raw[256] = {};
  for (int &x : raw)
    pool.post([&x] { ++x; });
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'ranges' hands the pool 'pool' one task per element of 'raw', each about 1 operation: {{.*}}
  // CHECK-FIXES: {{^}}  taskfit::parallel_for(pool, raw, [&](int &x) { ++x; });{{$}}

  std::array<long, 1024> fixed{};
  for (long &slot : fixed)
    pool.post([&slot] { slot = 1; });
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'ranges' hands the pool 'pool' one task per element of 'fixed', each about 1 operation: {{.*}}
  // CHECK-FIXES: {{^}}  taskfit::parallel_for(pool, fixed, [&](long &slot) { slot = 1; });{{$}}

  std::deque<int> queue(100);
  std::vector<std::future<void>> done;
  for (int &q : queue)
    done.emplace_back(pool.submit([&q] { q *= 3; }));
  for (auto &d : done) {
    d.wait();
  }
  // CHECK-NOTES: :[[@LINE-4]]:28: warning: 'ranges' hands the pool 'pool' one task per element of 'queue', each about 1 operation: {{.*}}
  // CHECK-FIXES: {{^}}  std::deque<int> queue(100);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  taskfit::parallel_for(pool, queue, [&](int &q) { q *= 3; });{{$}}

  for (const auto &value : in)
    pool.submit([&out, &value, &in] {
      out[&value - in.data()] = value * 2L;
    });
  // CHECK-NOTES: :[[@LINE-3]]:10: warning: 'ranges' hands the pool 'pool' one task per element of 'in', each about {{[0-9]+}} operations: {{.*}}
  // CHECK-FIXES: {{^}}  taskfit::parallel_for(pool, in, [&](const auto &value) {{{$}}
  // CHECK-FIXES-NEXT: {{^}}    out[&value - in.data()] = value * 2L;{{$}}
  // CHECK-FIXES-NEXT: {{^}}  });{{$}}
}

// The pool through a smart pointer.
void through_pointer(std::vector<int> &v, std::unique_ptr<taskfit::thread_pool> &owned) {
  for (std::size_t i = 0; i < v.size(); ++i)
    owned->post([&v, i] { v[i] = 1; });
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'through_pointer' hands the pool 'owned' one task per element of 'v', each about 2 operations: {{.*}}
  // CHECK-FIXES: {{^}}  taskfit::parallel_for(*owned, 0, v.size(), [&](std::size_t i) { v[i] = 1; });{{$}}
}

// A member function: the pool is a member, the task uses 'this'.
class Histogram {
public:
  void clear_bins() {
    for (std::size_t b = 0; b < bins_.size(); ++b)
      pool_.post([this, b] { bins_[b] = 0; });
    // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'Histogram::clear_bins' hands the pool 'pool_' one task per element of 'bins_', each about 2 operations: {{.*}}
    // CHECK-FIXES: {{^}}    taskfit::parallel_for(pool_, 0, bins_.size(), [&](std::size_t b) { bins_[b] = 0; });{{$}}
  }

private:
  taskfit::thread_pool pool_{2};
  std::vector<long> bins_ = std::vector<long>(64);
};

// No fix: a note says why.

struct Scale {
  std::vector<float> *v;
  std::size_t i;
  void operator()() const { (*v)[i] *= 2; }
};

void no_fix(std::vector<float> &v, taskfit::thread_pool &pool, taskfit::thread_pool (&pools)[2]) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] < 0)
      break;
    pool.post([&v, i] { v[i] = 0; });
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'no_fix' hands the pool 'pool' one task per element of 'v'{{.*}}
    // CHECK-NOTES: :[[@LINE-2]]:10: note: no automatic fix: the loop can end or skip ahead early (break, continue, return, throw or goto)
  }

  for (std::size_t i = 0; i < v.size(); ++i) {
    float x = v[i] * 2;
    pool.post([&v, i, x] { v[i] = x; });
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'no_fix' hands {{.*}}
    // CHECK-NOTES: :[[@LINE-2]]:10: note: no automatic fix: the loop body does more than hand over one task
  }

  std::vector<std::future<float>> results;
  for (std::size_t i = 0; i < v.size(); ++i)
    results.push_back(pool.submit([&v, i] { return v[i] * 2; }));
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: 'no_fix' hands {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:28: note: no automatic fix: the tasks' futures are used, not only waited for
  float total = 0;
  for (auto &r : results)
    total += r.get();

  for (std::size_t i = 0; i < v.size(); i += 2)
    pool.post([&v, i] { v[i] = v[i + 1]; });
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'no_fix' hands {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:10: note: no automatic fix: the loop is not an index loop 'for (T i = first; i < last; ++i)'

  for (std::size_t i = 0; i < v.size(); ++i)
    pool.post([&v, j = v.size() - 1 - i] { v[j] = 1; });
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'no_fix' hands {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:10: note: no automatic fix: the task's lambda makes its own captures (an init-capture or '*this')

  for (std::size_t i = 0; i < v.size(); ++i)
    pool.post([&v, i]() mutable { v[i++] = 1; });
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'no_fix' hands {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:10: note: no automatic fix: the task changes the loop index or takes its address

  for (std::size_t i = 0; i < v.size(); ++i)
    pool.submit([&v](std::size_t k) { v[k] = 2; }, i);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'no_fix' hands {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:10: note: no automatic fix: the task's lambda takes parameters

  for (std::size_t i = 0; i < v.size(); ++i)
    pool.post(Scale{&v, i});
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'no_fix' hands {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:10: note: no automatic fix: the task is neither a lambda nor a named function

  for (std::size_t i = 0; i < v.size(); ++i)
    pools[i % 2].post([&v, i] { v[i] = 3; });
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: 'no_fix' hands the pool 'pools[i % 2]' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:18: note: no automatic fix: the pool changes with the loop variable

  std::list<float> linked(10);
  for (float &x : linked)
    pool.post([&x] { x = 0; });
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'no_fix' hands the pool 'pool' one task per element of 'linked'{{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:10: note: no automatic fix: the range is not known to be sized and random-access (a vector, an array, a deque, a string, a span)

  std::vector<std::pair<int, float>> pairs(10);
  for (auto &[key, value] : pairs)
    pool.post([&value] { value = 0; });
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'no_fix' hands {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:10: note: no automatic fix: the range-for loop's variable cannot be a lambda parameter (a structured binding, or an init-statement)

  for (std::size_t i = 0; i <= v.size() / 2; ++i)
    pool.post([&v, i] { v[i] = 4; });
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'no_fix' hands {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:10: note: no automatic fix: the loop is not an index loop {{.*}}

  for (std::size_t i = 0; i < v.size(); ++i)
#ifdef FAST
    pool.post([&v, i] { v[i] = 5; });
#else
    pool.post([&v, i] { v[i] = 6; });
#endif
  // CHECK-NOTES: :[[@LINE-2]]:10: warning: 'no_fix' hands {{.*}}
  // CHECK-NOTES: :[[@LINE-3]]:10: note: no automatic fix: the loop is written with a macro or holds a preprocessor directive
}

#define CLEAR_ALL(pool, v)                                                     \
  for (std::size_t i = 0; i < (v).size(); ++i)                                 \
    (pool).post([&v, i] { (v)[i] = 0; }) // LINE:macro

void from_macro(std::vector<int> &v, taskfit::thread_pool &pool) {
  CLEAR_ALL(pool, v);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'from_macro' hands the pool one task per element of 'v'{{.*}}
  // CHECK-NOTES: :[[#macro]]:12: note: expanded from macro 'CLEAR_ALL'
  // CHECK-NOTES: :[[@LINE-3]]:3: note: no automatic fix: the loop is written with a macro
  // CHECK-NOTES: :[[#macro]]:12: note: expanded from macro 'CLEAR_ALL'
}

template <class T> void fill(std::vector<T> &v, taskfit::thread_pool &pool, T x) {
  for (std::size_t i = 0; i < v.size(); ++i)
    pool.post([&v, i, x] { v[i] = x; });
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'fill' hands {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:10: note: no automatic fix: the loop is in a template
}
template void fill<int>(std::vector<int> &, taskfit::thread_pool &, int);

// In a coroutine, parallel_for would block its event loop; a future waited
// for at once is taskfit-blocking-call-in-async's finding on that line.
taskfit::task<int> in_coroutine(std::vector<int> &v, taskfit::thread_pool &pool) {
  for (std::size_t i = 0; i < v.size(); ++i)
    pool.post([&v, i] { v[i] = 1; });
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'in_coroutine' hands {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:10: note: no automatic fix: taskfit::parallel_for would block the event loop of 'in_coroutine' until the loop is done
  for (std::size_t i = 0; i < v.size(); ++i)
    pool.submit([&v, i] { v[i] = 2; }).get();
  co_return 0;
}
