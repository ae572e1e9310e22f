// RUN: %check_taskfit %s taskfit-hand-rolled-queue %t -- -- -std=c++20
//
// Classes that move items between threads with their own queue, mutex and
// condition variable, next to classes that only hold some of those.

#include <condition_variable>
#include <deque>
#include <list>
#include <mutex>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>

// Positive: the classic.
class JobQueue {  // LINE:jobqueue
// CHECK-NOTES: :[[#jobqueue]]:7: warning: class 'JobQueue' hand-rolls a blocking queue from a 'std::queue', a mutex and a condition variable; use taskfit::channel<T>, which also closes, bounds and wakes waiters correctly [taskfit-hand-rolled-queue]
// CHECK-NOTES: :[[#queue_string]]:27: note: items are kept in 'jobs_'
// CHECK-NOTES: :[[#mutex_mutex_]]:14: note: 'mutex_' guards them
// CHECK-NOTES: :[[#condition_variable_cv_]]:27: note: 'cv_' wakes the consumers
// CHECK-NOTES: :[[#cv__notify_one]]:9: note: 'JobQueue::push' adds an item and notifies here
// CHECK-NOTES: :[[#cv__wait]]:9: note: 'JobQueue::pop' waits for an item here
// CHECK-NOTES: :[[#jobqueue]]:7: note: decision table, Thread-safe Queue row: fits sharing data between workers
public:
  void push(std::string job) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push(std::move(job));
    }
    cv_.notify_one();  // LINE:cv__notify_one
  }
  std::string pop() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return !jobs_.empty(); });  // LINE:cv__wait
    std::string job = std::move(jobs_.front());
    jobs_.pop();
    return job;
  }

private:
  std::queue<std::string> jobs_;  // LINE:queue_string
  std::mutex mutex_;  // LINE:mutex_mutex_
  std::condition_variable cv_;  // LINE:condition_variable_cv_
};

// Positive: a template, reported once for the pattern.
template <class T> class BlockingQueue {  // LINE:t_blockingqueue
// CHECK-NOTES: :[[#t_blockingqueue]]:26: warning: class 'BlockingQueue' hand-rolls a blocking queue from a 'std::deque', a mutex and a condition variable; use taskfit::channel<T>, which also closes, bounds and wakes waiters correctly [taskfit-hand-rolled-queue]
// CHECK-NOTES: :[[#deque_t]]:17: note: items are kept in 'items_'
// CHECK-NOTES: :[[#mutex_m_]]:14: note: 'm_' guards them
// CHECK-NOTES: :[[#condition_variable_ready]]:27: note: 'ready_' wakes the consumers
// CHECK-NOTES: :[[#ready__notify_all]]:12: note: 'BlockingQueue::put' adds an item and notifies here
// CHECK-NOTES: :[[#ready__wait]]:12: note: 'BlockingQueue::take' waits for an item here
// CHECK-NOTES: :[[#t_blockingqueue]]:26: note: decision table, Thread-safe Queue row: fits sharing data between workers
public:
  void put(T value) {
    std::lock_guard lock(m_);
    items_.push_back(std::move(value));
    ready_.notify_all();  // LINE:ready__notify_all
  }
  T take();

private:
  std::deque<T> items_;  // LINE:deque_t
  std::mutex m_;  // LINE:mutex_m_
  std::condition_variable ready_;  // LINE:condition_variable_ready
};

template <class T> T BlockingQueue<T>::take() {
  std::unique_lock lock(m_);
  while (items_.empty())
    ready_.wait(lock);  // LINE:ready__wait
  T value = std::move(items_.front());
  items_.pop_front();
  return value;
}

BlockingQueue<int> ints;
BlockingQueue<std::string> strings;
int use() { ints.put(1); strings.put("x"); return ints.take(); }

