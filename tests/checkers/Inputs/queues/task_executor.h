// An executor's queue of its own type-erased task class (a callable with
// operator()), closed by shutdown(): a library building block like a queue
// of std::function, whatever the task class is called.
#pragma once
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

class task {
public:
  task() = default;
  template <class F>
  explicit task(F f) : impl_(std::make_unique<model<F>>(std::move(f))) {}
  void operator()() { impl_->run(); }

private:
  struct concept_t {
    virtual ~concept_t() = default;
    virtual void run() = 0;
  };
  template <class F> struct model : concept_t {
    explicit model(F f) : f(std::move(f)) {}
    void run() override { f(); }
    F f;
  };
  std::unique_ptr<concept_t> impl_;
};

class manual_executor {
public:
  void enqueue(task t) {
    {
      std::unique_lock<std::mutex> lock(lock_);
      if (abort_)
        return;
      tasks_.push_back(std::move(t));
    }
    cv_.notify_one();
  }

  bool run_one() {
    task t;
    {
      std::unique_lock<std::mutex> lock(lock_);
      cv_.wait(lock, [this] { return abort_ || !tasks_.empty(); });
      if (abort_)
        return false;
      t = std::move(tasks_.front());
      tasks_.pop_front();
    }
    t();
    return true;
  }

  void shutdown() {
    {
      std::unique_lock<std::mutex> lock(lock_);
      abort_ = true;
      tasks_.clear();
    }
    cv_.notify_all();
  }

private:
  std::mutex lock_;
  std::condition_variable cv_;
  std::deque<task> tasks_;
  bool abort_ = false;
};
