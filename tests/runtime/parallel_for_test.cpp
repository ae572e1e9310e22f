// parallel_for: every index exactly once, in chunks of the requested grain, on the caller
// and the pool's workers; the first failing index's exception; nested and recursive loops
// without deadlock; pool_closed and cancelled on shutdown, as for submit.
#include "test_support.hpp"

#include <taskfit/taskfit.hpp>  // the umbrella header includes parallel_for

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <latch>
#include <limits>
#include <mutex>
#include <numeric>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using taskfit::testing::gate;

class ParallelForPoolSizes : public ::testing::TestWithParam<std::size_t> {};

TEST_P(ParallelForPoolSizes, CallsEveryIndexExactlyOnce) {
    taskfit::thread_pool pool(GetParam());
    for (std::size_t n : {1U, 2U, 7U, 64U, 1000U, 100003U}) {
        for (std::size_t grain : {std::size_t{0}, std::size_t{1}, std::size_t{3}, std::size_t{4096}}) {
            std::vector<std::atomic<int>> calls(n);
            taskfit::parallel_for(pool, std::size_t{0}, n, [&](std::size_t i) { calls[i].fetch_add(1); },
                                  {.grain = grain});
            for (std::size_t i = 0; i < n; ++i)
                ASSERT_EQ(calls[i].load(), 1) << "n " << n << " grain " << grain << " index " << i;
        }
    }
}

int fork_join_fib(taskfit::thread_pool& pool, int n) {
    if (n < 2) return n;
    std::array<int, 2> halves{};
    taskfit::parallel_for(pool, 0, 2, [&](int half) { halves[half] = fork_join_fib(pool, n - 1 - half); },
                          {.grain = 1});
    return halves[0] + halves[1];
}

// Every level waits for its two halves; a waiting thread helps with the loops opened
// inside them, so no pool size runs out of threads.
TEST_P(ParallelForPoolSizes, RecursiveForkJoinNeverDeadlocks) {
    taskfit::thread_pool pool(GetParam());
    EXPECT_EQ(fork_join_fib(pool, 18), 2584);
    EXPECT_EQ(pool.submit([&] { return fork_join_fib(pool, 16); }).get(), 987);
}

TEST_P(ParallelForPoolSizes, NestedLoopsFromChunksAndTasksNeverDeadlock) {
    taskfit::thread_pool pool(GetParam());
    std::atomic<long> sum{0};
    auto nested = [&] {
        taskfit::parallel_for(pool, 0, 8,
                              [&](int) { taskfit::parallel_for(pool, 0, 100, [&](int i) { sum += i; }, {.grain = 7}); },
                              {.grain = 1});
    };
    nested();
    EXPECT_EQ(sum, 8 * 4950);
    sum = 0;
    pool.submit(nested).get();  // the outer loop's caller is a worker of the same pool
    EXPECT_EQ(sum, 8 * 4950);
}

INSTANTIATE_TEST_SUITE_P(Workers, ParallelForPoolSizes, ::testing::Values(1, 2, 3, 4, 8));

TEST(ParallelForTest, EmptyAndReversedRangesCallNothing) {
    taskfit::thread_pool pool(2);
    std::atomic<int> calls{0};
    taskfit::parallel_for(pool, 5, 5, [&](int) { ++calls; });
    taskfit::parallel_for(pool, 9, 3, [&](int) { ++calls; });
    taskfit::parallel_for(pool, std::vector<int>{}, [&](int) { ++calls; });
    EXPECT_EQ(calls, 0);
}

