// RUN: %check_taskfit %s taskfit-global-lock-serialization %t -- -- -std=c++20 -I %runtime_include
//
// One mutex shared by several thread or pool tasks, held around their
// CPU-heavy work: the tasks run one at a time (the GIL row).

#include <algorithm>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>
#include <pthread.h>

std::mutex g_mutex;  // LINE:mutex_g_mutex
std::shared_mutex g_table_mutex;
pthread_mutex_t g_pmutex = PTHREAD_MUTEX_INITIALIZER;  // LINE:pthread_mutex_t_g_pmutex
std::vector<int> g_results;
long g_total = 0;

long crunch(const std::vector<int> &v) {
  long s = 0;
  for (int a : v)  // LINE:a_v_2
    for (int b : v)
      s += a * b;
  return s;
}

// Positive: a global mutex held around a heavy loop nest in every thread.
void worker_global(const std::vector<int> &v) {
  std::lock_guard<std::mutex> lock(g_mutex);  // LINE:lock_guard_mutex
  // CHECK-NOTES: :[[#lock_guard_mutex]]:3: warning: lock on global mutex 'g_mutex' is held around CPU-heavy loop nest of depth 2 in thread function 'worker_global': the tasks take turns instead of running in parallel; do the work outside the lock and lock only the update of shared state, or give each task its own result and merge at the end [taskfit-global-lock-serialization]
  // CHECK-NOTES: :[[#mutex_g_mutex]]:12: note: mutex 'g_mutex' is declared here
  // CHECK-NOTES: :[[#a_v]]:3: note: CPU-heavy loop nest of depth 2 runs while 'g_mutex' is held
  // CHECK-NOTES: :[[#worker_global_cref]]:13: note: the thread is started here, once per loop iteration
  // CHECK-NOTES: :[[#lock_guard_mutex]]:3: note: decision table, GIL row: fits simple memory management; does not fit CPU-bound multi-threading
  for (int a : v)  // LINE:a_v
    for (int b : v)
      g_total += a * b;
}

// Positive: through a helper, with a sort.
void sort_locked(std::vector<int> &v) {
  std::unique_lock lock(g_mutex);  // LINE:unique_lock_lock
  // CHECK-NOTES: :[[#unique_lock_lock]]:3: warning: lock on global mutex 'g_mutex' is held around CPU-heavy sort 'sort' in thread function lambda in 'run_all': the tasks take turns instead of running in parallel; do the work outside the lock and lock only the update of shared state, or give each task its own result and merge at the end [taskfit-global-lock-serialization]
  // CHECK-NOTES: :[[#mutex_g_mutex]]:12: note: mutex 'g_mutex' is declared here
  // CHECK-NOTES: :[[#sort_v]]:3: note: CPU-heavy sort 'sort' runs while 'g_mutex' is held
  // CHECK-NOTES: :[[#in_sort_locked]]:34: note: lambda in 'run_all' calls 'sort_locked' here
  // CHECK-NOTES: :[[#in_sort_locked]]:13: note: the thread is started here, once per loop iteration
  // CHECK-NOTES: :[[#unique_lock_lock]]:3: note: decision table, GIL row: fits simple memory management; does not fit CPU-bound multi-threading
  std::sort(v.begin(), v.end());  // LINE:sort_v
}

void run_all(std::vector<std::vector<int>> &inputs) {
  std::vector<std::thread> threads;
  for (auto &in : inputs)
    threads.emplace_back(worker_global, std::cref(in));  // LINE:worker_global_cref
  for (auto &in : inputs)
    threads.emplace_back([&in] { sort_locked(in); });  // LINE:in_sort_locked
  for (auto &t : threads)
    t.join();
}

// Positive: a mutex captured by reference in a lambda run by every thread.
long captured(const std::vector<std::vector<int>> &inputs) {
  std::mutex m;  // LINE:mutex_m
  long total = 0;
  std::vector<std::jthread> threads;
  for (const auto &in : inputs)
    threads.emplace_back([&] {  // LINE:line
      std::scoped_lock lock(m);  // LINE:scoped_lock_lock
      // CHECK-NOTES: :[[#scoped_lock_lock]]:7: warning: lock on shared mutex 'm' is held around CPU-heavy loop nest of depth 2 in thread function lambda in 'captured': the tasks take turns instead of running in parallel; do the work outside the lock and lock only the update of shared state, or give each task its own result and merge at the end [taskfit-global-lock-serialization]
      // CHECK-NOTES: :[[#mutex_m]]:14: note: mutex 'm' is declared here
      // CHECK-NOTES: :[[#total_crunch]]:16: note: 'crunch' is called while 'm' is held
      // CHECK-NOTES: :[[#a_v_2]]:3: note: 'crunch' runs a CPU-heavy loop nest of depth 2 here
      // CHECK-NOTES: :[[#line]]:13: note: the thread is started here, once per loop iteration
      // CHECK-NOTES: :[[#scoped_lock_lock]]:7: note: decision table, GIL row: fits simple memory management; does not fit CPU-bound multi-threading
      total += crunch(in);  // LINE:total_crunch
    });
  return total;
}

