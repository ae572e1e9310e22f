// RUN: %check_taskfit %s taskfit-busy-wait %t -- -- -std=c++20
//
// Loops that wait by polling a flag or a condition and sleeping or yielding
// between checks, next to loops that only look like them.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <queue>
#include <thread>
#include <sys/socket.h>
#include <unistd.h>
#include <sched.h>

using namespace std::chrono_literals;

std::atomic<bool> ready{false};
std::atomic<int> stage{0};
std::atomic_flag done_flag;
bool g_done = false;
std::mutex g_mutex;
std::queue<int> g_queue;
std::atomic<bool> running{true};

void poll_metrics();
void send_metrics();
bool connect_to(const char *host);
int do_step();

// Positive: the classic.
void wait_ready() {
  while (!ready.load())  // LINE:ready_load
  // CHECK-NOTES: :[[#ready_load]]:3: warning: loop polls '!ready.load()' and sleeps between checks: a busy-wait that wakes up for nothing and notices the change late; block until it changes instead (std::atomic<T>::wait/notify_one, a std::condition_variable, or a taskfit::channel) [taskfit-busy-wait]
  // CHECK-NOTES: :[[#this_thread_sleep_for]]:5: note: sleeps here between polls
  // CHECK-NOTES: :[[#ready_load]]:10: note: 'ready' is an atomic: 'ready.wait(old)' blocks while it holds 'old', if every store to it is followed by 'ready.notify_one()' or 'ready.notify_all()'
  // CHECK-NOTES: :[[#ready_load]]:3: note: decision table, Thread-safe Queue row: fits sharing data between workers
    std::this_thread::sleep_for(1ms);  // LINE:this_thread_sleep_for
}

// Positive: implicit load, yield.
void wait_ready_yield() {
  while (!ready)  // LINE:ready
  // CHECK-NOTES: :[[#ready]]:3: warning: loop polls '!ready' and yields between checks: a busy-wait that wakes up for nothing and notices the change late; block until it changes instead (std::atomic<T>::wait/notify_one, a std::condition_variable, or a taskfit::channel) [taskfit-busy-wait]
  // CHECK-NOTES: :[[#this_thread_yield]]:5: note: yields here between polls
  // CHECK-NOTES: :[[#ready]]:10: note: 'ready' is an atomic: 'ready.wait(old)' blocks while it holds 'old', if every store to it is followed by 'ready.notify_one()' or 'ready.notify_all()'
  // CHECK-NOTES: :[[#ready]]:3: note: decision table, Thread-safe Queue row: fits sharing data between workers
    std::this_thread::yield();  // LINE:this_thread_yield
}

// Positive: while(true) with an if-break, plain bool.
void wait_done() {
  while (true) {  // LINE:true
  // CHECK-NOTES: :[[#true]]:3: warning: loop polls 'g_done' and yields between checks: a busy-wait that wakes up for nothing and notices the change late; block until it changes instead (std::atomic<T>::wait/notify_one, a std::condition_variable, or a taskfit::channel) [taskfit-busy-wait]
  // CHECK-NOTES: :[[#this_thread_yield_2]]:5: note: yields here between polls
  // CHECK-NOTES: :[[#true]]:3: note: decision table, Thread-safe Queue row: fits sharing data between workers
    if (g_done)
      break;
    std::this_thread::yield();  // LINE:this_thread_yield_2
  }
}

// Positive: polling a queue under a lock.
int wait_item() {
  for (;;) {  // LINE:line
  // CHECK-NOTES: :[[#line]]:3: warning: loop polls '!g_queue.empty()' and sleeps between checks: a busy-wait that wakes up for nothing and notices the change late; block until it changes instead (std::atomic<T>::wait/notify_one, a std::condition_variable, or a taskfit::channel) [taskfit-busy-wait]
  // CHECK-NOTES: :[[#this_thread_sleep_for_2]]:5: note: sleeps here between polls
  // CHECK-NOTES: :[[#line]]:3: note: decision table, Thread-safe Queue row: fits sharing data between workers
    {
      std::lock_guard lock(g_mutex);
      if (!g_queue.empty()) {
        int v = g_queue.front();
        g_queue.pop();
        return v;
      }
    }
    std::this_thread::sleep_for(5ms);  // LINE:this_thread_sleep_for_2
  }
}

