// channel<T> throughput against the queues it competes with: the mutex + condition
// variable + deque queue that taskfit-hand-rolled-queue flags, moodycamel's
// BlockingConcurrentQueue and boost::lockfree::queue, at 1, 2 and 4 producers/consumers.
#include "bench_support.hpp"

#include <taskfit/channel.hpp>

#include <concurrentqueue/blockingconcurrentqueue.h>
#include <boost/lockfree/queue.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <latch>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace taskfit::bench {
namespace {

// Bounded queues get the same capacity; moodycamel's has no bound (it cannot make a
// producer wait), which favours it when consumers fall behind.
constexpr std::size_t queue_capacity = 1024;
// Items per run: divisible by every producer and consumer count used.
constexpr std::uint64_t items_per_run = 240000;
// Spins before a non-blocking queue's caller yields its core.
constexpr int spins_before_yield = 64;

struct taskfit_channel {
    taskfit::channel<std::uint64_t> ch{queue_capacity};
    void push(std::uint64_t v) { ch.push(v); }
    std::uint64_t pop() { return *ch.pop(); }
};

// The hand-rolled baseline.
struct mutex_condvar_deque {
    std::mutex mutex;
    std::condition_variable not_empty;
    std::condition_variable not_full;
    std::deque<std::uint64_t> items;

    void push(std::uint64_t v) {
        {
            std::unique_lock lock(mutex);
            not_full.wait(lock, [&] { return items.size() < queue_capacity; });
            items.push_back(v);
        }
        not_empty.notify_one();
    }
    std::uint64_t pop() {
        std::uint64_t v;
        {
            std::unique_lock lock(mutex);
            not_empty.wait(lock, [&] { return !items.empty(); });
            v = items.front();
            items.pop_front();
        }
        not_full.notify_one();
        return v;
    }
};

struct moodycamel_blocking {
    moodycamel::BlockingConcurrentQueue<std::uint64_t> queue{queue_capacity};
    void push(std::uint64_t v) { queue.enqueue(v); }
    std::uint64_t pop() {
        std::uint64_t v;
        queue.wait_dequeue(v);
        return v;
    }
};

// Lock-free and non-blocking: callers spin, then yield, when it is full or empty.
struct boost_lockfree {
    boost::lockfree::queue<std::uint64_t> queue{queue_capacity};
    void push(std::uint64_t v) {
        for (int spin = 0; !queue.bounded_push(v); ++spin) {
            if (spin >= spins_before_yield) std::this_thread::yield();
        }
    }
    std::uint64_t pop() {
        std::uint64_t v;
        for (int spin = 0; !queue.pop(v); ++spin) {
            if (spin >= spins_before_yield) std::this_thread::yield();
        }
        return v;
    }
};

template <class Queue>
void producers_consumers(benchmark::State& state, int producers, int consumers) {
    std::uint64_t checksum = 0;
    for (auto _ : state) {
        Queue queue;
        std::atomic<std::uint64_t> sum{0};
        std::latch start(producers + consumers);
        std::vector<std::thread> threads;
        for (int p = 0; p < producers; ++p) {
            threads.emplace_back([&] {
                start.arrive_and_wait();
                for (std::uint64_t i = 0; i < items_per_run / producers; ++i) queue.push(i);
            });
        }
        for (int c = 0; c < consumers; ++c) {
            threads.emplace_back([&] {
                start.arrive_and_wait();
                std::uint64_t local = 0;
                for (std::uint64_t i = 0; i < items_per_run / consumers; ++i) local += queue.pop();
                sum += local;
            });
        }
        for (auto& t : threads) t.join();
        checksum += sum.load();
    }
    benchmark::DoNotOptimize(checksum);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * items_per_run));
}

template <class Queue>
void register_queue(const std::string& name, int p, int c) {
    benchmark::RegisterBenchmark(("channel/" + name + "/" + std::to_string(p) + "p" + std::to_string(c) + "c").c_str(),
                                 [p, c](benchmark::State& s) { producers_consumers<Queue>(s, p, c); })
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond)
        ->MinTime(1.0);
}

}  // namespace

void register_channel_benchmarks(std::vector<comparison>& comparisons) {
    for (int n : {1, 2, 4}) {
        const std::string shape = std::to_string(n) + "p" + std::to_string(n) + "c";
        register_queue<taskfit_channel>("taskfit", n, n);
        register_queue<mutex_condvar_deque>("mutex_condvar_deque", n, n);
        register_queue<moodycamel_blocking>("moodycamel_blocking", n, n);
        register_queue<boost_lockfree>("boost_lockfree", n, n);
        comparisons.push_back({"channel " + shape + " items/s",
                               "channel/taskfit/" + shape,
                               {"channel/mutex_condvar_deque/" + shape, "channel/moodycamel_blocking/" + shape,
                                "channel/boost_lockfree/" + shape},
                               true});
    }
}

}  // namespace taskfit::bench