// Negative: the heavy work outside the lock, only the merge under it.
long merged(const std::vector<std::vector<int>> &inputs) {
  std::mutex m;
  long total = 0;
  std::vector<std::jthread> threads;
  for (const auto &in : inputs)
    threads.emplace_back([&] {
      long part = crunch(in);
      std::lock_guard lock(m);
      total += part;
    });
  return total;
}

// Negative: unlock before the work.
void unlock_first(std::vector<int> v) {
  std::unique_lock lock(g_mutex);
  g_results.push_back(1);
  lock.unlock();
  std::sort(v.begin(), v.end());
}

// Negative: a reader lock.
void readers(const std::vector<int> &v) {
  std::shared_lock lock(g_table_mutex);
  long s = crunch(v);
  (void)s;
}

// Negative: deferred lock.
void deferred(std::vector<int> v) {
  std::unique_lock lock(g_mutex, std::defer_lock);
  std::sort(v.begin(), v.end());
}

// Positive: explicit lock()/unlock().
void explicit_lock(std::vector<int> v) {
  g_mutex.lock();  // LINE:g_mutex_lock
  // CHECK-NOTES: :[[#g_mutex_lock]]:3: warning: lock on global mutex 'g_mutex' is held around CPU-heavy sort 'sort' in thread function 'explicit_lock': the tasks take turns instead of running in parallel; do the work outside the lock and lock only the update of shared state, or give each task its own result and merge at the end [taskfit-global-lock-serialization]
  // CHECK-NOTES: :[[#mutex_g_mutex]]:12: note: mutex 'g_mutex' is declared here
  // CHECK-NOTES: :[[#sort_v_2]]:3: note: CPU-heavy sort 'sort' runs while 'g_mutex' is held
  // CHECK-NOTES: :[[#explicit_lock_in]]:13: note: the thread is started here, once per loop iteration
  // CHECK-NOTES: :[[#g_mutex_lock]]:3: note: decision table, GIL row: fits simple memory management; does not fit CPU-bound multi-threading
  std::sort(v.begin(), v.end());  // LINE:sort_v_2
  g_mutex.unlock();
}

// Positive: pthread.
void *pthread_body(void *arg) {
  auto *v = static_cast<std::vector<int> *>(arg);
  pthread_mutex_lock(&g_pmutex);  // LINE:pthread_mutex_lock_g_pmu
  // CHECK-NOTES: :[[#pthread_mutex_lock_g_pmu]]:3: warning: lock on global mutex 'g_pmutex' is held around CPU-heavy sort 'sort' in thread function 'pthread_body': the tasks take turns instead of running in parallel; do the work outside the lock and lock only the update of shared state, or give each task its own result and merge at the end [taskfit-global-lock-serialization]
  // CHECK-NOTES: :[[#pthread_mutex_t_g_pmutex]]:17: note: mutex 'g_pmutex' is declared here
  // CHECK-NOTES: :[[#sort_v_3]]:3: note: CPU-heavy sort 'sort' runs while 'g_pmutex' is held
  // CHECK-NOTES: :[[#pthread_create_t]]:5: note: the thread is started here, once per loop iteration
  // CHECK-NOTES: :[[#pthread_mutex_lock_g_pmu]]:3: note: decision table, GIL row: fits simple memory management; does not fit CPU-bound multi-threading
  std::sort(v->begin(), v->end());  // LINE:sort_v_3
  pthread_mutex_unlock(&g_pmutex);
  return nullptr;
}

void start_more(std::vector<std::vector<int>> &inputs) {
  std::vector<std::thread> threads;
  for (auto &in : inputs) {
    threads.emplace_back(unlock_first, in);
    threads.emplace_back(readers, std::cref(in));
    threads.emplace_back(deferred, in);
    threads.emplace_back(explicit_lock, in);  // LINE:explicit_lock_in
    pthread_t t;
    pthread_create(&t, nullptr, pthread_body, &in);  // LINE:pthread_create_t
  }
}