TEST(ParallelForTest, SignedRangesReachNegativeIndicesAndTheTypeLimits) {
    taskfit::thread_pool pool(2);
    std::vector<std::atomic<int>> seen(21);
    taskfit::parallel_for(pool, -10, 11, [&](int i) { seen[static_cast<std::size_t>(i + 10)].fetch_add(1); });
    for (const auto& s : seen) EXPECT_EQ(s.load(), 1);

    constexpr std::int8_t lowest = std::numeric_limits<std::int8_t>::min();
    constexpr std::int8_t highest = std::numeric_limits<std::int8_t>::max();
    std::atomic<int> count{0};
    std::atomic<int> sum{0};
    taskfit::parallel_for(pool, lowest, highest, [&](std::int8_t i) {
        ++count;
        sum += i;
    });
    EXPECT_EQ(count, 255);
    EXPECT_EQ(sum, -255);  // -128 ... 127 sums to -128; the range stops before 127
}

// The checker's fix-it writes `0` and the loop's bound: an int and a size_t give size_t.
TEST(ParallelForTest, MixedIndexTypesUseTheirCommonType) {
    taskfit::thread_pool pool(2);
    std::vector<int> out(100);
    const std::size_t n = out.size();
    taskfit::parallel_for(pool, 0, n, [&](std::size_t i) { out[i] = static_cast<int>(i) * 2; });
    for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(out[i], static_cast<int>(i) * 2);
    const int m = 10;
    taskfit::parallel_for(pool, 0, m, [&](std::size_t i) { out[i] = -1; });  // int index, size_t parameter
    EXPECT_EQ(std::count(out.begin(), out.end(), -1), 10);
}

TEST(ParallelForTest, IndexOutsideTheCommonTypeThrowsOutOfRange) {
    taskfit::thread_pool pool(1);
    std::atomic<int> calls{0};
    EXPECT_THROW(taskfit::parallel_for(pool, -1, std::size_t{10}, [&](std::size_t) { ++calls; }), std::out_of_range);
    EXPECT_EQ(calls, 0);
}

TEST(ParallelForTest, RangeFormPassesElementsByReference) {
    taskfit::thread_pool pool(3);
    std::vector<int> values(10000);
    std::iota(values.begin(), values.end(), 0);
    taskfit::parallel_for(pool, values, [](int& v) { v *= 3; });
    for (int i = 0; i < 10000; ++i) ASSERT_EQ(values[static_cast<std::size_t>(i)], 3 * i);

    std::array<std::string, 4> words{"a", "b", "c", "d"};
    taskfit::parallel_for(pool, std::span(words), [](std::string& w) { w += "!"; }, {.grain = 1});
    EXPECT_EQ(words, (std::array<std::string, 4>{"a!", "b!", "c!", "d!"}));

    const std::vector<int> constant(100, 1);
    std::atomic<int> sum{0};
    taskfit::parallel_for(pool, constant, [&](const int& v) { sum += v; });
    EXPECT_EQ(sum, 100);
}

// Two indices that each wait for the other: the loop finishes only if two threads run
// it at once, the caller and a worker.
TEST(ParallelForTest, CallerAndWorkersRunChunksAtTheSameTime) {
    taskfit::thread_pool pool(2);
    std::latch both(2);
    std::set<std::thread::id> threads;
    std::mutex threads_mutex;
    taskfit::parallel_for(pool, 0, 2,
                          [&](int) {
                              both.arrive_and_wait();
                              std::lock_guard lock(threads_mutex);
                              threads.insert(std::this_thread::get_id());
                          },
                          {.grain = 1});
    EXPECT_EQ(threads.size(), 2U);
    EXPECT_TRUE(threads.contains(std::this_thread::get_id()));
}

// The pool lends at most max_threads - 1 workers: with the caller, as many threads as
// the pool has.
TEST(ParallelForTest, UsesAtMostAsManyThreadsAsThePoolHas) {
    taskfit::thread_pool pool(3);
    std::atomic<int> running{0};
    std::atomic<int> most{0};
    taskfit::parallel_for(pool, 0, 2000,
                          [&](int) {
                              const int now = ++running;
                              int seen = most.load();
                              while (now > seen && !most.compare_exchange_weak(seen, now)) {
                              }
                              std::this_thread::yield();
                              --running;
                          },
                          {.grain = 1});
    EXPECT_LE(most.load(), 3);
}

