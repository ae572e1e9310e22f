// channel<T>: FIFO order, bounds, close semantics (wakes blocked and suspended waiters,
// keeps items pushed before it), and exact item accounting under many producers and
// consumers, threads and coroutines mixed.
#include "test_support.hpp"

#include <taskfit/channel.hpp>
#include <taskfit/offload.hpp>
#include <taskfit/task.hpp>
#include <taskfit/when_all.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace {

using namespace std::chrono_literals;

TEST(ChannelTest, PopsItemsInPushOrder) {
    taskfit::channel<int> ch(8);
    for (int i = 0; i < 8; ++i) EXPECT_TRUE(ch.push(i));
    for (int i = 0; i < 8; ++i) EXPECT_EQ(ch.pop(), i);
}

TEST(ChannelTest, TryPushFailsWhenFullAndTryPopWhenEmpty) {
    taskfit::channel<int> ch(2);
    EXPECT_FALSE(ch.try_pop());
    EXPECT_TRUE(ch.try_push(1));
    EXPECT_TRUE(ch.try_push(2));
    EXPECT_FALSE(ch.try_push(3));
    EXPECT_EQ(ch.size(), 2U);
    EXPECT_EQ(ch.capacity(), 2U);
    EXPECT_EQ(ch.try_pop(), 1);
    EXPECT_EQ(ch.size(), 1U);
}

TEST(ChannelTest, FailedTryPushLeavesTheValueAlone) {
    taskfit::channel<std::unique_ptr<int>> ch(1);
    EXPECT_TRUE(ch.try_push(std::make_unique<int>(1)));
    auto second = std::make_unique<int>(2);
    EXPECT_FALSE(ch.try_push(std::move(second)));
    ASSERT_NE(second, nullptr);
    EXPECT_EQ(*second, 2);
}

TEST(ChannelTest, CapacitiesThatAreNotPowersOfTwoWrapAround) {
    for (std::size_t capacity : {1U, 3U, 5U, 7U}) {
        taskfit::channel<int> ch(capacity);
        int next_pop = 0;
        for (int i = 0; i < 100; ++i) {
            ASSERT_TRUE(ch.try_push(i));
            if (ch.size() == capacity) {
                EXPECT_FALSE(ch.try_push(-1));
                while (auto v = ch.try_pop()) EXPECT_EQ(*v, next_pop++);
            }
        }
        while (auto v = ch.try_pop()) EXPECT_EQ(*v, next_pop++);
        EXPECT_EQ(next_pop, 100);
    }
}

TEST(ChannelTest, ZeroCapacityIsRejected) { EXPECT_THROW(taskfit::channel<int>(0), std::invalid_argument); }

// Both ends of the range are rejected, and the message names both bounds, not just "at least 1".
TEST(ChannelTest, CapacityErrorNamesBothBounds) {
    for (std::size_t bad :
         {std::size_t{0}, taskfit::channel<int>::max_capacity + 1, std::numeric_limits<std::size_t>::max()}) {
        try {
            taskfit::channel<int> ch(bad);
            ADD_FAILURE() << "capacity " << bad << " was accepted";
        } catch (const std::invalid_argument& e) {
            const std::string message = e.what();
            EXPECT_NE(message.find("at least 1"), std::string::npos) << message;
            EXPECT_NE(message.find("at most " + std::to_string(taskfit::channel<int>::max_capacity)), std::string::npos)
                << message;
            EXPECT_NE(message.find("not " + std::to_string(bad)), std::string::npos) << message;
        }
    }
}

TEST(ChannelTest, BlockedPushCompletesOncePopMakesRoom) {
    taskfit::channel<int> ch(1);
    ASSERT_TRUE(ch.push(1));
    std::thread producer([&] { EXPECT_TRUE(ch.push(2)); });
    EXPECT_EQ(ch.pop(), 1);
    EXPECT_EQ(ch.pop(), 2);
    producer.join();
}

TEST(ChannelTest, ItemsPushedBeforeCloseAreStillPopped) {
    taskfit::channel<int> ch(4);
    ch.push(1);
    ch.push(2);
    ch.close();
    EXPECT_TRUE(ch.closed());
    EXPECT_FALSE(ch.push(3));
    EXPECT_FALSE(ch.try_push(3));
    EXPECT_EQ(ch.pop(), 1);
    EXPECT_EQ(ch.try_pop(), 2);
    EXPECT_EQ(ch.pop(), std::nullopt);
    EXPECT_EQ(ch.pop_for(1ms), std::nullopt);
}

