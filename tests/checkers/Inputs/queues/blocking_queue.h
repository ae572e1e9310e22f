// General-purpose, but nothing closes it: a consumer blocked in pop() at
// shutdown waits forever.
#pragma once
#include <condition_variable>
#include <deque>
#include <mutex>

template <class T> class BlockingQueue {
public:
  void push(T value) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      items_.push_back(std::move(value));
    }
    ready_.notify_one();
  }
  T pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [this] { return !items_.empty(); });
    T value = std::move(items_.front());
    items_.pop_front();
    return value;
  }

private:
  std::deque<T> items_;
  std::mutex mutex_;
  std::condition_variable ready_;
};
