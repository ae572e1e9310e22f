// RUN: %check_taskfit %s taskfit-blocking-call-in-async %t -- -- -std=c++20 -I %inputs

// Blocking calls reached through functions defined in the translation unit:
// the finding points at the call in the coroutine; notes walk the chain.

#include "simple_task.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>
#include <unistd.h>
#include <vector>

// --- chains of one, two and three helpers ---------------------------------
std::string read_file(const char *path) {
  FILE *f = fopen(path, "r"); // LINE:read_file_fopen
  std::string text;
  fclose(f);
  return text;
}
std::string load_config() { return read_file("app.ini"); } // LINE:load_config
std::string load_all() { return load_config() + "!"; } // LINE:load_all

simple_task<int> chains() {
  std::string a = read_file("a");
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: blocking file I/O 'fopen' (via 'read_file') in coroutine 'chains' stalls its event loop; offload it to taskfit::io_pool() [taskfit-blocking-call-in-async]
  // CHECK-NOTES: :[[#read_file_fopen]]:13: note: 'read_file' calls blocking file I/O 'fopen' here
  // CHECK-NOTES: :[[@LINE-3]]:19: note: decision table, AsyncIO row: {{.*}}
  std::string b = load_config();
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: blocking file I/O 'fopen' (via 'load_config') in coroutine 'chains' {{.*}}
  // CHECK-NOTES: :[[#load_config]]:36: note: 'load_config' calls 'read_file' here
  // CHECK-NOTES: :[[#read_file_fopen]]:13: note: 'read_file' calls blocking file I/O 'fopen' here
  // CHECK-NOTES: :[[@LINE-4]]:19: note: decision table, AsyncIO row: {{.*}}
  std::string c = load_all();
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: blocking file I/O 'fopen' (via 'load_all') in coroutine 'chains' {{.*}}
  // CHECK-NOTES: :[[#load_all]]:33: note: 'load_all' calls 'load_config' here
  // CHECK-NOTES: :[[#load_config]]:36: note: 'load_config' calls 'read_file' here
  // CHECK-NOTES: :[[#read_file_fopen]]:13: note: 'read_file' calls blocking file I/O 'fopen' here
  // CHECK-NOTES: :[[@LINE-5]]:19: note: decision table, AsyncIO row: {{.*}}
  co_return static_cast<int>(a.size() + b.size() + c.size());
}

// --- recursion and cycles terminate -----------------------------------------
unsigned countdown(unsigned n) {
  if (n == 0)
    return sleep(1); // LINE:countdown_sleep
  return countdown(n - 1);
}
int is_odd(int n);
int is_even(int n) {
  if (n == 0) {
    usleep(10); // LINE:even_usleep
    return 1;
  }
  return is_odd(n - 1);
}
int is_odd(int n) { return n == 0 ? 0 : is_even(n - 1); } // LINE:is_odd
// A cycle that never blocks.
int ping(int n);
int pong(int n) { return n <= 0 ? 0 : ping(n - 1); }
int ping(int n) { return n <= 0 ? 0 : pong(n - 1); }

simple_task<> cycles() {
  countdown(3);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking sleep 'sleep' (via 'countdown') in coroutine 'cycles' stalls its event loop; offload it to taskfit::io_pool() [taskfit-blocking-call-in-async]
  // CHECK-NOTES: :[[#countdown_sleep]]:12: note: 'countdown' calls blocking sleep 'sleep' here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: decision table{{.*}}
  is_odd(5);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking sleep 'usleep' (via 'is_odd') in coroutine 'cycles' {{.*}}
  // CHECK-NOTES: :[[#is_odd]]:41: note: 'is_odd' calls 'is_even' here
  // CHECK-NOTES: :[[#even_usleep]]:5: note: 'is_even' calls blocking sleep 'usleep' here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: decision table{{.*}}
  ping(10);
  co_return;
}

// --- members, constructors, templates, callables ------------------------------
struct Store {
  explicit Store(const char *path) { handle = fopen(path, "r"); } // LINE:store_ctor
  void flush() { fflush(handle); } // LINE:store_flush
  static void sync_all() { ::sync(); } // LINE:store_sync
  FILE *handle;
};

