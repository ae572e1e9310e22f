// The coroutine side: offload round trips (loop -> pool -> loop) against a blocking
// future round trip and asio_offload, and 10k concurrent sleep_for coroutines on one loop
// against 10k sleeping std::threads (wall time, resident and virtual memory).
#include "bench_support.hpp"

#include <taskfit/asio.hpp>
#include <taskfit/taskfit.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>

#include <chrono>
#include <future>
#include <thread>
#include <vector>

namespace taskfit::bench {
namespace {

constexpr int sleepers = 10000;
constexpr std::chrono::milliseconds nap{200};
constexpr double kib_per_mib = 1024.0;
constexpr double bytes_per_mib = 1024.0 * 1024.0;

// Memory held while the sleepers exist: heap handed out by malloc (coroutine frames,
// thread bookkeeping), resident size (also thread stacks) and address space reserved.
struct memory_probe {
    std::size_t heap = heap_in_use_bytes();
    std::size_t resident = resident_kib();
    std::size_t reserved = virtual_kib();

    void report(benchmark::State& state, const memory_probe& during) const {
        state.counters["heap_MiB"] = static_cast<double>(during.heap - heap) / bytes_per_mib;
        state.counters["rss_MiB"] =
            (static_cast<double>(during.resident) - static_cast<double>(resident)) / kib_per_mib;
        state.counters["virtual_MiB"] = static_cast<double>(during.reserved - reserved) / kib_per_mib;
    }
};

void offload_round_trip(benchmark::State& state) {
    taskfit::thread_pool pool(1);
    auto loop = [&]() -> taskfit::task<void> {
        for (auto _ : state) co_await taskfit::offload(pool, [] {});
    };
    taskfit::sync_wait(loop());
    state.SetItemsProcessed(state.iterations());
}

void future_round_trip(benchmark::State& state) {
    taskfit::thread_pool pool(1);
    for (auto _ : state) pool.submit([] {}).get();
    state.SetItemsProcessed(state.iterations());
}

void asio_offload_round_trip(benchmark::State& state) {
    taskfit::thread_pool pool(1);
    asio::io_context context;
    auto loop = [&]() -> asio::awaitable<void> {
        for (auto _ : state) co_await taskfit::asio_offload(pool, [] {});
    };
    asio::co_spawn(context, loop(), asio::detached);
    context.run();
    state.SetItemsProcessed(state.iterations());
}

void sleeping_coroutines(benchmark::State& state) {
    for (auto _ : state) {
        const memory_probe before;
        memory_probe during;
        auto sleeper = []() -> taskfit::task<void> { co_await taskfit::sleep_for(nap); };
        auto sample = [&]() -> taskfit::task<void> {
            co_await taskfit::sleep_for(nap / 2);
            during = memory_probe{};
        };
        std::vector<taskfit::task<void>> tasks;
        tasks.reserve(sleepers + 1);
        for (int i = 0; i < sleepers; ++i) tasks.push_back(sleeper());
        tasks.push_back(sample());
        taskfit::sync_wait(taskfit::when_all(std::move(tasks)));
        before.report(state, during);
    }
}

void sleeping_threads(benchmark::State& state) {
    for (auto _ : state) {
        const memory_probe before;
        std::vector<std::thread> threads;
        threads.reserve(sleepers);
        for (int i = 0; i < sleepers; ++i) threads.emplace_back([] { std::this_thread::sleep_for(nap); });
        // All are started (most still asleep): measure while they exist.
        before.report(state, memory_probe{});
        for (auto& t : threads) t.join();
    }
}

}  // namespace

void register_coroutine_benchmarks(std::vector<comparison>& comparisons) {
    benchmark::RegisterBenchmark("offload/taskfit_offload", offload_round_trip)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("offload/future_get", future_round_trip)->UseRealTime()->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("offload/taskfit_asio_offload", asio_offload_round_trip)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
    comparisons.push_back({"offload round trip, time per trip",
                           "offload/taskfit_offload",
                           {"offload/future_get", "offload/taskfit_asio_offload"},
                           false});

    // One iteration each: memory freed by a first run would hide the cost of a second.
    benchmark::RegisterBenchmark("sleepers/10k_sleep_for_coroutines", sleeping_coroutines)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1);
    benchmark::RegisterBenchmark("sleepers/10k_sleeping_threads", sleeping_threads)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1);
    comparisons.push_back({"10k concurrent 200 ms sleeps, wall time",
                           "sleepers/10k_sleep_for_coroutines",
                           {"sleepers/10k_sleeping_threads"},
                           false});
}

}  // namespace taskfit::bench
