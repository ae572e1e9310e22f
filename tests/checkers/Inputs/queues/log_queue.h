// Closable, but a queue of this application's own messages: the hand-rolled
// queue the check is for, wherever it is declared.
#pragma once
#include <atomic>
#include <condition_variable>
#include <list>
#include <mutex>
#include <optional>
#include <string>

struct LogLine {
  int level;
  std::string text;
};

class LogQueue {
public:
  void push(LogLine line) {
    std::lock_guard<std::mutex> lock(mutex_);
    lines_.push_back(std::move(line));
    cv_.notify_one();
  }
  std::optional<LogLine> pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait(lock, [this] { return closed_ || !lines_.empty(); });
    if (lines_.empty())
      return std::nullopt;
    LogLine line = std::move(lines_.front());
    lines_.pop_front();
    return line;
  }
  void close() {
    closed_.store(true);
    cv_.notify_all();
  }

private:
  std::list<LogLine> lines_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::atomic<bool> closed_{false};
};