TEST(ParallelForTest, GrainSetsTheChunkSize) {
    taskfit::thread_pool pool(4);
    constexpr std::size_t n = 1000;
    constexpr std::size_t grain = 10;
    std::vector<std::thread::id> ran_on(n);
    std::vector<int> order(n);
    std::atomic<int> clock{0};
    taskfit::parallel_for(pool, std::size_t{0}, n,
                          [&](std::size_t i) {
                              ran_on[i] = std::this_thread::get_id();
                              order[i] = clock++;
                          },
                          {.grain = grain});
    // One chunk = one thread, running its indices in order.
    for (std::size_t chunk = 0; chunk < n / grain; ++chunk) {
        for (std::size_t i = chunk * grain + 1; i < (chunk + 1) * grain; ++i) {
            ASSERT_EQ(ran_on[i], ran_on[chunk * grain]) << "index " << i;
            ASSERT_GT(order[i], order[i - 1]) << "index " << i;
        }
    }
}

TEST(ParallelForTest, ExceptionFromFirstFailingIndexPropagates) {
    taskfit::thread_pool pool(4);
    for (int round = 0; round < 50; ++round) {
        std::vector<std::atomic<int>> calls(10000);
        try {
            taskfit::parallel_for(pool, 0, 10000,
                                  [&](int i) {
                                      calls[static_cast<std::size_t>(i)].fetch_add(1);
                                      if (i == 7321) throw std::out_of_range("7321");
                                      if (i == 5000) throw std::invalid_argument("5000");
                                  },
                                  {.grain = 100});
            FAIL() << "parallel_for did not throw";
        } catch (const std::invalid_argument& e) {
            EXPECT_STREQ(e.what(), "5000");
        }
        // Every chunk before the failing one was claimed before it, so it ran to the end.
        for (std::size_t i = 0; i <= 5000; ++i) ASSERT_EQ(calls[i].load(), 1) << "index " << i;
        // Inside the failing chunk, the indices after the failure did not run.
        for (std::size_t i = 5001; i < 5100; ++i) ASSERT_EQ(calls[i].load(), 0) << "index " << i;
    }
}

TEST(ParallelForTest, NoChunkStartsAfterAFailure) {
    taskfit::thread_pool pool(1);  // the caller alone: which chunks start is deterministic
    std::atomic<int> calls{0};
    EXPECT_THROW(taskfit::parallel_for(pool, 0, 1000,
                                       [&](int i) {
                                           ++calls;
                                           if (i == 42) throw std::runtime_error("stop");
                                       },
                                       {.grain = 1}),
                 std::runtime_error);
    EXPECT_EQ(calls, 43);
}

TEST(ParallelForTest, ShutDownPoolThrowsPoolClosedAndRunsNothing) {
    taskfit::thread_pool pool(2);
    pool.shutdown();
    std::atomic<int> calls{0};
    EXPECT_THROW(taskfit::parallel_for(pool, 0, 100, [&](int) { ++calls; }), taskfit::pool_closed);
    EXPECT_THROW(taskfit::parallel_for(pool, 0, 1, [&](int) { ++calls; }), taskfit::pool_closed);
    std::vector<int> v(10);
    EXPECT_THROW(taskfit::parallel_for(pool, v, [&](int) { ++calls; }), taskfit::pool_closed);
    EXPECT_EQ(calls, 0);
}