// Per-object member mutex: each worker its own object.
class Worker {
public:
  void run() {
    std::lock_guard lock(mutex_);
    std::sort(data_.begin(), data_.end());
  }
private:
  std::mutex mutex_;
  std::vector<int> data_;
};

void per_object(std::vector<Worker> &workers) {
  std::vector<std::thread> threads;
  for (auto &w : workers)
    threads.emplace_back(&Worker::run, &w);
}

// Shared object: threads all run on this.
class Engine {
public:
  void start(int n) {
    for (int i = 0; i < n; ++i)
      threads_.emplace_back(&Engine::step, this);  // LINE:threads__engine
  }
  void step() {
    std::lock_guard lock(mutex_);  // LINE:lock_guard_lock
    // CHECK-NOTES: :[[#lock_guard_lock]]:5: warning: lock on member mutex 'mutex_' is held around CPU-heavy loop nest of depth 2 in thread function 'Engine::step': the tasks take turns instead of running in parallel; do the work outside the lock and lock only the update of shared state, or give each task its own result and merge at the end [taskfit-global-lock-serialization]
    // CHECK-NOTES: :[[#mutex_mutex_]]:14: note: mutex 'mutex_' is declared here
    // CHECK-NOTES: :[[#a_data_]]:5: note: CPU-heavy loop nest of depth 2 runs while 'mutex_' is held
    // CHECK-NOTES: :[[#threads__engine]]:16: note: the thread is started here, once per loop iteration
    // CHECK-NOTES: :[[#lock_guard_lock]]:5: note: decision table, GIL row: fits simple memory management; does not fit CPU-bound multi-threading
    for (int a : data_)  // LINE:a_data_
      for (int b : data_)
        sum_ += a * b;
  }
private:
  std::mutex mutex_;  // LINE:mutex_mutex_
  std::vector<int> data_;
  long sum_ = 0;
  std::vector<std::thread> threads_;
};

// Single thread, local-only: not shared.
void single(std::vector<int> v) {
  std::thread t([&] {
    std::mutex local;
    std::lock_guard lock(local);
    std::sort(v.begin(), v.end());
  });
  t.join();
}

// Short critical section per iteration: fine.
void short_sections(const std::vector<int> &v) {
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      for (int a : v) {
        std::lock_guard lock(g_mutex);
        g_results.push_back(a);
      }
    });
  for (auto &t : threads) t.join();
}

#include <future>
#include <taskfit/thread_pool.hpp>

// Positive: a static member mutex held around a sort in pool tasks.
struct Index {
  static std::mutex build_mutex;  // LINE:mutex_build_mutex
  static void rebuild(std::vector<std::string> &keys) {
    std::lock_guard lock(build_mutex);  // LINE:lock_guard_lock_2
    // CHECK-NOTES: :[[#lock_guard_lock_2]]:5: warning: lock on static member mutex 'build_mutex' is held around CPU-heavy sort 'sort' in pool task lambda in 'rebuild_all': the tasks take turns instead of running in parallel; do the work outside the lock and lock only the update of shared state, or give each task its own result and merge at the end [taskfit-global-lock-serialization]
    // CHECK-NOTES: :[[#mutex_build_mutex]]:21: note: mutex 'build_mutex' is declared here
    // CHECK-NOTES: :[[#sort_keys]]:5: note: CPU-heavy sort 'sort' runs while 'build_mutex' is held
    // CHECK-NOTES: :[[#done_push_back]]:57: note: lambda in 'rebuild_all' calls 'Index::rebuild' here
    // CHECK-NOTES: :[[#done_push_back]]:40: note: the task is started here, once per loop iteration
    // CHECK-NOTES: :[[#lock_guard_lock_2]]:5: note: decision table, GIL row: fits simple memory management; does not fit CPU-bound multi-threading
    std::sort(keys.begin(), keys.end());  // LINE:sort_keys
  }
};
std::mutex Index::build_mutex;

void rebuild_all(std::vector<std::vector<std::string>> &shards) {
  std::vector<std::future<void>> done;
  for (auto &keys : shards)
    done.push_back(taskfit::cpu_pool().submit([&keys] { Index::rebuild(keys); }));  // LINE:done_push_back
}

