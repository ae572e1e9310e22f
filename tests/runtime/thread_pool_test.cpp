// thread_pool, io_pool and cpu_pool: results and exceptions through futures, ordered map,
// shutdown with and without cancellation (and its races), nested waits without deadlock,
// elastic growth and idle retirement.
#include "test_support.hpp"

#include <taskfit/thread_pool.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <latch>
#include <list>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using taskfit::testing::eventually;
using taskfit::testing::gate;

TEST(ThreadPoolTest, SubmitReturnsResultThroughFuture) {
    taskfit::thread_pool pool(2);
    auto f = pool.submit([](int a, int b) { return a * b; }, 6, 7);
    EXPECT_EQ(f.get(), 42);
}

TEST(ThreadPoolTest, SubmitDecayCopiesArguments) {
    taskfit::thread_pool pool(1);
    std::string text = "copied";
    auto f = pool.submit([](std::string s) { return s + "!"; }, text);
    text = "changed";
    EXPECT_EQ(f.get(), "copied!");
}

TEST(ThreadPoolTest, SubmitAcceptsMoveOnlyCallablesAndArguments) {
    taskfit::thread_pool pool(1);
    auto owned = std::make_unique<int>(5);
    auto f = pool.submit([p = std::make_unique<int>(3)](std::unique_ptr<int> q) { return *p + *q; }, std::move(owned));
    EXPECT_EQ(f.get(), 8);
}

TEST(ThreadPoolTest, SubmitPropagatesExceptionThroughFuture) {
    taskfit::thread_pool pool(2);
    auto f = pool.submit([]() -> int { throw std::runtime_error("boom"); });
    EXPECT_THROW(
        {
            try {
                f.get();
            } catch (const std::runtime_error& e) {
                EXPECT_STREQ(e.what(), "boom");
                throw;
            }
        },
        std::runtime_error);
}

TEST(ThreadPoolTest, SubmitOfVoidCallableCompletesFuture) {
    taskfit::thread_pool pool(1);
    std::atomic<bool> ran{false};
    pool.submit([&] { ran = true; }).get();
    EXPECT_TRUE(ran);
}

TEST(ThreadPoolTest, PostRunsWorkOnAWorkerThread) {
    taskfit::thread_pool pool(2);
    std::latch done(1);
    std::atomic<bool> on_worker{false};
    pool.post([&] {
        on_worker = pool.is_worker_thread();
        done.count_down();
    });
    done.wait();
    EXPECT_TRUE(on_worker);
    EXPECT_FALSE(pool.is_worker_thread());
}

TEST(ThreadPoolTest, MapReturnsResultsInInputOrder) {
    taskfit::thread_pool pool(4);
    std::vector<int> inputs(1000);
    std::iota(inputs.begin(), inputs.end(), 0);
    std::vector<int> squares = pool.map([](int x) { return x * x; }, inputs);
    ASSERT_EQ(squares.size(), inputs.size());
    for (int i = 0; i < 1000; ++i) EXPECT_EQ(squares[i], i * i);
}

TEST(ThreadPoolTest, MapAcceptsForwardRangesAndVoidResults) {
    taskfit::thread_pool pool(2);
    std::list<int> inputs{1, 2, 3, 4};
    EXPECT_EQ(pool.map([](int x) { return x + 1; }, inputs), (std::vector<int>{2, 3, 4, 5}));
    std::atomic<int> sum{0};
    pool.map([&](int x) { sum += x; }, inputs);
    EXPECT_EQ(sum, 10);
}

TEST(ThreadPoolTest, MapOfEmptyRangeReturnsNothing) {
    taskfit::thread_pool pool(2);
    EXPECT_TRUE(pool.map([](int x) { return x; }, std::vector<int>{}).empty());
}