template <typename T> T parse(const char *path) {
  (void)read_file(path); // LINE:parse_read
  return T{};
}

template <typename T> struct Cache {
  T get() { return parse<T>("cache.bin"); } // LINE:cache_get
};

using Callback = void (*)();
void tick() { sleep(1); } // LINE:tick

simple_task<> callables(Cache<int> &cache) {
  Store store("db.bin");
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: blocking file I/O 'fopen' (via 'Store::Store') in coroutine 'callables' {{.*}}
  // CHECK-NOTES: :[[#store_ctor]]:47: note: 'Store::Store' calls blocking file I/O 'fopen' here
  // CHECK-NOTES: :[[@LINE-3]]:9: note: decision table{{.*}}
  store.flush();
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: blocking file I/O 'fflush' (via 'Store::flush') in coroutine 'callables' {{.*}}
  // CHECK-NOTES: :[[#store_flush]]:18: note: 'Store::flush' calls blocking file I/O 'fflush' here
  // CHECK-NOTES: :[[@LINE-3]]:9: note: decision table{{.*}}
  Store::sync_all();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking file I/O 'sync' (via 'Store::sync_all') in coroutine 'callables' {{.*}}
  // CHECK-NOTES: :[[#store_sync]]:28: note: 'Store::sync_all' calls blocking file I/O 'sync' here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: decision table{{.*}}
  int cached = cache.get();
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: blocking file I/O 'fopen' (via 'Cache::get') in coroutine 'callables' {{.*}}
  // CHECK-NOTES: :[[#cache_get]]:20: note: 'Cache::get' calls 'parse' here
  // CHECK-NOTES: :[[#parse_read]]:9: note: 'parse' calls 'read_file' here
  // CHECK-NOTES: :[[#read_file_fopen]]:13: note: 'read_file' calls blocking file I/O 'fopen' here
  // CHECK-NOTES: :[[@LINE-5]]:22: note: decision table{{.*}}
  (void)cached;

  auto nap = [] { usleep(5); };
  nap();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking sleep 'usleep' (via lambda in 'callables') in coroutine 'callables' {{.*}}
  // CHECK-NOTES: :[[@LINE-3]]:19: note: lambda in 'callables' calls blocking sleep 'usleep' here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: decision table{{.*}}
  std::function<void()> later = [] { sleep(2); };
  later();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking sleep 'sleep' (via lambda in 'callables') in coroutine 'callables' {{.*}}
  // CHECK-NOTES: :[[@LINE-3]]:38: note: lambda in 'callables' calls blocking sleep 'sleep' here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: decision table{{.*}}
  Callback cb = tick;
  cb();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking sleep 'sleep' (via 'tick') in coroutine 'callables' {{.*}}
  // CHECK-NOTES: :[[#tick]]:15: note: 'tick' calls blocking sleep 'sleep' here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: decision table{{.*}}
  std::vector<const char *> paths{"a", "b"};
  std::for_each(paths.begin(), paths.end(), [](const char *p) { read_file(p); });
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking file I/O 'fopen' (via lambda in 'callables') in coroutine 'callables' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:65: note: lambda in 'callables' calls 'read_file' here
  // CHECK-NOTES: :[[#read_file_fopen]]:13: note: 'read_file' calls blocking file I/O 'fopen' here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: decision table{{.*}}
  co_return;
}

// --- virtual calls: followed only when the final overrider is known -----------
struct Source {
  virtual ~Source() = default;
  virtual int next() = 0;
};
struct FileSource final : Source {
  int next() override { return fgetc(file); } // LINE:file_next
  FILE *file = nullptr;
};
struct MemorySource : Source {
  int next() override { return 0; }
};

simple_task<> virtuals(Source &any, FileSource &file) {
  any.next(); // Unknown overrider: not followed.
  file.next();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: blocking file I/O 'fgetc' (via 'FileSource::next') in coroutine 'virtuals' {{.*}}
  // CHECK-NOTES: :[[#file_next]]:32: note: 'FileSource::next' calls blocking file I/O 'fgetc' here
  // CHECK-NOTES: :[[@LINE-3]]:8: note: decision table{{.*}}
  MemorySource memory;
  memory.next();
  co_return;
}