TEST(ChannelTest, CloseWakesBlockedPop) {
    taskfit::channel<int> ch(1);
    std::latch started(2);
    std::vector<std::thread> consumers;
    for (int i = 0; i < 2; ++i) {
        consumers.emplace_back([&] {
            started.count_down();
            EXPECT_EQ(ch.pop(), std::nullopt);
        });
    }
    started.wait();
    std::this_thread::sleep_for(10ms);  // not needed for correctness; makes the blocked path likely
    ch.close();
    for (auto& t : consumers) t.join();
}

TEST(ChannelTest, CloseWakesBlockedPush) {
    taskfit::channel<int> ch(1);
    ch.push(0);
    std::latch started(2);
    std::vector<std::thread> producers;
    for (int i = 0; i < 2; ++i) {
        producers.emplace_back([&] {
            started.count_down();
            EXPECT_FALSE(ch.push(1));
        });
    }
    started.wait();
    std::this_thread::sleep_for(10ms);  // not needed for correctness; makes the blocked path likely
    ch.close();
    for (auto& t : producers) t.join();
    EXPECT_EQ(ch.pop(), 0);
    EXPECT_EQ(ch.pop(), std::nullopt);
}

TEST(ChannelTest, PopForGivesUpOnAnEmptyChannel) {
    taskfit::channel<int> ch(1);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(ch.pop_for(20ms), std::nullopt);
    EXPECT_GE(std::chrono::steady_clock::now() - start, 20ms);
}

TEST(ChannelTest, PopForReturnsAnItemPushedWhileWaiting) {
    taskfit::channel<int> ch(1);
    std::thread producer([&] { ch.push(5); });
    EXPECT_EQ(ch.pop_for(taskfit::testing::patience), 5);
    producer.join();
}

struct counted {
    static inline std::atomic<int> alive{0};
    counted() { ++alive; }
    counted(counted&&) noexcept { ++alive; }
    ~counted() { --alive; }
};

TEST(ChannelTest, DestructionDestroysItemsLeftInside) {
    {
        taskfit::channel<counted> ch(4);
        ch.push(counted{});
        ch.push(counted{});
        ch.pop();
        EXPECT_EQ(counted::alive, 1);
    }
    EXPECT_EQ(counted::alive, 0);
}

struct shape {
    int producers;
    int consumers;
    std::size_t capacity;
};

class ChannelStressTest : public ::testing::TestWithParam<shape> {};

// Every item is popped exactly once, whatever the interleaving, and every consumer ends
// with nullopt after close.
TEST_P(ChannelStressTest, EveryItemIsDeliveredExactlyOnce) {
    const auto [producers, consumers, capacity] = GetParam();
    constexpr int per_producer = 20000;
    taskfit::channel<int> ch(capacity);
    std::vector<std::vector<int>> seen(consumers);
    std::vector<std::thread> threads;
    for (int c = 0; c < consumers; ++c) {
        threads.emplace_back([&, c] {
            while (auto v = ch.pop()) seen[c].push_back(*v);
        });
    }
    std::vector<std::thread> producer_threads;
    for (int p = 0; p < producers; ++p) {
        producer_threads.emplace_back([&, p] {
            for (int i = 0; i < per_producer; ++i) ASSERT_TRUE(ch.push(p * per_producer + i));
        });
    }
    for (auto& t : producer_threads) t.join();
    ch.close();
    for (auto& t : threads) t.join();

    std::vector<int> times(static_cast<std::size_t>(producers) * per_producer, 0);
    for (const auto& list : seen) {
        // Each consumer sees each producer's items in that producer's order.
        std::vector<int> last(producers, -1);
        for (int v : list) {
            ++times[v];
            EXPECT_GT(v % per_producer, last[v / per_producer]);
            last[v / per_producer] = v % per_producer;
        }
    }
    for (std::size_t i = 0; i < times.size(); ++i) ASSERT_EQ(times[i], 1) << "item " << i;
}

INSTANTIATE_TEST_SUITE_P(Shapes, ChannelStressTest,
                         ::testing::Values(shape{1, 1, 1}, shape{1, 1, 64}, shape{2, 2, 4}, shape{4, 4, 16},
                                           shape{8, 3, 5}, shape{3, 8, 1024}));

