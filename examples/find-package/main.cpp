// Uses an installed taskfit runtime: a channel drained on cpu_pool() and a coroutine that
// offloads to io_pool(), enough to show headers, library and threads all link.
#include <taskfit/taskfit.hpp>

#include <iostream>

namespace {

constexpr int items = 10;

taskfit::task<int> answer() {
    co_return co_await taskfit::offload(taskfit::io_pool(), [] { return 21 * 2; });
}

}  // namespace

int main() {
    taskfit::channel<int> numbers(4);
    auto sum = taskfit::cpu_pool().submit([&numbers] {
        int total = 0;
        while (auto n = numbers.pop()) total += *n;
        return total;
    });
    for (int i = 1; i <= items; ++i) numbers.push(i);
    numbers.close();

    std::cout << "taskfit found: sum " << sum.get() << ", offload " << taskfit::sync_wait(answer()) << '\n';
}
