#include "blocking_queue.h"
#include "log_queue.h"
#include "thread_pool.h"
#include "task_executor.h"

#include <chrono>
#include <cstdio>

// A consumer that drains everything at once under a timed wait is still a
// hand-rolled queue.
class Batcher {
public:
  void add(int event) {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_.push_back(event);
    cv_.notify_one();
  }
  void flush_loop() {
    for (;;) {
      std::deque<int> batch;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait_for(lock, std::chrono::milliseconds(50),
                     [this] { return !pending_.empty(); });
        std::swap(batch, pending_);
      }
      for (int event : batch)
        std::printf("%d\n", event);
    }
  }

private:
  std::deque<int> pending_;
  std::mutex mutex_;
  std::condition_variable cv_;
};

int main() {
  ThreadPool pool(4);
  BlockingQueue<int> numbers;
  LogQueue logs;
  Batcher batcher;
  pool.enqueue([&] { numbers.push(1); });
  logs.push({1, "started"});
  batcher.add(numbers.pop());
  logs.close();
}

// Included last, so that the line numbers above stay.
#include "order_queue.h"