TEST(ThreadPoolTest, MapRethrowsFirstFailureInInputOrderAfterEveryCallFinished) {
    taskfit::thread_pool pool(3);
    std::vector<int> inputs(200);
    std::iota(inputs.begin(), inputs.end(), 0);
    std::atomic<int> calls{0};
    try {
        pool.map(
            [&](int x) {
                ++calls;
                if (x == 150) throw std::out_of_range("150");
                if (x == 40) throw std::invalid_argument("40");
                return x;
            },
            inputs);
        FAIL() << "map did not throw";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "40");
    }
    EXPECT_EQ(calls, 200);
}

TEST(ThreadPoolTest, ShutdownWaitsForQueuedWork) {
    taskfit::thread_pool pool(2);
    std::atomic<int> ran{0};
    for (int i = 0; i < 1000; ++i) pool.post([&] { ++ran; });
    EXPECT_EQ(pool.shutdown(true, false), 0U);
    EXPECT_EQ(ran, 1000);
    EXPECT_EQ(pool.thread_count(), 0U);
}

TEST(ThreadPoolTest, DestructorRunsQueuedWork) {
    std::atomic<int> ran{0};
    {
        taskfit::thread_pool pool(2);
        for (int i = 0; i < 1000; ++i) pool.post([&] { ++ran; });
    }
    EXPECT_EQ(ran, 1000);
}

TEST(ThreadPoolTest, ShutdownWithCancelCompletesEveryPendingFutureWithCancelled) {
    taskfit::thread_pool pool(1);
    gate release;
    std::latch started(1);
    auto running = pool.submit([&] {
        started.count_down();
        release.wait();
        return -1;
    });
    started.wait();
    std::vector<std::future<int>> pending;
    for (int i = 0; i < 100; ++i) pending.push_back(pool.submit([i] { return i; }));
    std::atomic<int> posted_ran{0};
    pool.post([&] { ++posted_ran; });

    EXPECT_EQ(pool.shutdown(/*wait=*/false, /*cancel_pending=*/true), 101U);
    for (auto& f : pending) EXPECT_THROW(f.get(), taskfit::cancelled);
    release.open();
    EXPECT_EQ(running.get(), -1);  // already started: runs to the end
    pool.shutdown();
    EXPECT_EQ(posted_ran, 0);
}

TEST(ThreadPoolTest, WorkAfterShutdownThrowsPoolClosed) {
    taskfit::thread_pool pool(1);
    pool.shutdown();
    EXPECT_TRUE(pool.is_shutdown());
    EXPECT_THROW(pool.submit([] { return 1; }), taskfit::pool_closed);
    EXPECT_THROW(pool.post([] {}), taskfit::pool_closed);
    EXPECT_THROW(pool.map([](int x) { return x; }, std::vector<int>{1, 2, 3}), taskfit::pool_closed);
}

TEST(ThreadPoolTest, ConcurrentShutdownsAllReturnAfterWorkersExit) {
    taskfit::thread_pool pool(4);
    std::atomic<int> ran{0};
    for (int i = 0; i < 10000; ++i) pool.post([&] { ++ran; });
    std::vector<std::thread> closers;
    std::atomic<int> saw_live_workers{0};
    for (int i = 0; i < 4; ++i) {
        closers.emplace_back([&] {
            pool.shutdown(true, false);
            if (pool.thread_count() != 0) ++saw_live_workers;
        });
    }
    for (auto& t : closers) t.join();
    EXPECT_EQ(saw_live_workers, 0);
    EXPECT_EQ(ran, 10000);
}

TEST(ThreadPoolTest, ShutdownFromOwnWorkerDoesNotDeadlock) {
    taskfit::thread_pool pool(2);
    auto f = pool.submit([&] { return pool.shutdown(true, false); });
    EXPECT_EQ(f.get(), 0U);
    EXPECT_TRUE(pool.is_shutdown());
}