// Positive: two different thread bodies take the same static mutex, each
// around heavy work: no loop needed for them to wait for each other.
static std::mutex g_report_mutex;  // LINE:mutex_g_report_mutex
void left(std::vector<int> v) {
  std::lock_guard lock(g_report_mutex);  // LINE:lock_guard_lock_3
  // CHECK-NOTES: :[[#lock_guard_lock_3]]:3: warning: lock on global mutex 'g_report_mutex' is held around CPU-heavy sort 'sort' in thread function 'left': the tasks take turns instead of running in parallel; do the work outside the lock and lock only the update of shared state, or give each task its own result and merge at the end [taskfit-global-lock-serialization]
  // CHECK-NOTES: :[[#mutex_g_report_mutex]]:19: note: mutex 'g_report_mutex' is declared here
  // CHECK-NOTES: :[[#sort_v_4]]:3: note: CPU-heavy sort 'sort' runs while 'g_report_mutex' is held
  // CHECK-NOTES: :[[#thread_a]]:15: note: the thread is started here
  // CHECK-NOTES: :[[#lock_guard_lock_3]]:3: note: decision table, GIL row: fits simple memory management; does not fit CPU-bound multi-threading
  std::sort(v.begin(), v.end());  // LINE:sort_v_4
}
void right(std::vector<int> v) {
  std::lock_guard lock(g_report_mutex);  // LINE:lock_guard_lock_4
  // CHECK-NOTES: :[[#lock_guard_lock_4]]:3: warning: lock on global mutex 'g_report_mutex' is held around CPU-heavy sort 'stable_sort' in thread function 'right': the tasks take turns instead of running in parallel; do the work outside the lock and lock only the update of shared state, or give each task its own result and merge at the end [taskfit-global-lock-serialization]
  // CHECK-NOTES: :[[#mutex_g_report_mutex]]:19: note: mutex 'g_report_mutex' is declared here
  // CHECK-NOTES: :[[#stable_sort_v]]:3: note: CPU-heavy sort 'stable_sort' runs while 'g_report_mutex' is held
  // CHECK-NOTES: :[[#thread_b]]:15: note: the thread is started here
  // CHECK-NOTES: :[[#lock_guard_lock_4]]:3: note: decision table, GIL row: fits simple memory management; does not fit CPU-bound multi-threading
  std::stable_sort(v.begin(), v.end());  // LINE:stable_sort_v
}
void two_kinds(std::vector<int> v) {
  std::thread a(left, v);  // LINE:thread_a
  std::thread b(right, v);  // LINE:thread_b
  a.join();
  b.join();
}

// Negative: one thread alone with a global mutex: nothing to take turns with.
std::mutex g_once_mutex;
void lonely(std::vector<int> v) {
  std::lock_guard lock(g_once_mutex);
  std::sort(v.begin(), v.end());
}
void start_lonely(std::vector<int> v) {
  auto f = std::async(std::launch::async, lonely, v);
  f.get();
}

// Negative: a mutex declared inside the loop, one per thread.
void per_iteration(std::vector<std::vector<int>> &inputs) {
  std::vector<std::thread> threads;
  for (auto &in : inputs) {
    auto m = std::make_shared<std::mutex>();
    threads.emplace_back([m, &in] {
      std::lock_guard lock(*m);
      std::sort(in.begin(), in.end());
    });
  }
  for (auto &t : threads)
    t.join();
}

// Negative: the lock is not held by a task at all (plain function).
void not_a_task(std::vector<int> v) {
  std::lock_guard lock(g_mutex);
  std::sort(v.begin(), v.end());
}

// Positive: pool tasks submitted from a member function, all on `this`.
class Indexer {
public:
  void build(const std::vector<std::vector<int>> &parts) {
    for (const auto &p : parts)
      futures_.push_back(taskfit::cpu_pool().submit([this, &p] {  // LINE:futures__push_back
        std::lock_guard lock(mutex_);  // LINE:lock_guard_lock_5
        // CHECK-NOTES: :[[#lock_guard_lock_5]]:9: warning: lock on member mutex 'mutex_' is held around CPU-heavy loop nest of depth 2 in pool task lambda in 'Indexer::build': the tasks take turns instead of running in parallel; do the work outside the lock and lock only the update of shared state, or give each task its own result and merge at the end [taskfit-global-lock-serialization]
        // CHECK-NOTES: :[[#mutex_mutex__2]]:14: note: mutex 'mutex_' is declared here
        // CHECK-NOTES: :[[#total__crunch]]:19: note: 'crunch' is called while 'mutex_' is held
        // CHECK-NOTES: :[[#a_v_2]]:3: note: 'crunch' runs a CPU-heavy loop nest of depth 2 here
        // CHECK-NOTES: :[[#futures__push_back]]:46: note: the task is started here, once per loop iteration
        // CHECK-NOTES: :[[#lock_guard_lock_5]]:9: note: decision table, GIL row: fits simple memory management; does not fit CPU-bound multi-threading
        total_ += crunch(p);  // LINE:total__crunch
      }));
  }

private:
  std::mutex mutex_;  // LINE:mutex_mutex__2
  long total_ = 0;
  std::vector<std::future<void>> futures_;
};

