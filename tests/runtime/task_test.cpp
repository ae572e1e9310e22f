// task, sync_wait, sleep_for, offload and when_all: laziness, results and exceptions
// through chains of tasks, timers that do not block the loop, offload resuming on the
// loop thread (also from nested tasks), cancellation, and 10k sleeping coroutines.
#include "test_support.hpp"

#include <taskfit/taskfit.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;

taskfit::task<int> answer() { co_return 42; }

taskfit::task<int> fails() {
    throw std::runtime_error("task failed");
    co_return 0;
}

TEST(TaskTest, SyncWaitReturnsTheResult) { EXPECT_EQ(taskfit::sync_wait(answer()), 42); }

TEST(TaskTest, SyncWaitRethrowsTheTasksException) { EXPECT_THROW(taskfit::sync_wait(fails()), std::runtime_error); }

TEST(TaskTest, TaskDoesNotStartUntilAwaited) {
    bool started = false;
    auto make = [&]() -> taskfit::task<void> {
        started = true;
        co_return;
    };
    auto t = make();
    EXPECT_FALSE(started);
    taskfit::sync_wait(std::move(t));
    EXPECT_TRUE(started);
}

TEST(TaskTest, TasksAreMovable) {
    auto t = answer();
    taskfit::task<int> moved = std::move(t);
    EXPECT_FALSE(t.valid());  // NOLINT(bugprone-use-after-move): checking the moved-from state
    EXPECT_TRUE(moved.valid());
    EXPECT_EQ(taskfit::sync_wait(std::move(moved)), 42);
}

taskfit::task<int> depth(int n) {
    if (n == 0) co_return 0;
    co_return 1 + co_await depth(n - 1);
}

TEST(TaskTest, DeepChainsOfAwaitedTasksComplete) { EXPECT_EQ(taskfit::sync_wait(depth(10000)), 10000); }

TEST(TaskTest, ExceptionsTravelUpAChainOfTasks) {
    auto outer = []() -> taskfit::task<std::string> {
        try {
            co_await fails();
        } catch (const std::runtime_error& e) {
            co_return e.what();
        }
        co_return "no exception";
    };
    EXPECT_EQ(taskfit::sync_wait(outer()), "task failed");
}

TEST(TaskTest, MoveOnlyResults) {
    auto make = []() -> taskfit::task<std::unique_ptr<int>> { co_return std::make_unique<int>(9); };
    EXPECT_EQ(*taskfit::sync_wait(make()), 9);
}

TEST(SleepTest, SleepForWaitsAtLeastTheDuration) {
    auto nap = []() -> taskfit::task<void> { co_await taskfit::sleep_for(std::chrono::milliseconds(5)); };
    const auto start = std::chrono::steady_clock::now();
    taskfit::sync_wait(nap());
    EXPECT_GE(std::chrono::steady_clock::now() - start, 5ms);
}

TEST(SleepTest, TimersFireInDeadlineOrderWhileOtherCoroutinesRun) {
    std::vector<int> order;
    const auto base = std::chrono::steady_clock::now() + 5ms;
    auto at = [&](int tag, std::chrono::milliseconds offset) -> taskfit::task<void> {
        co_await taskfit::sleep_until(base + offset);
        order.push_back(tag);
    };
    taskfit::sync_wait(taskfit::when_all(at(3, 3ms), at(1, 1ms), at(2, 2ms), at(0, 0ms)));
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
}

TEST(SleepTest, ZeroSleepYieldsToOtherCoroutines) {
    std::vector<int> order;
    auto step = [&](int tag) -> taskfit::task<void> {
        order.push_back(tag);
        co_await taskfit::sleep_for(0ms);
        order.push_back(tag + 10);
    };
    taskfit::sync_wait(taskfit::when_all(step(1), step(2)));
    EXPECT_EQ(order, (std::vector<int>{1, 2, 11, 12}));
}

