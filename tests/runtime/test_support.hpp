// Helpers shared by the runtime tests: a gate that holds workers until a test opens it,
// and waiting for a condition with a generous deadline instead of sleeping a fixed time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace taskfit::testing {

// Generous: the tests run on a loaded 2-core CI machine and under sanitizers.
inline constexpr std::chrono::seconds patience{30};

class gate {
public:
    void open() {
        {
            std::lock_guard lock(mutex_);
            open_ = true;
        }
        opened_.notify_all();
    }
    void wait() {
        std::unique_lock lock(mutex_);
        opened_.wait(lock, [&] { return open_; });
    }

private:
    std::mutex mutex_;
    std::condition_variable opened_;
    bool open_ = false;
};

// Polls `condition` until it holds or `patience` runs out; returns whether it held.
inline bool eventually(const std::function<bool()>& condition) {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

}  // namespace taskfit::testing
