// RUN: %check_taskfit %s taskfit-busy-wait %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" -- -std=c++20

// A worker that polls for work, does it when there is some and sleeps only
// when there is none is still a busy-wait while the queue is empty. Paced
// work, retries of an operation and spinlocks are not.

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

using namespace std::chrono_literals;

template <class T> class locked_queue {
public:
  bool try_pop(T &out);
  std::optional<T> try_pop();
  bool empty() const;
  void push(T v);
};

struct Job {
  int id;
};
void run(const Job &job);
bool send_all(const Job &job);
void publish_metrics();

std::atomic<bool> running{true};
locked_queue<Job> jobs;
std::mutex table_mutex;

void worker_else_branch() {
  while (running) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: loop polls 'jobs.try_pop()' for work and sleeps when there is none: a busy-wait that wakes up for nothing and picks up new work late; block until work arrives instead (a taskfit::channel pop, or a std::condition_variable) [taskfit-busy-wait]
    if (auto job = jobs.try_pop())
      run(*job);
    else
      std::this_thread::sleep_for(1ms);
  }
}

void worker_continue_first() {
  while (running.load()) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: loop polls '!jobs.try_pop(job)' for work and yields when there is none
    Job job;
    if (!jobs.try_pop(job)) {
      std::this_thread::yield();
      continue;
    }
    run(job);
  }
}

void worker_work_first() {
  for (;;) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: loop polls '!jobs.empty()' for work and sleeps when there is none
    if (!jobs.empty()) {
      Job job;
      jobs.try_pop(job);
      run(job);
      continue;
    }
    std::this_thread::sleep_for(5ms);
  }
}

// --- look-alikes --------------------------------------------------------------

// Paced work: a sleep every round, work or not.
void pacer() {
  while (running) {
    if (auto job = jobs.try_pop())
      run(*job);
    publish_metrics();
    std::this_thread::sleep_for(1s);
  }
}

// A retry of an operation with back-off: the test does the work.
void sender(const Job &job) {
  while (running) {
    if (!send_all(job)) {
      std::this_thread::sleep_for(100ms);
      continue;
    }
    break;
  }
}

// A spin on a lock: trying it acquires it.
void spin_lock_then_work() {
  while (running) {
    if (!table_mutex.try_lock()) {
      std::this_thread::sleep_for(1ms);
      continue;
    }
    publish_metrics();
    table_mutex.unlock();
  }
}