TEST(SleepTest, TenThousandSleepingCoroutinesShareTheLoopThread) {
    const auto loop_thread = std::this_thread::get_id();
    std::atomic<int> off_thread{0};
    auto sleeper = [&](int i) -> taskfit::task<int> {
        co_await taskfit::sleep_for(std::chrono::milliseconds(i % 20));
        if (std::this_thread::get_id() != loop_thread) ++off_thread;
        co_return i;
    };
    std::vector<taskfit::task<int>> sleepers;
    for (int i = 0; i < 10000; ++i) sleepers.push_back(sleeper(i));
    std::vector<int> results = taskfit::sync_wait(taskfit::when_all(std::move(sleepers)));
    ASSERT_EQ(results.size(), 10000U);
    for (int i = 0; i < 10000; ++i) ASSERT_EQ(results[i], i);
    EXPECT_EQ(off_thread, 0);
}

TEST(SleepTest, SleepOutsideAnEventLoopThrows) {
    auto nap = []() -> taskfit::task<void> { co_await taskfit::sleep_for(1ms); };
    auto t = nap();
    t.handle().resume();  // started by hand, with no loop on this thread
    EXPECT_THROW(t.take_result(), std::logic_error);
}

int add(int a, int b) { return a + b; }
int stored = 5;
int& stored_ref() { return stored; }

TEST(OffloadTest, RunsOnThePoolAndResumesOnTheLoopThread) {
    const auto loop_thread = std::this_thread::get_id();
    auto work = [&]() -> taskfit::task<bool> {
        int a = 2;
        int b = 3;
        bool on_pool = false;
        auto n = co_await taskfit::offload(taskfit::io_pool(), [&] {
            on_pool = taskfit::io_pool().is_worker_thread();
            return add(a, b);
        });
        EXPECT_EQ(n, 5);
        co_return on_pool&& std::this_thread::get_id() == loop_thread;
    };
    EXPECT_TRUE(taskfit::sync_wait(work()));
}

TEST(OffloadTest, VoidAndReferenceReturningCallables) {
    auto work = [&]() -> taskfit::task<int> {
        bool ran = false;
        co_await taskfit::offload(taskfit::io_pool(), [&] { ran = true; });
        EXPECT_TRUE(ran);
        auto copy = co_await taskfit::offload(taskfit::cpu_pool(), [&]() -> int& { return stored_ref(); });
        static_assert(std::is_same_v<decltype(copy), int>, "a returned reference comes back as a value");
        co_return copy;
    };
    EXPECT_EQ(taskfit::sync_wait(work()), 5);
}

TEST(OffloadTest, ExceptionsSurfaceAtTheCoAwait) {
    auto work = []() -> taskfit::task<std::string> {
        try {
            co_await taskfit::offload(taskfit::io_pool(), []() -> int { throw std::runtime_error("io failed"); });
        } catch (const std::runtime_error& e) {
            co_return e.what();
        }
        co_return "no exception";
    };
    EXPECT_EQ(taskfit::sync_wait(work()), "io failed");
}

taskfit::task<std::thread::id> nested_offload_and_sleep() {
    co_await taskfit::sleep_for(1ms);
    co_await taskfit::offload(taskfit::cpu_pool(), [] {});
    co_return std::this_thread::get_id();
}

TEST(OffloadTest, NestedTasksResumeOnTheOuterLoop) {
    auto outer = []() -> taskfit::task<std::thread::id> {
        auto inner_thread = co_await nested_offload_and_sleep();
        EXPECT_EQ(inner_thread, std::this_thread::get_id());
        co_return inner_thread;
    };
    EXPECT_EQ(taskfit::sync_wait(outer()), std::this_thread::get_id());
}

TEST(OffloadTest, ManyConcurrentOffloadsAllResumeOnTheLoop) {
    const auto loop_thread = std::this_thread::get_id();
    auto one = [&](int i) -> taskfit::task<int> {
        int v = co_await taskfit::offload(taskfit::io_pool(), [i] { return i * 2; });
        EXPECT_EQ(std::this_thread::get_id(), loop_thread);
        co_return v;
    };
    std::vector<taskfit::task<int>> tasks;
    for (int i = 0; i < 500; ++i) tasks.push_back(one(i));
    auto results = taskfit::sync_wait(taskfit::when_all(std::move(tasks)));
    for (int i = 0; i < 500; ++i) EXPECT_EQ(results[i], i * 2);
}

