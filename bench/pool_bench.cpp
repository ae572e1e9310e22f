// Submitting and running 100k tiny tasks: taskfit::thread_pool (post and submit) against a
// naive mutex + condition variable pool, boost::asio::thread_pool, oneTBB's task_group and
// one std::thread per task. Every pool has one worker per core.
#include "bench_support.hpp"

#include <taskfit/thread_pool.hpp>

#include <tbb/task_group.h>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace taskfit::bench {
namespace {

constexpr int tiny_tasks = 100000;
// std::thread per task: threads are joined in batches, or 100k exited-but-unjoined
// threads would hold 100k stacks at once.
constexpr int thread_batch = 256;

// Counts finished tasks; the submitter waits for the last one.
class completion {
public:
    void task_done() {
        if (done_.fetch_add(1, std::memory_order_acq_rel) + 1 == tiny_tasks) done_.notify_one();
    }
    void wait() {
        for (int seen; (seen = done_.load(std::memory_order_acquire)) != tiny_tasks;) done_.wait(seen);
    }

private:
    std::atomic<int> done_{0};
};

// The textbook pool: one deque of std::function behind one mutex.
class naive_pool {
public:
    explicit naive_pool(unsigned threads) {
        for (unsigned i = 0; i < threads; ++i) {
            workers_.emplace_back([this] {
                for (;;) {
                    std::function<void()> job;
                    {
                        std::unique_lock lock(mutex_);
                        ready_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
                        if (jobs_.empty()) return;
                        job = std::move(jobs_.front());
                        jobs_.pop_front();
                    }
                    job();
                }
            });
        }
    }
    ~naive_pool() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        ready_.notify_all();
        for (auto& t : workers_) t.join();
    }
    void post(std::function<void()> job) {
        {
            std::lock_guard lock(mutex_);
            jobs_.push_back(std::move(job));
        }
        ready_.notify_one();
    }

private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> jobs_;
    std::vector<std::thread> workers_;
    bool stop_ = false;
};

void taskfit_post(benchmark::State& state) {
    taskfit::thread_pool pool(cores());
    for (auto _ : state) {
        completion c;
        for (int i = 0; i < tiny_tasks; ++i) pool.post([&c] { c.task_done(); });
        c.wait();
    }
    state.SetItemsProcessed(state.iterations() * tiny_tasks);
}

void taskfit_submit(benchmark::State& state) {
    taskfit::thread_pool pool(cores());
    std::vector<std::future<int>> futures;
    futures.reserve(tiny_tasks);
    for (auto _ : state) {
        for (int i = 0; i < tiny_tasks; ++i) futures.push_back(pool.submit([i] { return i; }));
        std::int64_t sum = 0;
        for (auto& f : futures) sum += f.get();
        benchmark::DoNotOptimize(sum);
        futures.clear();
    }
    state.SetItemsProcessed(state.iterations() * tiny_tasks);
}

void naive_mutex_condvar_pool(benchmark::State& state) {
    naive_pool pool(cores());
    for (auto _ : state) {
        completion c;
        for (int i = 0; i < tiny_tasks; ++i) pool.post([&c] { c.task_done(); });
        c.wait();
    }
    state.SetItemsProcessed(state.iterations() * tiny_tasks);
}

void asio_thread_pool(benchmark::State& state) {
    boost::asio::thread_pool pool(cores());
    for (auto _ : state) {
        completion c;
        for (int i = 0; i < tiny_tasks; ++i) boost::asio::post(pool, [&c] { c.task_done(); });
        c.wait();
    }
    pool.join();
    state.SetItemsProcessed(state.iterations() * tiny_tasks);
}

// The asio spelling of submit: a packaged task whose future carries the result.
void asio_thread_pool_use_future(benchmark::State& state) {
    boost::asio::thread_pool pool(cores());
    std::vector<std::future<int>> futures;
    futures.reserve(tiny_tasks);
    for (auto _ : state) {
        for (int i = 0; i < tiny_tasks; ++i) {
            futures.push_back(boost::asio::post(pool, boost::asio::use_future([i] { return i; })));
        }
        std::int64_t sum = 0;
        for (auto& f : futures) sum += f.get();
        benchmark::DoNotOptimize(sum);
        futures.clear();
    }
    pool.join();
    state.SetItemsProcessed(state.iterations() * tiny_tasks);
}

void tbb_task_group(benchmark::State& state) {
    for (auto _ : state) {
        completion c;
        tbb::task_group group;
        for (int i = 0; i < tiny_tasks; ++i) group.run([&c] { c.task_done(); });
        group.wait();
        c.wait();
    }
    state.SetItemsProcessed(state.iterations() * tiny_tasks);
}

void thread_per_task(benchmark::State& state) {
    for (auto _ : state) {
        completion c;
        std::vector<std::thread> batch;
        batch.reserve(thread_batch);
        for (int i = 0; i < tiny_tasks; ++i) {
            batch.emplace_back([&c] { c.task_done(); });
            if (batch.size() == thread_batch) {
                for (auto& t : batch) t.join();
                batch.clear();
            }
        }
        for (auto& t : batch) t.join();
        c.wait();
    }
    state.SetItemsProcessed(state.iterations() * tiny_tasks);
}

}  // namespace

void register_pool_benchmarks(std::vector<comparison>& comparisons) {
    auto add = [](const char* name, void (*fn)(benchmark::State&)) {
        benchmark::RegisterBenchmark(name, fn)->UseRealTime()->Unit(benchmark::kMillisecond)->MinTime(1.0);
    };
    add("pool/taskfit_post", taskfit_post);
    add("pool/taskfit_submit", taskfit_submit);
    add("pool/naive_mutex_condvar", naive_mutex_condvar_pool);
    add("pool/boost_asio_thread_pool", asio_thread_pool);
    add("pool/boost_asio_thread_pool_use_future", asio_thread_pool_use_future);
    add("pool/tbb_task_group", tbb_task_group);
    add("pool/thread_per_task", thread_per_task);
    comparisons.push_back(
        {"pool post 100k tiny tasks, items/s",
         "pool/taskfit_post",
         {"pool/naive_mutex_condvar", "pool/boost_asio_thread_pool", "pool/tbb_task_group", "pool/thread_per_task"},
         true});
    comparisons.push_back({"pool submit 100k tiny tasks with futures, items/s",
                           "pool/taskfit_submit",
                           {"pool/boost_asio_thread_pool_use_future", "pool/boost_asio_thread_pool"},
                           true});
}

}  // namespace taskfit::bench