// --- look-alikes: nothing to report ------------------------------------------
[[clang::annotate("taskfit::nonblocking")]] void log_async(const char *msg) {
  // Pretend this queues the message for a logging thread.
  fputs(msg, fopen("/dev/null", "w"));
}

// A coroutine callee is reported in its own body, not again at each caller.
simple_task<> child() {
  sleep(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking sleep 'sleep' in coroutine 'child' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:3: note: decision table{{.*}}
  co_return;
}

void helper_in_thread() { sleep(1); }

simple_task<> lookalikes(std::vector<int> &v) {
  log_async("hello"); // Marked non-blocking: propagation stops.
  child();
  // Lambdas handed elsewhere, or never called, do not run here.
  auto never_called = [] { sleep(1); };
  std::function<void()> stored = helper_in_thread;
  (void)never_called;
  // Algorithms that take no callable, or pure callables.
  std::sort(v.begin(), v.end());
  std::for_each(v.begin(), v.end(), [](int &x) { x += 1; });
  co_return;
}

// --- destructors run at the end of a scope --------------------------------------
struct Journal {
  explicit Journal(FILE *f) : file(f) {}
  ~Journal() { fflush(file); } // LINE:journal_dtor
  FILE *file;
};

simple_task<> scope_exits(FILE *f) {
  Journal j(f);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: blocking file I/O 'fflush' (via 'Journal::~Journal') in coroutine 'scope_exits' {{.*}}
  // CHECK-NOTES: :[[#journal_dtor]]:16: note: 'Journal::~Journal' calls blocking file I/O 'fflush' here
  // CHECK-NOTES: :[[@LINE-3]]:11: note: decision table{{.*}}
  co_return;
}

// --- constructors: their member initializers run too -----------------------------
struct FileHandle {
  explicit FileHandle(const char *path) : f(fopen(path, "r")) {} // LINE:handle_init
  FILE *f;
};
struct Buffer {
  explicit Buffer(int n) : size(n), data(n, 0) {}
  int size;
  std::vector<char> data;
};

simple_task<> constructors(const char *path) {
  FileHandle h(path);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: blocking file I/O 'fopen' (via 'FileHandle::FileHandle') in coroutine 'constructors' {{.*}}
  // CHECK-NOTES: :[[#handle_init]]:45: note: 'FileHandle::FileHandle' calls blocking file I/O 'fopen' here
  // CHECK-NOTES: :[[@LINE-3]]:14: note: decision table{{.*}}
  Buffer b(64);
  co_return;
}

// Default member initializers run in the constructors that do not set the
// member themselves, implicit ones and aggregate initialization included.
struct LogSink {
  FILE *out = fopen("/var/log/app.log", "a"); // LINE:sink_default
  int level = 0;
};
struct Config {
  explicit Config(int verbosity) : verbosity(verbosity) {}
  int verbosity;
  FILE *source = fopen("/etc/app.conf", "r"); // LINE:config_default
};
struct Counters {
  int hits = 0;
  std::vector<int> buckets = std::vector<int>(16);
};

simple_task<> default_initializers() {
  LogSink sink;
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: blocking file I/O 'fopen' (via 'LogSink::LogSink') in coroutine 'default_initializers' {{.*}}
  // CHECK-NOTES: :[[#sink_default]]:15: note: 'LogSink::LogSink' calls blocking file I/O 'fopen' here
  // CHECK-NOTES: :[[@LINE-3]]:11: note: decision table{{.*}}
  Config config(2);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: blocking file I/O 'fopen' (via 'Config::Config') in coroutine 'default_initializers' {{.*}}
  // CHECK-NOTES: :[[#config_default]]:18: note: 'Config::Config' calls blocking file I/O 'fopen' here
  // CHECK-NOTES: :[[@LINE-3]]:10: note: decision table{{.*}}
  Counters counters;
  LogSink aggregate{nullptr, 1};
  co_return;
}