// Positive: do-while, usleep, comparison on atomic int.
void wait_stage() {
  do {  // LINE:line_2
  // CHECK-NOTES: :[[#line_2]]:3: warning: loop polls 'stage.load(std::memory_order_acquire) < 3' and sleeps between checks: a busy-wait that wakes up for nothing and notices the change late; block until it changes instead (std::atomic<T>::wait/notify_one, a std::condition_variable, or a taskfit::channel) [taskfit-busy-wait]
  // CHECK-NOTES: :[[#usleep]]:5: note: sleeps here between polls
  // CHECK-NOTES: :[[#stage_load]]:12: note: 'stage' is an atomic: 'stage.wait(old)' blocks while it holds 'old', if every store to it is followed by 'stage.notify_one()' or 'stage.notify_all()'
  // CHECK-NOTES: :[[#line_2]]:3: note: decision table, Thread-safe Queue row: fits sharing data between workers
    usleep(100);  // LINE:usleep
  } while (stage.load(std::memory_order_acquire) < 3);  // LINE:stage_load
}

// Positive: a future polled with a zero timeout.
int wait_future(std::future<int> &f) {
  while (f.wait_for(0s) != std::future_status::ready)  // LINE:f_wait_for
  // CHECK-NOTES: :[[#f_wait_for]]:3: warning: loop polls 'f.wait_for(0s) != std::future_status::ready' and yields between checks: a busy-wait that wakes up for nothing and notices the change late; block until it changes instead (std::atomic<T>::wait/notify_one, a std::condition_variable, or a taskfit::channel) [taskfit-busy-wait]
  // CHECK-NOTES: :[[#sched_yield]]:5: note: yields here between polls
  // CHECK-NOTES: :[[#f_wait_for]]:3: note: decision table, Thread-safe Queue row: fits sharing data between workers
    sched_yield();  // LINE:sched_yield
  return f.get();
}

// Positive: through a getter.
class Job {
public:
  bool finished() const { return finished_.load(); }
  void wait() const {
    while (!finished())  // LINE:finished
    // CHECK-NOTES: :[[#finished]]:5: warning: loop polls '!finished()' and sleeps between checks: a busy-wait that wakes up for nothing and notices the change late; block until it changes instead (std::atomic<T>::wait/notify_one, a std::condition_variable, or a taskfit::channel) [taskfit-busy-wait]
    // CHECK-NOTES: :[[#this_thread_sleep_for_3]]:7: note: sleeps here between polls
    // CHECK-NOTES: :[[#finished]]:5: note: decision table, Thread-safe Queue row: fits sharing data between workers
      std::this_thread::sleep_for(10ms);  // LINE:this_thread_sleep_for_3
  }
private:
  std::atomic<bool> finished_{false};
};

// Negative: periodic work paced by a sleep.
void reporter() {
  while (running) {
    poll_metrics();
    send_metrics();
    std::this_thread::sleep_for(1s);
  }
}

// Negative: retry with back-off around I/O.
void reconnect() {
  auto backoff = 10ms;
  while (!connect_to("db")) {
    std::this_thread::sleep_for(backoff);
    backoff *= 2;
  }
}
void reconnect_plain() {
  while (!connect_to("db"))
    sleep(1);
}

// Negative: bounded spinning, then blocking.
void spin_then_block() {
  for (int i = 0; i < 64; ++i) {
    if (ready.load())
      return;
    std::this_thread::yield();
  }
  ready.wait(false);
}

