// RUN: %check_taskfit %s taskfit-thread-per-task %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 -I %runtime_include

// A loop that calls a helper starting a thread on every call starts a
// thread per iteration, as if it started it itself. Helpers that start a
// thread only once (a lazy start, a member thread, a constructor), or a
// pool's event-loop thread, and loops that build a pool, are left alone.

#include <asio.hpp>
#include <cstdio>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <string>
#include <thread>
#include <vector>

void convert(const std::string &path) {
  if (FILE *f = std::fopen(path.c_str(), "rb"))
    std::fclose(f);
}

void start_job(const std::string &path) {
  std::thread(convert, path).detach();
}

void start_logged(const std::string &path) {
  std::printf("starting %s\n", path.c_str());
  start_job(path);
}

void convert_all(const std::vector<std::string> &paths) {
  for (const std::string &p : paths)
    start_job(p);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: std::thread started once per element of 'paths' in 'convert_all' (via 'start_job') creates one thread per element; submit the work to taskfit::io_pool(), which bounds and reuses its threads [taskfit-thread-per-task]
  // CHECK-NOTES: :25:3: note: 'start_job' starts a std::thread here
  // CHECK-NOTES: :[[@LINE-3]]:5: note: no automatic fix: the thread is started in 'start_job'
  for (const std::string &p : paths)
    start_logged(p);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: std::thread started once per element of 'paths' in 'convert_all' (via 'start_logged')
  // CHECK-NOTES: :30:3: note: 'start_logged' calls 'start_job' here
  // CHECK-NOTES: :25:3: note: 'start_job' starts a std::thread here
  // CHECK-NOTES: :[[@LINE-4]]:5: note: no automatic fix: the thread is started in 'start_logged'
}

class Uploader {
public:
  void enqueue(std::string path) {
    std::lock_guard<std::mutex> lock(m_);
    workers_.emplace_back(convert, std::move(path)); // LINE:emplace
  }
  void upload_all(const std::vector<std::string> &paths) {
    for (const auto &p : paths)
      enqueue(p);
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: std::thread started once per element of 'paths' in 'Uploader::upload_all' (via 'Uploader::enqueue')
    // CHECK-NOTES: :[[#emplace]]:14: note: 'Uploader::enqueue' starts a std::thread here
    // CHECK-NOTES: :[[@LINE-3]]:7: note: no automatic fix: the thread is started in 'Uploader::enqueue'
  }

private:
  std::mutex m_;
  std::vector<std::thread> workers_;
};

// --- Look-alikes -----------------------------------------------------------

// A lazy start: the thread is started on the first call only.
class Flusher {
public:
  void ensure_started() {
    if (!worker_.joinable())
      worker_ = std::thread([] { convert("/var/log/app"); });
  }
  // The object's one background thread, replaced on each call.
  void restart() { worker_ = std::thread([] { convert("/var/log/app"); }); }
  ~Flusher() {
    if (worker_.joinable())
      worker_.join();
  }

private:
  std::thread worker_;
};

void flush_often(Flusher &f, const std::vector<std::string> &lines) {
  for (const auto &l : lines) {
    f.ensure_started();
    f.restart();
  }
}

// Started once: after an early return on state, into one member through a
// pointer, or by pthread_create into a member id.
class Service {
public:
  void start() {
    if (started_)
      return;
    started_ = true;
    std::thread([] { convert("/var/run/service"); }).detach();
  }
  void start_raw() { raw_ = new std::thread([] { convert("/tmp/a"); }); }
  void start_owned() {
    owned_.reset(new std::thread([] { convert("/tmp/b"); }));
  }
  void start_posix() { pthread_create(&tid_, nullptr, &Service::run, this); }

private:
  static void *run(void *) { return nullptr; }
  bool started_ = false;
  std::thread *raw_ = nullptr;
  std::unique_ptr<std::thread> owned_;
  pthread_t tid_{};
};

void start_services(std::vector<Service> &services) {
  for (auto &s : services) {
    s.start();
    s.start_raw();
    s.start_owned();
    s.start_posix();
  }
}

// A pool that grows to the count its owner chose.
class GrowingPool {
public:
  explicit GrowingPool(unsigned n) {
    while (workers_.size() < n)
      add_worker();
  }
  void add_worker() {
    workers_.emplace_back([] { convert("/tmp/work"); });
  }

private:
  std::vector<std::thread> workers_;
};

// One thread per object, in the constructor.
class Watcher {
public:
  explicit Watcher(std::string path)
      : t_([p = std::move(path)] { convert(p); }) {}
  ~Watcher() { t_.join(); }

private:
  std::thread t_;
};

void watch_all(const std::vector<std::string> &paths) {
  std::vector<std::unique_ptr<Watcher>> watchers;
  for (const auto &p : paths)
    watchers.push_back(std::make_unique<Watcher>(p));
}

// A pool's event-loop thread: one per io_context.
void start_loop(asio::io_context &io) {
  std::thread([&io] { io.run(); }).detach();
}

void start_loops(std::vector<std::unique_ptr<asio::io_context>> &contexts) {
  for (auto &io : contexts)
    start_loop(*io);
}

// Bounded by the number of cores, or a small constant: a pool.
void start_workers(const std::vector<std::string> &paths) {
  unsigned n = std::thread::hardware_concurrency();
  for (unsigned i = 0; i < n; ++i)
    start_job(paths[i % paths.size()]);
  for (int i = 0; i < 4; ++i)
    start_job(paths[i]);
}

// Called once, not in a loop.
void convert_one(const std::string &path) { start_job(path); }

// A helper that starts its threads in a loop of its own is judged there.
void start_batch(const std::vector<std::string> &paths) {
  for (int i = 0; i < 2; ++i)
    std::thread(convert, paths[i]).detach();
}

void batches(const std::vector<std::vector<std::string>> &all) {
  for (const auto &b : all)
    start_batch(b);
}
