// An application's queue of its own messages: a complete, closable queue in
// a header, but of one kind of item. Order happens to be its own comparator
// (an operator() with arguments): no task class.
#pragma once
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>

struct Order {
  std::string symbol;
  long qty;
  bool operator()(const Order &a, const Order &b) const {
    return a.qty < b.qty;
  }
};

class OrderQueue {
public:
  void push(Order o) {
    {
      std::lock_guard<std::mutex> lock(m_);
      q_.push_back(std::move(o));
    }
    cv_.notify_one();
  }
  bool pop(Order &o) {
    std::unique_lock<std::mutex> lock(m_);
    cv_.wait(lock, [this] { return closed_ || !q_.empty(); });
    if (q_.empty())
      return false;
    o = std::move(q_.front());
    q_.pop_front();
    return true;
  }
  void close() {
    {
      std::lock_guard<std::mutex> lock(m_);
      closed_ = true;
    }
    cv_.notify_all();
  }

private:
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<Order> q_;
  bool closed_ = false;
};