// Negative: the sleep is in a lambda defined in the loop.
void lambda_sleep() {
  while (!ready) {
    auto nap = [] { std::this_thread::sleep_for(1ms); };
    (void)nap;
    do_step();
  }
}

// Negative: a condition variable with a timeout.
std::condition_variable g_cv;
void cv_wait() {
  std::unique_lock lock(g_mutex);
  while (!g_done)
    g_cv.wait_for(lock, 100ms);
}

// Negative: no exit test at all (a keep-alive).
void keep_alive() {
  while (true)
    std::this_thread::sleep_for(1h);
}

// Negative: a spinlock: try_lock acquires.
void spin_lock() {
  while (!g_mutex.try_lock())
    std::this_thread::yield();
  g_mutex.unlock();
}

// Negative: work and counting inside.
int attempts() {
  int n = 0;
  while (!ready) {
    ++n;
    std::this_thread::sleep_for(1ms);
  }
  return n;
}

// Negative: test_and_set spin (acquires).
void flag_spin() {
  while (done_flag.test_and_set())
    std::this_thread::yield();
}

// Negative: a lambda that does work, called in the test.
void lambda_poll() {
  auto step = [&] { return do_step() > 0; };
  while (!step())
    std::this_thread::sleep_for(1ms);
}

// Positive: the polled test walks a list of workers; its loop only writes
// the callee's own locals (the iterator, an accumulator).
class RecvThread {
public:
  bool IsRunning() const { return running_.load(); }
  bool IsStopped() const { return stopped_.load(); }
private:
  std::atomic<bool> running_{false}, stopped_{false};
};

class UdpServer {
public:
  bool IsRunning() const {
    bool rc = true;
    for (auto &it : recv_threads_)
      rc = rc && it->IsRunning();
    return rc;
  }
  void Start() {
    while (!IsRunning()) // LINE:all_running
    // CHECK-NOTES: :[[#all_running]]:5: warning: loop polls '!IsRunning()' and sleeps between checks: {{.*}} [taskfit-busy-wait]
    // CHECK-NOTES: :[[#all_running_sleep]]:7: note: sleeps here between polls
    // CHECK-NOTES: :[[#all_running]]:5: note: decision table, Thread-safe Queue row: {{.*}}
      usleep(1); // LINE:all_running_sleep
  }
  void Stop() {
    auto is_stopped_fn = [this]() {
      for (auto &t : this->recv_threads_)
        if (!t->IsStopped())
          return false;
      return true;
    };
    while (!is_stopped_fn()) // LINE:all_stopped
    // CHECK-NOTES: :[[#all_stopped]]:5: warning: loop polls '!is_stopped_fn()' and sleeps between checks: {{.*}} [taskfit-busy-wait]
    // CHECK-NOTES: :[[#all_stopped_sleep]]:7: note: sleeps here between polls
    // CHECK-NOTES: :[[#all_stopped]]:5: note: decision table, Thread-safe Queue row: {{.*}}
      usleep(1); // LINE:all_stopped_sleep
  }

  // Negative: the test takes work off a queue member (a write outside the
  // call): each pass consumes, it does not poll.
  bool take_batch() {
    int n = 0;
    while (!pending_.empty() && n < 8) {
      pending_.pop_front();
      ++n;
    }
    return n > 0;
  }
  void drain() {
    while (!take_batch())
      usleep(100);
  }

  // Negative: the same through a lambda that pops a queue it captures by
  // reference: the write is the caller's queue, not the lambda's own.
  void drain_local(std::deque<int> &jobs) {
    std::deque<int> batch = jobs;
    auto next = [&batch] {
      if (batch.empty())
        return false;
      batch.pop_front();
      return true;
    };
    while (!next())
      usleep(100);
  }

private:
  std::deque<std::unique_ptr<RecvThread>> recv_threads_;
  std::deque<int> pending_;
};