TEST(ChannelStressTest, CloseRacingWithProducersLosesNothing) {
    for (int round = 0; round < 20; ++round) {
        taskfit::channel<int> ch(8);
        std::atomic<long> pushed{0};
        std::atomic<long> popped{0};
        std::vector<std::thread> threads;
        for (int p = 0; p < 3; ++p) {
            threads.emplace_back([&] {
                for (int i = 0; ch.push(i); ++i) ++pushed;
            });
        }
        for (int c = 0; c < 3; ++c) {
            threads.emplace_back([&] {
                while (ch.pop()) ++popped;
            });
        }
        while (pushed.load() < 1000) std::this_thread::yield();
        ch.close();
        for (auto& t : threads) t.join();
        EXPECT_EQ(pushed.load(), popped.load());
    }
}

// Producers and consumers as coroutines on one loop thread with a one-slot channel: any
// async_push or async_pop that blocked the thread instead of suspending would deadlock.
TEST(AsyncChannelTest, CoroutinesOnOneLoopSuspendInsteadOfBlocking) {
    taskfit::channel<int> ch(1);
    constexpr int items = 1000;
    auto producer = [&](int base) -> taskfit::task<void> {
        for (int i = 0; i < items; ++i) EXPECT_TRUE(co_await ch.async_push(base + i));
    };
    auto consumer = [&]() -> taskfit::task<long> {
        long sum = 0;
        for (int i = 0; i < items; ++i) sum += *co_await ch.async_pop();
        co_return sum;
    };
    auto [a, b, c, d] = taskfit::sync_wait(taskfit::when_all(producer(0), producer(items), consumer(), consumer()));
    (void)a;
    (void)b;
    const long expected = static_cast<long>(2 * items) * (2 * items - 1) / 2;
    EXPECT_EQ(c + d, expected);
}

TEST(AsyncChannelTest, CloseWakesSuspendedAsyncPop) {
    taskfit::channel<int> ch(1);
    std::thread closer([&] {
        std::this_thread::sleep_for(10ms);  // not needed for correctness; makes the suspended path likely
        ch.close();
    });
    auto pop_two = [&]() -> taskfit::task<int> {
        auto [a, b] = co_await taskfit::when_all(ch.async_pop(), ch.async_pop());
        co_return static_cast<int>(a.has_value()) + static_cast<int>(b.has_value());
    };
    EXPECT_EQ(taskfit::sync_wait(pop_two()), 0);
    closer.join();
}

TEST(AsyncChannelTest, CloseWakesSuspendedAsyncPush) {
    taskfit::channel<int> ch(1);
    ch.push(0);
    std::thread closer([&] {
        std::this_thread::sleep_for(10ms);  // not needed for correctness; makes the suspended path likely
        ch.close();
    });
    auto push_one = [&]() -> taskfit::task<bool> { co_return co_await ch.async_push(1); };
    EXPECT_FALSE(taskfit::sync_wait(push_one()));
    closer.join();
    EXPECT_EQ(ch.pop(), 0);
    EXPECT_EQ(ch.pop(), std::nullopt);
}

// Blocking producer threads feed suspended consumer coroutines on two loops: wake-ups
// cross from plain threads to loops and every item arrives once.
TEST(AsyncChannelTest, ThreadsAndCoroutinesShareAChannelWithoutLosingItems) {
    taskfit::channel<int> ch(4);
    constexpr int producers = 3;
    constexpr int per_producer = 5000;
    std::vector<std::thread> threads;
    for (int p = 0; p < producers; ++p) {
        threads.emplace_back([&, p] {
            for (int i = 0; i < per_producer; ++i) ch.push(p * per_producer + i);
        });
    }
    std::vector<std::vector<int>> seen(4);
    auto consumer = [&](std::vector<int>& out) -> taskfit::task<void> {
        while (auto v = co_await ch.async_pop()) out.push_back(*v);
    };
    std::vector<std::thread> loops;
    for (int l = 0; l < 2; ++l) {
        loops.emplace_back(
            [&, l] { taskfit::sync_wait(taskfit::when_all(consumer(seen[2 * l]), consumer(seen[2 * l + 1]))); });
    }
    for (auto& t : threads) t.join();
    ch.close();
    for (auto& t : loops) t.join();
    std::vector<int> times(producers * per_producer, 0);
    for (const auto& list : seen) {
        for (int v : list) ++times[v];
    }
    for (std::size_t i = 0; i < times.size(); ++i) ASSERT_EQ(times[i], 1) << "item " << i;
}

}  // namespace
