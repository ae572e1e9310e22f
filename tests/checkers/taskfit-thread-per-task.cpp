// RUN: %check_taskfit %s taskfit-thread-per-task %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 -I %runtime_include

// Threads started once per iteration of a loop (per element of a range,
// per accepted connection): std::thread, std::jthread, pthread_create and
// std::async(std::launch::async, ...). Loops bounded by a small constant or
// by the number of cores build a pool and are left alone.

#include <algorithm>
#include <cstdio>
#include <future>
#include <list>
#include <map>
#include <string>
#include <thread>
#include <vector>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

std::string load(const std::string &path) {
  std::string out;
  if (FILE *f = std::fopen(path.c_str(), "rb")) { // LINE:fopen
    char buf[256];
    while (size_t n = std::fread(buf, 1, sizeof buf, f))
      out.append(buf, n);
    std::fclose(f);
  }
  return out;
}

long crunch(std::vector<int> v) {
  std::sort(v.begin(), v.end()); // LINE:sort
  return v.empty() ? 0 : v.front();
}

void handle(int fd) {
  char buf[64];
  recv(fd, buf, sizeof buf, 0); // LINE:recv
}

void *pthread_entry(void *arg) { return arg; }

// Positives.

void per_file_detached(const std::vector<std::string> &files) {
  for (const auto &f : files)
    std::thread(load, f).detach();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: std::thread started once per element of 'files' in 'per_file_detached' creates one thread per element; its work blocks: submit it to taskfit::io_pool(), which bounds and reuses its threads [taskfit-thread-per-task]
  // CHECK-NOTES: :[[#fopen]]:17: note: 'load' calls blocking file I/O 'fopen' here
}

void per_index(const std::vector<std::vector<int>> &chunks,
               std::vector<std::thread> &out) {
  for (size_t i = 0; i < chunks.size(); ++i)
    out.emplace_back([&chunks, i] { crunch(chunks[i]); }); // LINE:lambda_crunch
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: std::thread started once per element of 'chunks' in 'per_index' creates one thread per element; its work is CPU-heavy: submit it to taskfit::cpu_pool(), which runs one worker per core [taskfit-thread-per-task]
  // CHECK-NOTES: :[[#lambda_crunch]]:37: note: lambda in 'per_index' calls 'crunch' here
  // CHECK-NOTES: :[[#sort]]:3: note: 'crunch' calls CPU-heavy sort 'sort' here
}

void server(int listener) {
  for (;;) {
    int fd = accept(listener, nullptr, nullptr);
    if (fd < 0)
      continue;
    std::thread(handle, fd).detach();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: std::thread started once per accepted connection in 'server' creates one thread per connection, with no bound; its work blocks: submit it to taskfit::io_pool(), which bounds and reuses its threads [taskfit-thread-per-task]
    // CHECK-NOTES: :[[#recv]]:3: note: 'handle' calls blocking network I/O 'recv' here
  }
}

// A cap on open connections bounds the threads alive at once, not the
// threads started: each connection still pays a thread's start and end.
struct capped_server {
  int listener;
  int open = 0;
  int max_open = 128;
  void run() {
    for (;;) {
      int fd = accept(listener, nullptr, nullptr);
      if (fd < 0)
        continue;
      if (open >= max_open) {
        close(fd);
        continue;
      }
      ++open;
      std::thread(handle, fd).detach();
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: std::thread started once per accepted connection in 'capped_server::run' creates one thread per connection, up to 'max_open' at a time, each started and torn down for one connection; its work blocks: {{.*}}
      // CHECK-NOTES: :[[#recv]]:3: note: 'handle' calls blocking network I/O 'recv' here
    }
  }
};

// Turning a peer away for another reason is no cap.
bool banned(int fd);
int rejected(int fd);
void screening_server(int listener) {
  for (;;) {
    int fd = accept(listener, nullptr, nullptr);
    if (rejected(fd) > 0) {
      close(fd);
      continue;
    }
    std::thread(handle, fd).detach();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: std::thread started once per accepted connection in 'screening_server' creates one thread per connection, with no bound; {{.*}}
    // CHECK-NOTES: :[[#recv]]:3: note: 'handle' calls blocking network I/O 'recv' here
  }
}

// ... nor is a rate check: a gap between connections bounds nothing.
long clock_ms();
void throttled_server(int listener, long min_gap_ms) {
  long last = 0;
  for (;;) {
    int fd = accept(listener, nullptr, nullptr);
    long now = clock_ms();
    if (now - last < min_gap_ms) {
      close(fd);
      continue;
    }
    last = now;
    std::thread(handle, fd).detach();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: std::thread started once per accepted connection in 'throttled_server' creates one thread per connection, with no bound; {{.*}}
    // CHECK-NOTES: :[[#recv]]:3: note: 'handle' calls blocking network I/O 'recv' here
  }
}

std::vector<std::future<long>> async_per_job(const std::list<std::vector<int>> &jobs) {
  std::vector<std::future<long>> results;
  for (auto it = jobs.begin(); it != jobs.end(); ++it)
    results.push_back(std::async(std::launch::async, crunch, *it));
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: std::async started once per element of 'jobs' in 'async_per_job' creates one thread per element; its work is CPU-heavy: {{.*}}
  // CHECK-NOTES: :[[#sort]]:3: note: 'crunch' calls CPU-heavy sort 'sort' here
  return results;
}

