// RUN: %check_taskfit %s taskfit-tiny-tasks %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 -I %runtime_include

// One provably cheap task per element handed to a pool, and look-alikes
// beside each: chunks, I/O, unknown work, a few workers, no loop.

#include <taskfit/taskfit.hpp>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <functional>
#include <future>
#include <string>
#include <thread>
#include <vector>

struct Pixel {
  float r, g, b;
};

// Cheap helpers: straight-line code of the program's own.
float luminance(const Pixel &p) { return 0.2126f * p.r + 0.7152f * p.g + 0.0722f * p.b; }
float shade(int x, int y) { return std::sqrt(float(x * x + y * y)); }

// Not cheap: a loop, unknown code, I/O.
float average(const std::vector<float> &row) {
  float sum = 0;
  for (float v : row)
    sum += v;
  return row.empty() ? 0 : sum / row.size();
}
float remote_lookup(int key); // defined in another translation unit
void log_value(float v) { std::printf("%f\n", v); }

// Positives.

void scale(std::vector<float> &out, const std::vector<float> &in, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    taskfit::cpu_pool().submit([&, i] { out[i] = in[i] * 2; });
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: 'scale' hands taskfit::cpu_pool() one task per index up to 'n', each about 4 operations: tiny tasks cost less than handing them over (a queue push and a wake-up per task); hand the pool one task per chunk of elements, as taskfit::parallel_for does [taskfit-tiny-tasks]
  // CHECK-FIXES: {{^}}  taskfit::parallel_for(taskfit::cpu_pool(), 0, n, [&](std::size_t i) { out[i] = in[i] * 2; });{{$}}
}

void to_gray(std::vector<Pixel> &image, std::vector<float> &gray) {
  for (std::size_t i = 0; i < image.size(); ++i)
    taskfit::cpu_pool().post([&, i] { gray[i] = luminance(image[i]); });
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: 'to_gray' hands taskfit::cpu_pool() one task per element of 'image', each about 9 operations: tiny tasks {{.*}}
  // CHECK-FIXES: {{^}}  taskfit::parallel_for(taskfit::cpu_pool(), 0, image.size(), [&](std::size_t i) { gray[i] = luminance(image[i]); });{{$}}
}

void brighten(std::vector<Pixel> &image) {
  taskfit::thread_pool pool(4);
  for (auto &p : image)
    pool.post([&p] {
      p.r = std::min(1.0f, p.r * 1.1f);
      p.g = std::min(1.0f, p.g * 1.1f);
    });
  // CHECK-NOTES: :[[@LINE-4]]:10: warning: 'brighten' hands the pool 'pool' one task per element of 'image', each about 6 operations: tiny tasks {{.*}}
  // CHECK-FIXES: {{^}}  taskfit::parallel_for(pool, image, [&](auto &p) {{{$}}
  // CHECK-FIXES-NEXT: {{^}}    p.r = std::min(1.0f, p.r * 1.1f);{{$}}
  // CHECK-FIXES-NEXT: {{^}}    p.g = std::min(1.0f, p.g * 1.1f);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  });{{$}}
}

// The I/O pool grows when no worker is free: a burst of cheap tasks starts
// threads (the Multiprocessing row's words).
void count_hits(const std::vector<int> &keys, std::atomic<long> &hits) {
  for (int k : keys)
    taskfit::io_pool().post([&hits, k] { hits.fetch_add(k > 0 ? 1 : 0); });
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: 'count_hits' hands taskfit::io_pool() one task per element of 'keys', each about 3 operations: cheap tasks cost less than handing them over, and a burst of them makes the elastic pool start threads (start-up, memory cost); hand the pool one task per chunk of elements, as taskfit::parallel_for does [taskfit-tiny-tasks]
  // CHECK-FIXES: {{^}}  taskfit::parallel_for(taskfit::io_pool(), keys, [&](int k) { hits.fetch_add(k > 0 ? 1 : 0); });{{$}}
}

