// Bulk work: parallel_for over 10 million element-wise operations against oneTBB's
// parallel_for, against one pool task per element and against a plain loop; the same
// loop over a range of grains, of work per element and of thread counts (for the plots);
// and recursive fork-join (Fibonacci with a serial cutoff) against oneTBB's task_group.
// Every taskfit pool and TBB arena has the same number of threads, the caller included.
#include "bench_support.hpp"

#include <taskfit/parallel_for.hpp>
#include <taskfit/thread_pool.hpp>

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <array>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace taskfit::bench {
namespace {

constexpr std::size_t elements = 10'000'000;
// Work per element in the headline comparison: this many rounds of a multiply-add.
constexpr int default_rounds = 4;
// Fork-join: fib(fork_join_n), computed serially below fork_join_cutoff.
constexpr int fork_join_n = 34;
constexpr int fork_join_cutoff = 20;

// One element-wise operation: `rounds` dependent multiply-adds, so the work per element
// can be dialled from memory-bound (1) to compute-bound.
inline float element_op(float x, int rounds) {
    for (int r = 0; r < rounds; ++r) x = x * 0.999f + 0.5f;
    return x;
}

struct arrays {
    std::vector<float> in = std::vector<float>(elements, 1.0f);
    std::vector<float> out = std::vector<float>(elements, 0.0f);
};

arrays& data() {
    static arrays a;
    return a;
}

void finish(benchmark::State& state) {
    benchmark::DoNotOptimize(data().out.data());
    benchmark::ClobberMemory();
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(elements));
}

// args: rounds per element, threads (0: one per core).
std::size_t threads_of(const benchmark::State& state) {
    return state.range(1) == 0 ? cores() : static_cast<std::size_t>(state.range(1));
}

void plain_loop(benchmark::State& state) {
    const int rounds = static_cast<int>(state.range(0));
    auto& d = data();
    for (auto _ : state) {
        for (std::size_t i = 0; i < elements; ++i) d.out[i] = element_op(d.in[i], rounds);
        benchmark::ClobberMemory();
    }
    finish(state);
}

// args: rounds, threads, grain (0: automatic).
void taskfit_parallel_for(benchmark::State& state) {
    const int rounds = static_cast<int>(state.range(0));
    taskfit::thread_pool pool(threads_of(state));
    const auto grain = static_cast<std::size_t>(state.range(2));
    auto& d = data();
    for (auto _ : state) {
        taskfit::parallel_for(pool, std::size_t{0}, elements,
                              [&](std::size_t i) { d.out[i] = element_op(d.in[i], rounds); }, {.grain = grain});
    }
    finish(state);
}

// args: rounds, threads, grain (0: TBB's default auto_partitioner; else simple_partitioner).
void tbb_parallel_for(benchmark::State& state) {
    const int rounds = static_cast<int>(state.range(0));
    tbb::task_arena arena(static_cast<int>(threads_of(state)));
    const auto grain = static_cast<std::size_t>(state.range(2));
    auto& d = data();
    auto body = [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) d.out[i] = element_op(d.in[i], rounds);
    };
    for (auto _ : state) {
        arena.execute([&] {
            if (grain == 0) {
                tbb::parallel_for(tbb::blocked_range<std::size_t>(0, elements), body);
            } else {
                tbb::parallel_for(tbb::blocked_range<std::size_t>(0, elements, grain), body, tbb::simple_partitioner{});
            }
        });
    }
    finish(state);
}

// What taskfit-tiny-tasks flags: one post per element on the same pool.
void taskfit_task_per_element(benchmark::State& state) {
    const int rounds = static_cast<int>(state.range(0));
    taskfit::thread_pool pool(threads_of(state));
    auto& d = data();
    for (auto _ : state) {
        std::atomic<std::size_t> done{0};
        for (std::size_t i = 0; i < elements; ++i) {
            pool.post([&, i] {
                d.out[i] = element_op(d.in[i], rounds);
                if (done.fetch_add(1, std::memory_order_acq_rel) + 1 == elements) done.notify_one();
            });
        }
        for (std::size_t seen; (seen = done.load(std::memory_order_acquire)) != elements;) done.wait(seen);
    }
    finish(state);
}

int serial_fib(int n) { return n < 2 ? n : serial_fib(n - 1) + serial_fib(n - 2); }