TEST(OffloadTest, OffloadToAShutDownPoolThrowsPoolClosed) {
    taskfit::thread_pool pool(1);
    pool.shutdown();
    auto work = [&]() -> taskfit::task<void> { co_await taskfit::offload(pool, [] {}); };
    EXPECT_THROW(taskfit::sync_wait(work()), taskfit::pool_closed);
}

TEST(OffloadTest, CancelledOffloadResumesWithCancelled) {
    // Declared before the pool: the worker may still be leaving release.wait()
    // when the test ends, and the pool's destructor joins it first.
    taskfit::testing::gate release;
    taskfit::thread_pool pool(1);
    std::latch busy(1);
    pool.post([&] {
        busy.count_down();
        release.wait();
    });
    busy.wait();
    // Queued behind the busy worker; cancelled by a shutdown from another thread.
    std::thread canceller([&] {
        ASSERT_TRUE(taskfit::testing::eventually([&] { return pool.pending() == 1; }));
        EXPECT_EQ(pool.shutdown(false, true), 1U);
        release.open();
    });
    auto work = [&]() -> taskfit::task<void> { co_await taskfit::offload(pool, [] {}); };
    EXPECT_THROW(taskfit::sync_wait(work()), taskfit::cancelled);
    canceller.join();
}

TEST(OffloadTest, OffloadOutsideAnEventLoopThrows) {
    auto work = []() -> taskfit::task<void> { co_await taskfit::offload(taskfit::io_pool(), [] {}); };
    auto t = work();
    t.handle().resume();
    EXPECT_THROW(t.take_result(), std::logic_error);
}

TEST(WhenAllTest, ResultsComeBackInArgumentOrder) {
    auto slow = []() -> taskfit::task<int> {
        co_await taskfit::sleep_for(5ms);
        co_return 1;
    };
    auto fast = []() -> taskfit::task<std::string> { co_return "two"; };
    auto nothing = []() -> taskfit::task<void> { co_return; };
    auto [a, b, c] = taskfit::sync_wait(taskfit::when_all(slow(), fast(), nothing()));
    EXPECT_EQ(a, 1);
    EXPECT_EQ(b, "two");
    EXPECT_EQ(c, std::monostate{});
}

TEST(WhenAllTest, RethrowsTheFirstFailureInArgumentOrderAfterAllFinish) {
    bool slow_finished = false;
    auto slow = [&]() -> taskfit::task<int> {
        co_await taskfit::sleep_for(5ms);
        slow_finished = true;
        co_return 1;
    };
    auto first_failure = []() -> taskfit::task<int> {
        co_await taskfit::sleep_for(2ms);
        throw std::invalid_argument("first");
    };
    auto second_failure = []() -> taskfit::task<int> {
        throw std::out_of_range("second");
        co_return 0;
    };
    EXPECT_THROW(taskfit::sync_wait(taskfit::when_all(slow(), first_failure(), second_failure())),
                 std::invalid_argument);
    EXPECT_TRUE(slow_finished);
}

TEST(WhenAllTest, VectorsOfTasksIncludingEmptyAndVoid) {
    EXPECT_TRUE(taskfit::sync_wait(taskfit::when_all(std::vector<taskfit::task<int>>{})).empty());
    int ran = 0;
    auto step = [&]() -> taskfit::task<void> {
        ++ran;
        co_return;
    };
    std::vector<taskfit::task<void>> steps;
    for (int i = 0; i < 3; ++i) steps.push_back(step());
    taskfit::sync_wait(taskfit::when_all(std::move(steps)));
    EXPECT_EQ(ran, 3);
}

}  // namespace
