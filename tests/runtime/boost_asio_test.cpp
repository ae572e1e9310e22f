// taskfit::asio_offload with Boost.Asio (<taskfit/boost_asio.hpp>): the same spelling as
// with standalone asio resumes on the coroutine's executor, carries exceptions, and
// reports a shut-down pool.
#include <taskfit/boost_asio.hpp>

#include <boost/asio.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <thread>

namespace {

template <class T>
T run(boost::asio::awaitable<T> coroutine) {
    boost::asio::io_context context;
    auto result = boost::asio::co_spawn(context, std::move(coroutine), boost::asio::use_future);
    context.run();  // returns only once the coroutine is done: the offload holds work
    return result.get();
}

// The spelling the checker's fix-its emit works when only this flavour is included.
template <class F>
concept offload_without_token = requires(taskfit::thread_pool& pool, F fn) { taskfit::asio_offload(pool, fn); };
static_assert(offload_without_token<int (*)()>);

TEST(BoostAsioOffloadTest, ResumesOnTheCoroutinesExecutorThread) {
    auto work = []() -> boost::asio::awaitable<bool> {
        const auto executor_thread = std::this_thread::get_id();
        int n = co_await taskfit::asio_offload(taskfit::io_pool(), [] { return 41; });
        co_return n == 41 && std::this_thread::get_id() == executor_thread;
    };
    EXPECT_TRUE(run(work()));
}

TEST(BoostAsioOffloadTest, ExceptionsReachTheCoAwait) {
    auto work = []() -> boost::asio::awaitable<std::string> {
        try {
            co_await taskfit::asio_offload(taskfit::cpu_pool(), []() -> int { throw std::runtime_error("pool"); });
        } catch (const std::runtime_error& e) {
            co_return e.what();
        }
        co_return "no exception";
    };
    EXPECT_EQ(run(work()), "pool");
}

TEST(BoostAsioOffloadTest, ShutDownPoolThrowsPoolClosedAtTheCoAwait) {
    taskfit::thread_pool pool(1);
    pool.shutdown();
    auto work = [&]() -> boost::asio::awaitable<int> {
        co_return co_await taskfit::asio_offload(pool, [] { return 1; });
    };
    EXPECT_THROW(run(work()), taskfit::pool_closed);
}

}  // namespace