// Per pixel, through a helper; the futures are only waited for.
void render(std::vector<float> &frame, int width, int height, taskfit::thread_pool &pool) {
  std::vector<std::future<void>> pending;
  pending.reserve(frame.size());
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      pending.push_back(pool.submit([&, x, y] { frame[y * width + x] = shade(x, y); })); // LINE:render
    }
  }
  for (auto &f : pending)
    f.get();
}
// CHECK-NOTES: :[[#render]]:30: warning: 'render' hands the pool 'pool' one task per index up to 'width', each about 9 operations: tiny tasks {{.*}}
// CHECK-FIXES: {{^}}void render(std::vector<float> &frame, int width, int height, taskfit::thread_pool &pool) {{{$}}
// CHECK-FIXES-NEXT: {{^}}  for (int y = 0; y < height; ++y) {{{$}}
// CHECK-FIXES-NEXT: {{^}}    taskfit::parallel_for(pool, 0, width, [&](int x) { frame[y * width + x] = shade(x, y); });{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}
// CHECK-FIXES-NEXT: {{^}}}{{$}}

// A named function with its argument.
void bump(std::vector<int> *counts, int i) { ++(*counts)[i]; }
void bump_all(std::vector<int> &counts, taskfit::thread_pool *pool) {
  for (int i = 0; i < 1000; ++i)
    pool->submit(bump, &counts, i % 10);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'bump_all' hands the pool 'pool' one task per iteration of a loop of 1000, each about 3 operations: tiny tasks {{.*}}
  // CHECK-FIXES: {{^}}  taskfit::parallel_for(*pool, 0, 1000, [&](int i) { bump(&counts, i % 10); });{{$}}
}

// Three tasks per pixel: the channel loop is small, the pixel loop is not.
void per_channel(std::vector<Pixel> &image) {
  for (auto &p : image)
    for (int c = 0; c < 3; ++c)
      taskfit::cpu_pool().post([&p, c] { (&p.r)[c] *= 0.5f; });
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: 'per_channel' hands taskfit::cpu_pool() 3 tasks per element of 'image', each about 2 operations: {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:27: note: no automatic fix: the tasks are handed over from an inner loop
}

// Look-alikes: not reported.

// One task per row, whose body loops over the row's elements.
void rows(std::vector<std::vector<float>> &image, std::vector<float> &means) {
  for (std::size_t r = 0; r < image.size(); ++r)
    taskfit::cpu_pool().post([&, r] { means[r] = average(image[r]); });
  for (std::size_t r = 0; r < image.size(); ++r)
    taskfit::cpu_pool().post([&, r] {
      for (float &v : image[r])
        v *= 2;
    });
}

// Chunks of a range, written by hand.
void chunked(std::vector<int> &v) {
  const std::size_t grain = 4096;
  for (std::size_t begin = 0; begin < v.size(); begin += grain)
    taskfit::cpu_pool().post([&, begin] {
      for (std::size_t i = begin; i < std::min(v.size(), begin + grain); ++i)
        v[i] += 1;
    });
}

// Tasks that do I/O: parallel simple I/O tasks fit a pool.
void read_all(const std::vector<std::string> &paths, std::vector<long> &sizes) {
  for (std::size_t i = 0; i < paths.size(); ++i)
    taskfit::io_pool().post([&, i] {
      if (std::FILE *f = std::fopen(paths[i].c_str(), "rb")) {
        sizes[i] = std::fseek(f, 0, SEEK_END) == 0 ? std::ftell(f) : -1;
        std::fclose(f);
      }
    });
  for (float v : {1.0f, 2.0f})
    taskfit::io_pool().post([v] { log_value(v); });
}

// Blocking work on the CPU pool, once per element: not a tiny task, and
// taskfit-work-on-wrong-pool's finding.
void naps(const std::vector<int> &ms) {
  for (int m : ms)
    taskfit::cpu_pool().post([m] { std::this_thread::sleep_for(std::chrono::milliseconds(m)); });
}

// Tasks whose cost is unknown: another translation unit, a job list of
// std::function, a library call the table does not list as cheap.
void unknown(std::vector<float> &out, const std::vector<std::function<void()>> &jobs) {
  for (std::size_t i = 0; i < out.size(); ++i)
    taskfit::cpu_pool().post([&, i] { out[i] = remote_lookup(int(i)); });
  for (const auto &job : jobs)
    taskfit::cpu_pool().post(job);
  for (auto &job : jobs)
    taskfit::cpu_pool().submit([&job] { job(); });
  std::vector<std::string> names(out.size());
  for (std::size_t i = 0; i < out.size(); ++i)
    taskfit::cpu_pool().post([&, i] { names[i] = std::to_string(out[i]); });
}

// A few long-lived workers: a small constant or the core count.
void workers(std::atomic<bool> &stop, std::atomic<long> &ticks) {
  for (int w = 0; w < 4; ++w)
    taskfit::cpu_pool().post([&ticks] { ticks.fetch_add(1); });
  unsigned cores = std::thread::hardware_concurrency();
  for (unsigned w = 0; w < cores; ++w)
    taskfit::cpu_pool().post([&ticks] { ticks.fetch_add(1); });
  for (int w = 0; w < 8; ++w)
    taskfit::cpu_pool().post([&] {
      while (!stop.load())
        ticks.fetch_add(1);
    });
}

// One submission, not in a loop; a loop that submits once and leaves.
void single(std::vector<int> &v) {
  taskfit::cpu_pool().post([&v] { v[0] = 1; });
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == 0) {
      taskfit::cpu_pool().post([&v, i] { v[i] = 1; });
      break;
    }
  }
  // A lambda written in a loop that submits when it is called, later.
  std::vector<std::function<void()>> later;
  for (std::size_t i = 0; i < v.size(); ++i)
    later.push_back([&v, i] { taskfit::cpu_pool().post([&v, i] { v[i] = 2; }); });
}

