// RUN: %check_taskfit %s taskfit-blocking-call-in-async,taskfit-cpu-bound-in-async %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" -- -std=c++20 %asio_flags

// An io_context that a thread of the program's own runs, and that serves
// no socket, timer or coroutine, is a work queue with one worker: asio's
// logger_service example posts its file writes there "to pass the work to
// the background thread". What is posted to it is already offloaded. An
// io_context that also serves I/O, or that main runs, is an event loop.

#include <asio.hpp>

#include <algorithm>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

// The logger_service shape: a private io_context, a work guard, a thread.
class file_logger {
public:
  file_logger()
      : work_(asio::make_work_guard(work_context_)),
        thread_([this] { work_context_.run(); }) {}
  ~file_logger() {
    work_.reset();
    thread_.join();
  }

  void use_file(const std::string &path) {
    asio::post(work_context_, std::bind(&file_logger::open_impl, this, path));
  }
  void log(const std::string &line) {
    asio::post(work_context_.get_executor(), [this, line] { out_ << line << '\n'; });
  }

private:
  void open_impl(const std::string &path) { out_.open(path); }

  asio::io_context work_context_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::thread thread_;
  std::ofstream out_;
};

// The same private loop as a local: a background sorter.
void sort_in_background(std::vector<int> &data) {
  asio::io_context worker;
  std::thread t([&worker] { worker.run(); });
  asio::post(worker, [&data] { std::sort(data.begin(), data.end()); });
  t.join();
}

// Look-alike: the io_context a thread runs also serves a timer, so it is an
// event loop whose other handlers wait while the file is written.
class ticking_logger {
public:
  ticking_logger()
      : timer_(context_), thread_([this] { context_.run(); }) {}

  void log(const std::string &line) {
    asio::post(context_, [this, line] {
      std::ofstream out("log.txt", std::ios::app);
      // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: blocking file I/O 'std::ofstream' in completion handler lambda in 'ticking_logger::log' stalls its event loop
      out << line;
      // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking file I/O 'operator<<' in completion handler lambda in 'ticking_logger::log'
    });
  }

private:
  asio::io_context context_;
  asio::steady_timer timer_;
  std::thread thread_;
};

// Look-alike: main runs the io_context itself, as its event loop.
void serve(const std::string &path) {
  asio::io_context io;
  asio::post(io, [path] {
    std::ifstream in(path);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: blocking file I/O 'std::ifstream' in completion handler lambda in 'serve' stalls its event loop
  });
  io.run();
}

// Look-alike: an io_context received by reference may be anybody's loop.
void post_to(asio::io_context &io, const std::string &path) {
  asio::post(io, [path] {
    std::ifstream in(path);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: blocking file I/O 'std::ifstream' in completion handler lambda in 'post_to' stalls its event loop
  });
}
