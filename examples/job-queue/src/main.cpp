// job-queue: hashes the files named on the command line with a few worker
// threads and prints one digest per file.
#include "digest.h"
#include "stats.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

// A blocking queue of jobs shared by the reader and the workers.
template <class T> class JobQueue {
public:
  void push(T job) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    available_.notify_one();
  }

  /// Blocks until a job is there; std::nullopt once the queue is closed and
  /// drained.
  std::optional<T> pop() {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [this] { return closed_ || !jobs_.empty(); });
    if (jobs_.empty())
      return std::nullopt;
    T job = std::move(jobs_.front());
    jobs_.pop_front();
    return job;
  }

  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    available_.notify_all();
  }

private:
  std::deque<T> jobs_;
  std::mutex mutex_;
  std::condition_variable available_;
  bool closed_ = false;
};

struct Job {
  std::string name;
  std::string contents;
};

std::mutex g_digest_mutex;
std::map<std::string, std::uint64_t> g_digests;

// One lock around the hashing: the workers take turns.
void hash_into_map(const Job &job) {
  std::lock_guard lock(g_digest_mutex);
  g_digests[job.name] = digest(job.contents);
}

// The same work done right: hash first, lock only to record.
void hash_and_record(const Job &job, Stats &stats) {
  std::uint64_t value = digest(job.contents);
  stats.record(job.name, value);
}

void worker(JobQueue<Job> &queue, Stats &stats, bool shared_map) {
  while (std::optional<Job> job = queue.pop()) {
    if (shared_map)
      hash_into_map(*job);
    else
      hash_and_record(*job, stats);
    stats.hashed.fetch_add(1);
  }
}

std::string read_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

int main(int argc, char **argv) {
  JobQueue<Job> queue;
  Stats stats;
  const bool shared_map = argc > 1 && std::string(argv[1]) == "--map";
  const unsigned workers = std::max(2u, std::thread::hardware_concurrency());

  std::vector<std::thread> threads;
  for (unsigned i = 0; i < workers; ++i)
    threads.emplace_back([&] { worker(queue, stats, shared_map); });
  std::thread reporter(report_progress, std::ref(stats));

  std::size_t queued = 0;
  for (int i = shared_map ? 2 : 1; i < argc; ++i, ++queued)
    queue.push({argv[i], read_file(argv[i])});
  queue.close();

  // Waits for the workers by polling the counter.
  while (stats.hashed.load() < queued)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));

  stats.stop = true;
  for (auto &t : threads)
    t.join();
  reporter.join();
  for (const auto &[name, value] : stats.results)
    std::printf("%016llx  %s\n", static_cast<unsigned long long>(value),
                name.c_str());
  for (const auto &[name, value] : g_digests)
    std::printf("%016llx  %s\n", static_cast<unsigned long long>(value),
                name.c_str());
}