// Positive: a thread pool of its own (it owns the worker threads); the
// producer is a member function template.
#include <functional>
#include <thread>
#include <vector>
class Pool {  // LINE:pool
// CHECK-NOTES: :[[#pool]]:7: warning: class 'Pool' hand-rolls a thread pool from a 'std::queue', a mutex and a condition variable; use taskfit::io_pool() or taskfit::cpu_pool() (a taskfit::thread_pool), or a taskfit::channel<T> for the queue alone [taskfit-hand-rolled-queue]
// CHECK-NOTES: :[[#queue_function]]:37: note: items are kept in 'tasks_'
// CHECK-NOTES: :[[#mutex_mutex__2]]:14: note: 'mutex_' guards them
// CHECK-NOTES: :[[#condition_variable_wake_]]:27: note: 'wake_' wakes the consumers
// CHECK-NOTES: :[[#wake__notify_one]]:11: note: 'Pool::enqueue' adds an item and notifies here
// CHECK-NOTES: :[[#wake__wait]]:19: note: 'Pool::Pool' waits for an item here
// CHECK-NOTES: :[[#pool]]:7: note: decision table, Thread-safe Queue row: fits sharing data between workers
public:
  explicit Pool(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back([this] {
        for (;;) {
          std::function<void()> task;
          {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stop_ || !tasks_.empty(); });  // LINE:wake__wait
            if (stop_ && tasks_.empty())
              return;
            task = std::move(tasks_.front());
            tasks_.pop();
          }
          task();
        }
      });
  }
  template <class F> void enqueue(F &&f) {
    {
      std::lock_guard lock(mutex_);
      tasks_.emplace(std::forward<F>(f));
    }
    wake_.notify_one();  // LINE:wake__notify_one
  }
  ~Pool() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto &w : workers_)
      w.join();
  }

private:
  std::vector<std::thread> workers_;
  std::queue<std::function<void()>> tasks_;  // LINE:queue_function
  std::mutex mutex_;  // LINE:mutex_mutex__2
  std::condition_variable wake_;  // LINE:condition_variable_wake_
  bool stop_ = false;
};

// Positive: one worker thread of its own (an async logger): a worker
// thread and its queue, not a pool. Its producer is write(), not the
// destructor that queues a last line on the way out.
class AsyncLog {  // LINE:async_log
// CHECK-NOTES: :[[#async_log]]:7: warning: class 'AsyncLog' hand-rolls a worker thread and its queue from a 'std::deque', a mutex and a condition variable; use taskfit::io_pool() or taskfit::cpu_pool() (a taskfit::thread_pool), or a taskfit::channel<T> for the queue alone [taskfit-hand-rolled-queue]
// CHECK-NOTES: :[[#log_lines]]:27: note: items are kept in 'lines_'
// CHECK-NOTES: :[[#log_mutex]]:14: note: 'm_' guards them
// CHECK-NOTES: :[[#log_cv]]:27: note: 'cv_' wakes the consumers
// CHECK-NOTES: :[[#log_notify]]:9: note: 'AsyncLog::write' adds an item and notifies here
// CHECK-NOTES: :[[#log_wait]]:13: note: 'AsyncLog::AsyncLog' waits for an item here
// CHECK-NOTES: :[[#async_log]]:7: note: decision table, Thread-safe Queue row: fits sharing data between workers
public:
  AsyncLog() {
    writer_ = std::jthread([this] {
      for (;;) {
        std::unique_lock lock(m_);
        cv_.wait(lock, [this] { return done_ || !lines_.empty(); });  // LINE:log_wait
        if (lines_.empty())
          return;
        lines_.pop_front();
      }
    });
  }
  ~AsyncLog() {
    std::lock_guard lock(m_);
    lines_.push_back("closing");
    done_ = true;
    cv_.notify_all();
  }
  void write(std::string line) {
    std::lock_guard lock(m_);
    lines_.push_back(std::move(line));
    cv_.notify_one();  // LINE:log_notify
  }

private:
  std::deque<std::string> lines_;  // LINE:log_lines
  std::mutex m_;  // LINE:log_mutex
  std::condition_variable cv_;  // LINE:log_cv
  bool done_ = false;
  std::jthread writer_;
};