// Positive: the mutex handed to every thread by reference.
void sort_with(std::mutex &m, std::vector<int> &v) {  // LINE:sort_with_mutex
  std::lock_guard lock(m);  // LINE:lock_guard_lock_6
  // CHECK-NOTES: :[[#lock_guard_lock_6]]:3: warning: lock on shared mutex 'm' is held around CPU-heavy sort 'sort' in thread function 'sort_with': the tasks take turns instead of running in parallel; do the work outside the lock and lock only the update of shared state, or give each task its own result and merge at the end [taskfit-global-lock-serialization]
  // CHECK-NOTES: :[[#sort_with_mutex]]:28: note: mutex 'm' is declared here
  // CHECK-NOTES: :[[#sort_v_5]]:3: note: CPU-heavy sort 'sort' runs while 'm' is held
  // CHECK-NOTES: :[[#sort_with_ref]]:13: note: the thread is started here, once per loop iteration
  // CHECK-NOTES: :[[#lock_guard_lock_6]]:3: note: decision table, GIL row: fits simple memory management; does not fit CPU-bound multi-threading
  std::sort(v.begin(), v.end());  // LINE:sort_v_5
}
void by_reference(std::vector<std::vector<int>> &inputs) {
  std::mutex m;
  std::vector<std::thread> threads;
  for (auto &in : inputs)
    threads.emplace_back(sort_with, std::ref(m), std::ref(in));  // LINE:sort_with_ref
  for (auto &t : threads)
    t.join();
}

// Negative: one object per element.
void per_element(std::vector<Worker> &workers) {
  std::vector<std::thread> threads;
  for (size_t i = 0; i < workers.size(); ++i)
    threads.emplace_back(&Worker::run, &workers[i]);
  for (auto &t : threads)
    t.join();
}

// Negative: lock, wait for a job, unlock, then the heavy work.
#include <condition_variable>
#include <deque>
std::condition_variable g_jobs_cv;
std::deque<std::vector<int>> g_jobs;
void consumer() {
  for (;;) {
    std::unique_lock lock(g_mutex);
    g_jobs_cv.wait(lock, [] { return !g_jobs.empty(); });
    std::vector<int> job = std::move(g_jobs.front());
    g_jobs.pop_front();
    lock.unlock();
    std::sort(job.begin(), job.end());
  }
}
void start_consumers() {
  std::vector<std::jthread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back(consumer);
}

// Positive: one body started by two std::thread objects, no loop.
std::mutex g_pair_mutex;  // LINE:mutex_g_pair_mutex
void pair_worker(std::vector<int> v) {
  std::lock_guard lock(g_pair_mutex);  // LINE:lock_guard_lock_7
  // CHECK-NOTES: :[[#lock_guard_lock_7]]:3: warning: lock on global mutex 'g_pair_mutex' is held around CPU-heavy sort 'sort' in thread function 'pair_worker': the tasks take turns instead of running in parallel; do the work outside the lock and lock only the update of shared state, or give each task its own result and merge at the end [taskfit-global-lock-serialization]
  // CHECK-NOTES: :[[#mutex_g_pair_mutex]]:12: note: mutex 'g_pair_mutex' is declared here
  // CHECK-NOTES: :[[#sort_v_6]]:3: note: CPU-heavy sort 'sort' runs while 'g_pair_mutex' is held
  // CHECK-NOTES: :[[#thread_a_2]]:15: note: the thread is started here, and by 1 more call
  // CHECK-NOTES: :[[#lock_guard_lock_7]]:3: note: decision table, GIL row: fits simple memory management; does not fit CPU-bound multi-threading
  std::sort(v.begin(), v.end());  // LINE:sort_v_6
}
void start_pair(std::vector<int> v) {
  std::thread a(pair_worker, v), b(pair_worker, v);  // LINE:thread_a_2
  a.join();
  b.join();
}

// Negative: two threads, each on its own object.
void two_objects() {
  Worker w1, w2;
  std::thread a(&Worker::run, &w1), b(&Worker::run, &w2);
  a.join();
  b.join();
}
