// taskfit::asio_offload with Boost.Asio: the same spelling resumes on the coroutine's
// executor when the including file uses Boost.Asio.
#include <utility>  // Boost 1.74's awaitable.hpp uses std::exchange without including it

#include <boost/asio.hpp>
#include <taskfit/asio.hpp>

#include <gtest/gtest.h>

#include <thread>

namespace {

TEST(BoostAsioOffloadTest, ResumesOnTheCoroutinesExecutorThread) {
    auto work = []() -> boost::asio::awaitable<bool> {
        const auto executor_thread = std::this_thread::get_id();
        int n = co_await taskfit::asio_offload(taskfit::io_pool(), [] { return 41; });
        co_return n == 41 && std::this_thread::get_id() == executor_thread;
    };
    boost::asio::io_context context;
    auto result = boost::asio::co_spawn(context, work(), boost::asio::use_future);
    context.run();
    EXPECT_TRUE(result.get());
}

}  // namespace