int taskfit_fib(taskfit::thread_pool& pool, int n) {
    if (n <= fork_join_cutoff) return serial_fib(n);
    std::array<int, 2> halves{};
    taskfit::parallel_for(pool, 0, 2,
                          [&](int half) { halves[static_cast<std::size_t>(half)] = taskfit_fib(pool, n - 1 - half); },
                          {.grain = 1});
    return halves[0] + halves[1];
}

int tbb_fib(int n) {
    if (n <= fork_join_cutoff) return serial_fib(n);
    int a = 0;
    tbb::task_group group;
    group.run([&] { a = tbb_fib(n - 1); });
    const int b = tbb_fib(n - 2);
    group.wait();
    return a + b;
}

// args: threads.
void fork_join_serial(benchmark::State& state) {
    int n = fork_join_n;
    for (auto _ : state) {
        benchmark::DoNotOptimize(n);  // or the compiler computes fib(34) at compile time
        benchmark::DoNotOptimize(serial_fib(n));
    }
}

void fork_join_taskfit(benchmark::State& state) {
    taskfit::thread_pool pool(state.range(0) == 0 ? cores() : static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(taskfit_fib(pool, fork_join_n));
}

void fork_join_tbb(benchmark::State& state) {
    tbb::task_arena arena(state.range(0) == 0 ? static_cast<int>(cores()) : static_cast<int>(state.range(0)));
    for (auto _ : state) {
        arena.execute([] { benchmark::DoNotOptimize(tbb_fib(fork_join_n)); });
    }
}

}  // namespace

void register_parallel_benchmarks(std::vector<comparison>& comparisons) {
    auto configure = [](benchmark::internal::Benchmark* b) { b->UseRealTime()->Unit(benchmark::kMillisecond); };
    const std::int64_t rounds = default_rounds;

    // The headline: automatic chunking, one thread per core.
    configure(benchmark::RegisterBenchmark("bulk/taskfit_parallel_for", taskfit_parallel_for)->Args({rounds, 0, 0}));
    configure(benchmark::RegisterBenchmark("bulk/tbb_parallel_for", tbb_parallel_for)->Args({rounds, 0, 0}));
    configure(benchmark::RegisterBenchmark("bulk/taskfit_task_per_element", taskfit_task_per_element)
                  ->Args({rounds, 0})
                  ->Iterations(1));
    configure(benchmark::RegisterBenchmark("bulk/plain_loop", plain_loop)->Args({rounds, 0}));
    comparisons.push_back({"parallel_for, 10M element-wise ops, items/s",
                           "bulk/taskfit_parallel_for",
                           {"bulk/tbb_parallel_for", "bulk/taskfit_task_per_element", "bulk/plain_loop"},
                           true});

    // For the plots: grain, work per element, thread count.
    for (std::int64_t grain : {1'000, 10'000, 100'000, 1'000'000}) {
        configure(
            benchmark::RegisterBenchmark("grain/taskfit_parallel_for", taskfit_parallel_for)->Args({rounds, 0, grain}));
        configure(benchmark::RegisterBenchmark("grain/tbb_parallel_for", tbb_parallel_for)->Args({rounds, 0, grain}));
    }
    for (std::int64_t work : {1, 16, 64}) {
        configure(benchmark::RegisterBenchmark("work/taskfit_parallel_for", taskfit_parallel_for)->Args({work, 0, 0}));
        configure(benchmark::RegisterBenchmark("work/tbb_parallel_for", tbb_parallel_for)->Args({work, 0, 0}));
        configure(benchmark::RegisterBenchmark("work/plain_loop", plain_loop)->Args({work, 0}));
    }
    for (std::int64_t threads = 1; threads <= 2 * static_cast<std::int64_t>(cores()); threads *= 2) {
        configure(benchmark::RegisterBenchmark("threads/taskfit_parallel_for", taskfit_parallel_for)
                      ->Args({rounds, threads, 0}));
        configure(
            benchmark::RegisterBenchmark("threads/tbb_parallel_for", tbb_parallel_for)->Args({rounds, threads, 0}));
    }

    configure(benchmark::RegisterBenchmark("fork_join/taskfit_parallel_for", fork_join_taskfit)->Arg(0));
    configure(benchmark::RegisterBenchmark("fork_join/tbb_task_group", fork_join_tbb)->Arg(0));
    configure(benchmark::RegisterBenchmark("fork_join/serial", fork_join_serial)->Arg(0));
    comparisons.push_back({"fork-join fib(34), cutoff 20, time per run",
                           "fork_join/taskfit_parallel_for",
                           {"fork_join/tbb_task_group", "fork_join/serial"},
                           false});
}

}  // namespace taskfit::bench