// Two chunks are running (caller and worker, both held at a gate) when the pool is shut
// down with cancellation: the other 998 never start, the shutdown counts the loop as one
// cancelled job, and parallel_for throws cancelled once the two finish.
TEST(ParallelForTest, CancellingShutdownStopsChunksNotStartedAndThrowsCancelled) {
    taskfit::thread_pool pool(2);
    gate release;
    std::latch both_running(2);
    std::atomic<int> calls{0};
    bool threw_cancelled = false;
    std::thread caller([&] {
        try {
            taskfit::parallel_for(pool, 0, 1000,
                                  [&](int i) {
                                      if (i < 2) both_running.count_down();
                                      release.wait();
                                      ++calls;
                                  },
                                  {.grain = 1});
        } catch (const taskfit::cancelled&) {
            threw_cancelled = true;
        }
    });
    both_running.wait();
    EXPECT_EQ(pool.shutdown(/*wait=*/false, /*cancel_pending=*/true), 1U);
    release.open();
    caller.join();
    EXPECT_TRUE(threw_cancelled);
    EXPECT_EQ(calls, 2);
    pool.shutdown();
}

TEST(ParallelForTest, ShutdownWithoutCancelLetsARunningLoopFinish) {
    taskfit::thread_pool pool(2);
    gate release;
    std::latch both_running(2);
    std::atomic<int> calls{0};
    std::thread caller([&] {
        taskfit::parallel_for(pool, 0, 1000,
                              [&](int i) {
                                  if (i < 2) both_running.count_down();
                                  release.wait();
                                  ++calls;
                              },
                              {.grain = 1});
    });
    both_running.wait();
    EXPECT_EQ(pool.shutdown(/*wait=*/false, /*cancel_pending=*/false), 0U);
    release.open();
    caller.join();
    EXPECT_EQ(calls, 1000);
    pool.shutdown();
}

// map shares the chunking and the cancellation: the first index of each of the two
// running chunks holds its thread at the gate.
TEST(ParallelForTest, MapIsCancelledLikeParallelFor) {
    taskfit::thread_pool pool(2);
    gate release;
    std::latch both_running(2);
    std::vector<int> inputs(1000);
    std::iota(inputs.begin(), inputs.end(), 0);
    const auto chunk = static_cast<int>(taskfit::detail::chunk_size_for(inputs.size(), pool.max_threads(), 0));
    bool threw_cancelled = false;
    std::thread caller([&] {
        try {
            pool.map(
                [&](int i) {
                    if (i % chunk == 0) {
                        both_running.count_down();
                        release.wait();
                    }
                    return i;
                },
                inputs);
        } catch (const taskfit::cancelled&) {
            threw_cancelled = true;
        }
    });
    both_running.wait();
    EXPECT_EQ(pool.shutdown(/*wait=*/false, /*cancel_pending=*/true), 1U);
    release.open();
    caller.join();
    EXPECT_TRUE(threw_cancelled);
    pool.shutdown();
}

// Several threads run loops on one pool at once; every index of each runs once.
TEST(ParallelForTest, LoopsFromManyThreadsShareThePool) {
    taskfit::thread_pool pool(4);
    constexpr int callers = 4;
    constexpr std::size_t n = 50000;
    std::vector<std::vector<std::atomic<int>>> calls(callers);
    for (auto& c : calls) c = std::vector<std::atomic<int>>(n);
    std::vector<std::thread> threads;
    for (int t = 0; t < callers; ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 5; ++round) {
                taskfit::parallel_for(pool, std::size_t{0}, n,
                                      [&](std::size_t i) { calls[static_cast<std::size_t>(t)][i]++; });
            }
        });
    }
    for (auto& t : threads) t.join();
    for (const auto& c : calls) {
        for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(c[i].load(), 5);
    }
}

// An elastic pool (io_pool's kind) starts the threads a loop can use.
TEST(ParallelForTest, ElasticPoolGrowsForALoop) {
    taskfit::thread_pool pool(taskfit::thread_pool::options{0, 4, std::chrono::seconds(60)});
    std::latch all_four(4);
    taskfit::parallel_for(pool, 0, 4, [&](int) { all_four.arrive_and_wait(); }, {.grain = 1});
    EXPECT_GE(pool.thread_count(), 3U);
}

}  // namespace