// A thread per element is taskfit-thread-per-task's finding; map and
// parallel_for chunk the range themselves.
void other_forms(std::vector<int> &v) {
  std::vector<std::future<void>> futures;
  for (std::size_t i = 0; i < v.size(); ++i)
    futures.push_back(std::async(std::launch::async, [&v, i] { v[i] = 1; }));
  auto doubled = taskfit::cpu_pool().map([](int x) { return 2 * x; }, v);
  taskfit::parallel_for(taskfit::cpu_pool(), 0, v.size(), [&](std::size_t i) { v[i] += doubled[i]; });
}

// A dispatcher: no range to cut into chunks.
void dispatch(taskfit::channel<int> &in, std::atomic<long> &sum) {
  while (auto item = in.pop())
    taskfit::cpu_pool().post([&sum, v = *item] { sum.fetch_add(v); });
}

// Recursion and deep helpers are not provably cheap.
int depth(int n) { return n <= 0 ? 0 : 1 + depth(n - 1); }
void recursive(std::vector<int> &v) {
  for (std::size_t i = 0; i < v.size(); ++i)
    taskfit::cpu_pool().post([&v, i] { v[i] = depth(v[i]); });
}

// Objects with non-trivial destructors, and tasks over the handful.
void heavyish(std::vector<float> &v, std::vector<std::vector<float>> &copies) {
  for (std::size_t i = 0; i < v.size(); ++i)
    taskfit::cpu_pool().post([&, i] { std::vector<float> tmp(4, v[i]); copies[i] = tmp; });
  for (std::size_t i = 0; i < v.size(); ++i)
    taskfit::cpu_pool().post([&, i] {
      float x = v[i];
      x = x * x + 1; x = x * x + 1; x = x * x + 1; x = x * x + 1;
      x = x * x + 1; x = x * x + 1; x = x * x + 1; x = x * x + 1;
      x = x * x + 1; x = x * x + 1; x = x * x + 1; x = x * x + 1;
      v[i] = x;
    });
}