void many_constant() {
  std::vector<std::jthread> ticks;
  for (int i = 0; i < 500; ++i)
    ticks.emplace_back([] {});
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: std::jthread started once per iteration of a loop in 'many_constant' creates 500 threads; submit the work to taskfit::io_pool(), which bounds and reuses its threads [taskfit-thread-per-task]
  // CHECK-NOTES: :[[@LINE-2]]:11: note: no automatic fix: the threads are not joined in a loop over the container in this function
}

void pthread_per_request(int pending) {
  while (pending-- > 0) {
    pthread_t t;
    pthread_create(&t, nullptr, pthread_entry, nullptr);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: pthread_create started once per iteration of a loop in 'pthread_per_request' creates one thread per iteration, with no bound; {{.*}}
    pthread_detach(t);
  }
}

struct Crawler {
  std::map<std::string, std::string> pages;
  void fetch_all(const std::vector<std::string> &urls) {
    std::vector<std::thread> workers;
    for (const std::string &url : urls)
      workers.emplace_back(&Crawler::fetch, this, url);
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: std::thread started once per element of 'urls' in 'Crawler::fetch_all' creates one thread per element; its work blocks: {{.*}}
    // CHECK-NOTES: :[[#fetch_load]]:46: note: 'Crawler::fetch' calls 'load' here
    // CHECK-NOTES: :[[#fopen]]:17: note: 'load' calls blocking file I/O 'fopen' here
    // CHECK-NOTES: :[[@LINE-4]]:15: note: no automatic fix: the threads are used other than joined in this function
    for (auto &w : workers)
      w.detach();
  }
  void fetch(std::string url) { pages[url] = load(url); } // LINE:fetch_load
};

// Negatives: pools of a size the code chose, threads outside loops,
// lambdas that only start threads when called elsewhere, deferred work.

void sized_by_cores(const std::vector<int> &data) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned i = 0; i < cores; ++i)
    pool.emplace_back([&data] { crunch(data); });
  for (auto &t : pool)
    t.join();
  std::vector<std::jthread> capped;
  for (unsigned i = 0; i < std::min(cores, 8u); ++i)
    capped.emplace_back([] {});
  unsigned n = std::thread::hardware_concurrency() * 2;
  for (unsigned i = 0; i != n; ++i)
    std::thread([] {}).detach();
  const long online = sysconf(_SC_NPROCESSORS_ONLN);
  std::vector<std::string> names(16);
  for (long i = 0; i < std::min<long>(online, static_cast<long>(names.size())); ++i)
    std::thread([] {}).detach();
}

void small_constant() {
  std::thread pair[2];
  for (int i = 0; i < 2; ++i)
    pair[i] = std::thread([] {});
  for (auto &t : pair)
    t.join();
  for (int i = 0; i < 64; ++i)
    std::thread([] {}).detach();
}

int per_argument(int argc, char **argv) {
  std::vector<std::thread> loaders;
  for (int i = 1; i < argc; ++i)
    loaders.emplace_back(load, argv[i]);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: std::thread started once per element of 'argv' in 'per_argument' creates one thread per element; its work blocks: {{.*}}
  // CHECK-NOTES: :[[#fopen]]:17: note: 'load' calls blocking file I/O 'fopen' here
  // CHECK-NOTES: :[[@LINE-3]]:13: note: no automatic fix: the threads are not joined in a loop over the container in this function
  for (size_t i = 0; i < loaders.size(); ++i)
    loaders[i].join();
  return 0;
}

void worker_count(size_t workers, std::vector<long> &partial) {
  std::vector<std::thread> pool;
  for (size_t i = 0; i < workers; ++i)
    pool.emplace_back([&partial, i] { partial[i] = static_cast<long>(i); });
  for (auto &t : pool)
    t.join();
}

void presized(size_t n) {
  std::vector<std::thread> slots(n);
  for (auto &t : slots)
    t = std::thread([] {});
  for (size_t i = 0; i < slots.size(); ++i)
    slots[i] = std::thread([] {});
  for (auto &t : slots)
    t.join();
}

void first_free(const std::vector<int> &ports, std::thread &listener) {
  for (int port : ports) {
    if (port <= 0)
      continue;
    // One thread, then the loop ends.
    listener = std::thread([port] { (void)port; });
    break;
  }
  for (size_t attempt = 0; attempt < ports.size(); ++attempt) {
    std::thread probe([] {});
    probe.join();
    return;
  }
}

void outside_loops(const std::vector<std::string> &files) {
  std::thread loader([&files] {
    for (const auto &f : files)
      load(f);
  });
  std::jthread ticker([] {});
  loader.join();
}

void lambda_in_loop(const std::vector<int> &values, std::vector<std::function<void()>> &later) {
  for (int v : values) {
    // Defined in the loop, run (and starting its thread) elsewhere.
    later.push_back([v] { std::thread([v] { (void)v; }).detach(); });
  }
}

long deferred(const std::vector<std::vector<int>> &jobs) {
  long total = 0;
  for (const auto &job : jobs) {
    auto lazy = std::async(std::launch::deferred, crunch, job);
    // The default policy lets the library defer: not counted unless
    // DefaultAsyncSpawns is set (see the -options test).
    auto either = std::async(crunch, job);
    total += lazy.get() + either.get();
  }
  return total;
}

void moves_threads(std::vector<std::thread> &from, std::vector<std::thread> &to) {
  for (auto &t : from)
    to.push_back(std::move(t));
  for (auto &t : from)
    to.emplace_back(std::move(t));
}
