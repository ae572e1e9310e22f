// taskfit::asio_offload with standalone asio: resumes on the coroutine's own executor,
// carries results and exceptions, and keeps io_context::run() alive while it waits.
#include <taskfit/asio.hpp>

#include <asio.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <thread>

namespace {

template <class T>
T run(asio::awaitable<T> coroutine) {
    asio::io_context context;
    auto result = asio::co_spawn(context, std::move(coroutine), asio::use_future);
    context.run();  // returns only once the coroutine is done: the offload holds work
    return result.get();
}

// The spelling the checker's fix-its emit works when only this flavour is included.
template <class F>
concept offload_without_token = requires(taskfit::thread_pool& pool, F fn) { taskfit::asio_offload(pool, fn); };
static_assert(offload_without_token<int (*)()>);

TEST(AsioOffloadTest, ResumesOnTheCoroutinesExecutorThread) {
    auto work = []() -> asio::awaitable<bool> {
        const auto executor_thread = std::this_thread::get_id();
        bool on_pool = false;
        int n = co_await taskfit::asio_offload(taskfit::io_pool(), [&] {
            on_pool = taskfit::io_pool().is_worker_thread();
            return 41;
        });
        co_return on_pool&& n == 41 && std::this_thread::get_id() == executor_thread;
    };
    EXPECT_TRUE(run(work()));
}

TEST(AsioOffloadTest, VoidCallablesAndExceptions) {
    auto work = []() -> asio::awaitable<std::string> {
        bool ran = false;
        co_await taskfit::asio_offload(taskfit::io_pool(), [&] { ran = true; });
        if (!ran) co_return "did not run";
        try {
            co_await taskfit::asio_offload(taskfit::cpu_pool(), []() -> int { throw std::runtime_error("pool"); });
        } catch (const std::runtime_error& e) {
            co_return e.what();
        }
        co_return "no exception";
    };
    EXPECT_EQ(run(work()), "pool");
}

TEST(AsioOffloadTest, ShutDownPoolThrowsPoolClosedAtTheCoAwait) {
    taskfit::thread_pool pool(1);
    pool.shutdown();
    auto work = [&]() -> asio::awaitable<int> { co_return co_await taskfit::asio_offload(pool, [] { return 1; }); };
    EXPECT_THROW(run(work()), taskfit::pool_closed);
}

// An awaitable on an executor other than any_io_executor: the token names it.
TEST(AsioOffloadTest, TokenSelectsTheCoroutinesExecutorType) {
    using executor = asio::io_context::executor_type;
    auto work = []() -> asio::awaitable<int, executor> {
        co_return co_await taskfit::asio_offload(
            taskfit::io_pool(), [] { return 7; }, asio::use_awaitable_t<executor>{});
    };
    asio::io_context context;
    auto result = asio::co_spawn(context.get_executor(), work(), asio::use_future);
    context.run();
    EXPECT_EQ(result.get(), 7);
}

}  // namespace