// Every submit racing with shutdown either throws pool_closed or yields a future that
// completes, with a value or with cancelled: nothing hangs and nothing is lost.
TEST(ThreadPoolTest, SubmitRacingWithCancellingShutdownLosesNothing) {
    for (int round = 0; round < 20; ++round) {
        taskfit::thread_pool pool(2);
        std::atomic<int> rejected{0};
        std::atomic<int> ran{0};
        std::vector<std::thread> submitters;
        std::vector<std::vector<std::future<int>>> futures(3);
        std::latch go(4);
        for (int s = 0; s < 3; ++s) {
            submitters.emplace_back([&, s] {
                go.arrive_and_wait();
                for (int i = 0; i < 2000; ++i) {
                    try {
                        futures[s].push_back(pool.submit([&ran, i] {
                            ++ran;
                            return i;
                        }));
                    } catch (const taskfit::pool_closed&) {
                        ++rejected;
                    }
                }
            });
        }
        go.arrive_and_wait();
        const std::size_t cancelled_count = pool.shutdown(true, true);
        for (auto& t : submitters) t.join();

        int completed = 0;
        int cancelled = 0;
        for (auto& list : futures) {
            for (auto& f : list) {
                try {
                    f.get();
                    ++completed;
                } catch (const taskfit::cancelled&) {
                    ++cancelled;
                }
            }
        }
        EXPECT_EQ(completed, ran.load());
        EXPECT_EQ(static_cast<std::size_t>(cancelled), cancelled_count);
        EXPECT_EQ(completed + cancelled + rejected, 3 * 2000);
    }
}

int tree_sum(taskfit::thread_pool& pool, int depth) {
    if (depth == 0) return 1;
    auto left = pool.submit([&pool, depth] { return tree_sum(pool, depth - 1); });
    auto right = pool.submit([&pool, depth] { return tree_sum(pool, depth - 1); });
    return left.get() + right.get();
}

class NestedWaitTest : public ::testing::TestWithParam<std::size_t> {};

TEST_P(NestedWaitTest, TasksWaitingOnSubTasksNeverDeadlock) {
    taskfit::thread_pool pool(GetParam());
    constexpr int depth = 10;
    EXPECT_EQ(pool.submit([&] { return tree_sum(pool, depth); }).get(), 1 << depth);
}

TEST_P(NestedWaitTest, NestedMapNeverDeadlocks) {
    taskfit::thread_pool pool(GetParam());
    std::vector<int> outer(8, 0);
    std::vector<int> inner(50, 1);
    auto sums = pool.map(
        [&](int) {
            auto ones = pool.map([](int x) { return x; }, inner);
            return std::accumulate(ones.begin(), ones.end(), 0);
        },
        outer);
    EXPECT_EQ(std::accumulate(sums.begin(), sums.end(), 0), 8 * 50);
}

INSTANTIATE_TEST_SUITE_P(Workers, NestedWaitTest, ::testing::Values(1, 2, 3, 4, 8));

TEST(CpuPoolTest, HasOneWorkerPerCore) {
    const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
    EXPECT_EQ(taskfit::cpu_pool().max_threads(), cores);
    EXPECT_EQ(taskfit::cpu_pool().thread_count(), cores);
}

TEST(CpuPoolTest, NestedSubmitAndWaitDoesNotDeadlock) {
    auto& pool = taskfit::cpu_pool();
    // More concurrent parents than cores, each waiting on its children.
    std::vector<std::future<int>> parents;
    for (int i = 0; i < 16; ++i) parents.push_back(pool.submit([&pool] { return tree_sum(pool, 6); }));
    for (auto& f : parents) EXPECT_EQ(f.get(), 64);
}

TEST(ElasticPoolTest, GrowsWhenEveryWorkerIsBusy) {
    constexpr std::size_t concurrent = 8;
    taskfit::thread_pool pool(taskfit::thread_pool::options{0, concurrent, std::chrono::seconds(60)});
    EXPECT_EQ(pool.thread_count(), 0U);
    // Completes only if all of them run at the same time.
    std::latch all_running(concurrent);
    std::vector<std::future<void>> blocked;
    for (std::size_t i = 0; i < concurrent; ++i) blocked.push_back(pool.submit([&] { all_running.arrive_and_wait(); }));
    for (auto& f : blocked) f.get();
    EXPECT_EQ(pool.thread_count(), concurrent);
}

