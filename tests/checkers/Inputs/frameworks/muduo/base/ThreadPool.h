// Stand-in for muduo's base library: the API shapes taskfit's table names.
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>

namespace muduo {
class ThreadPool {
public:
  typedef std::function<void()> Task;
  explicit ThreadPool(const std::string &name = "ThreadPool");
  void setMaxQueueSize(int maxSize);
  void start(int numThreads);
  void stop();
  // Waits while a bounded queue is full, as muduo's does.
  void run(Task f) {
    std::unique_lock<std::mutex> lock(mutex_);
    while (maxQueueSize_ > 0 && queue_.size() >= maxQueueSize_)
      notFull_.wait(lock);
    queue_.push_back(std::move(f));
  }

private:
  std::mutex mutex_;
  std::condition_variable notFull_;
  std::deque<Task> queue_;
  size_t maxQueueSize_ = 0;
};

class Thread {
public:
  typedef std::function<void()> ThreadFunc;
  explicit Thread(ThreadFunc, const std::string &name = std::string());
  void start();
  int join();
};
} // namespace muduo