// Negative: a non-blocking work list (try_pop only, no waiting).
class WorkList {
public:
  void add(int v) {
    std::lock_guard lock(m_);
    items_.push_back(v);
    cv_.notify_one();
  }
  std::optional<int> try_pop() {
    std::lock_guard lock(m_);
    if (items_.empty())
      return std::nullopt;
    int v = items_.front();
    items_.pop_front();
    return v;
  }

private:
  std::list<int> items_;
  std::mutex m_;
  std::condition_variable cv_;
};

// Negative: the condition variable guards a state flag, not the container.
class Cache {
public:
  void insert(int k) {
    std::lock_guard lock(m_);
    recent_.push_back(k);
    if (recent_.size() > 16)
      recent_.pop_front();
  }
  void wait_loaded() {
    std::unique_lock lock(m_);
    loaded_cv_.wait(lock, [this] { return loaded_; });
  }
  void set_loaded() {
    { std::lock_guard lock(m_); loaded_ = true; }
    loaded_cv_.notify_all();
  }

private:
  std::deque<int> recent_;
  std::mutex m_;
  std::condition_variable loaded_cv_;
  bool loaded_ = false;
};

// Negative: a queue and a mutex, no condition variable.
class Log {
public:
  void add(std::string s) { std::lock_guard l(m_); lines_.push(std::move(s)); }
private:
  std::queue<std::string> lines_;
  std::mutex m_;
};

// Negative: the taskfit runtime's own.
namespace taskfit::detail {
class inbox {
public:
  void push(int v) { std::lock_guard l(m_); q_.push_back(v); cv_.notify_one(); }
  int pop() {
    std::unique_lock l(m_);
    cv_.wait(l, [&] { return !q_.empty(); });
    int v = q_.front();
    q_.pop_front();
    return v;
  }
private:
  std::deque<int> q_;
  std::mutex m_;
  std::condition_variable cv_;
};
} // namespace taskfit::detail

// Positive: the same queue made of free globals and two functions.
std::queue<std::string> g_lines;  // LINE:queue_string_2
// CHECK-NOTES: :[[#queue_string_2]]:25: warning: global 'g_lines' with a mutex and a condition variable hand-rolls a blocking queue from a 'std::queue'; use taskfit::channel<T>, which also closes, bounds and wakes waiters correctly [taskfit-hand-rolled-queue]
// CHECK-NOTES: :[[#queue_string_2]]:25: note: items are kept in 'g_lines'
// CHECK-NOTES: :[[#mutex_g_lines_mutex]]:12: note: 'g_lines_mutex' guards them
// CHECK-NOTES: :[[#condition_variable_g_lin]]:25: note: 'g_lines_cv' wakes the consumers
// CHECK-NOTES: :[[#g_lines_cv_notify_one]]:14: note: 'produce' adds an item and notifies here
// CHECK-NOTES: :[[#g_lines_cv_wait]]:14: note: 'consume' waits for an item here
// CHECK-NOTES: :[[#queue_string_2]]:25: note: decision table, Thread-safe Queue row: fits sharing data between workers
std::mutex g_lines_mutex;  // LINE:mutex_g_lines_mutex
std::condition_variable g_lines_cv;  // LINE:condition_variable_g_lin

void produce(std::string line) {
  {
    std::lock_guard lock(g_lines_mutex);
    g_lines.push(std::move(line));
  }
  g_lines_cv.notify_one();  // LINE:g_lines_cv_notify_one
}

std::string consume() {
  std::unique_lock lock(g_lines_mutex);
  g_lines_cv.wait(lock, [] { return !g_lines.empty(); });  // LINE:g_lines_cv_wait
  std::string line = std::move(g_lines.front());
  g_lines.pop();
  return line;
}

// Negative: a global history with a condition variable for a flag.
std::deque<int> g_history;
std::condition_variable g_started_cv;
bool g_started = false;

void remember(int v) {
  std::lock_guard lock(g_lines_mutex);
  g_history.push_back(v);
  g_started_cv.notify_all();
}

int wait_started() {
  std::unique_lock lock(g_lines_mutex);
  g_started_cv.wait(lock, [] { return g_started; });
  return g_started ? 1 : 0;
}