TEST(ElasticPoolTest, NeverExceedsItsCap) {
    taskfit::thread_pool pool(taskfit::thread_pool::options{0, 2, std::chrono::seconds(60)});
    gate release;
    std::atomic<int> ran{0};
    for (int i = 0; i < 10; ++i) {
        pool.post([&] {
            release.wait();
            ++ran;
        });
    }
    EXPECT_LE(pool.thread_count(), 2U);
    EXPECT_GE(pool.pending(), 8U);
    release.open();
    pool.shutdown();
    EXPECT_EQ(ran, 10);
}

TEST(ElasticPoolTest, RetiresIdleThreadsDownToTheMinimum) {
    taskfit::thread_pool pool(taskfit::thread_pool::options{1, 4, std::chrono::milliseconds(20)});
    std::latch all_running(4);
    std::vector<std::future<std::size_t>> work;
    // Counted while all four run: after they return, a loaded machine can let 20 ms pass
    // (and a thread retire) before the test thread looks.
    for (int i = 0; i < 4; ++i) {
        work.push_back(pool.submit([&] {
            all_running.arrive_and_wait();
            return pool.thread_count();
        }));
    }
    for (auto& f : work) EXPECT_EQ(f.get(), 4U);
    EXPECT_TRUE(eventually([&] { return pool.thread_count() == 1; }));
    // A retired pool still takes work, growing again.
    EXPECT_EQ(pool.submit([] { return 7; }).get(), 7);
}

TEST(ElasticPoolTest, InvalidOptionsAreRejected) {
    EXPECT_THROW(taskfit::thread_pool(0), std::invalid_argument);
    EXPECT_THROW(taskfit::thread_pool(taskfit::thread_pool::options{0, 0}), std::invalid_argument);
    EXPECT_THROW(taskfit::thread_pool(taskfit::thread_pool::options{3, 2}), std::invalid_argument);
    taskfit::thread_pool fixed(1);
    EXPECT_THROW(fixed.set_max_threads(4), std::logic_error);
}

TEST(IoPoolTest, GrowsForConcurrentBlockingCallsUpToItsCap) {
    auto& pool = taskfit::io_pool();
    if (std::getenv("TASKFIT_IO_POOL_MAX_THREADS") == nullptr) {
        EXPECT_EQ(pool.max_threads(), taskfit::thread_pool::default_max_threads);
    }
    constexpr int concurrent = 16;
    std::latch all_running(concurrent);
    std::vector<std::future<void>> blocked;
    for (int i = 0; i < concurrent; ++i) blocked.push_back(pool.submit([&] { all_running.arrive_and_wait(); }));
    for (auto& f : blocked) f.get();
    EXPECT_GE(pool.thread_count(), static_cast<std::size_t>(concurrent));
    EXPECT_LE(pool.thread_count(), pool.max_threads());
}

TEST(IoPoolTest, CapIsConfigurable) {
    auto& pool = taskfit::io_pool();
    const std::size_t before = pool.max_threads();
    pool.set_max_threads(128);
    EXPECT_EQ(pool.max_threads(), 128U);
    pool.set_max_threads(before);
}

TEST(ThreadPoolStressTest, ManySubmittersGetEveryResultExactlyOnce) {
    taskfit::thread_pool pool(4);
    constexpr int submitters = 4;
    constexpr int per_submitter = 20000;
    std::vector<std::thread> threads;
    std::vector<long long> sums(submitters);
    for (int s = 0; s < submitters; ++s) {
        threads.emplace_back([&, s] {
            std::vector<std::future<int>> futures;
            futures.reserve(per_submitter);
            for (int i = 0; i < per_submitter; ++i) futures.push_back(pool.submit([i] { return i; }));
            for (auto& f : futures) sums[s] += f.get();
        });
    }
    for (auto& t : threads) t.join();
    constexpr long long expected = static_cast<long long>(per_submitter) * (per_submitter - 1) / 2;
    for (long long sum : sums) EXPECT_EQ(sum, expected);
}

}  // namespace
