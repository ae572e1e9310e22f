// event_loop's turn: run what is ready, fire due timers, and sleep until a timer is due
// or another thread hands a coroutine back.
#include <taskfit/event_loop.hpp>

#include <thread>
#include <utility>

namespace taskfit {

namespace {

thread_local event_loop* current_loop = nullptr;

// How long an idle loop watches its inbox before it sleeps. An offload of a short call
// comes back within microseconds; sleeping would add a wake-up (a system call and a
// context switch) to every round trip.
constexpr int idle_spin_attempts = 256;

}  // namespace

event_loop* event_loop::current() noexcept { return current_loop; }

void event_loop::schedule(std::coroutine_handle<> h) { ready_.push_back(h); }

void event_loop::post(std::coroutine_handle<> h) {
    std::lock_guard lock(remote_mutex_);
    remote_.push_back(h);
    remote_pending_.store(true, std::memory_order_relaxed);
    // Notified under the lock: once the loop sees `h` it may finish and be destroyed, so
    // this thread must be done with the loop before the lock is released.
    remote_posted_.notify_one();
}

void event_loop::schedule_at(clock::time_point deadline, std::coroutine_handle<> h) {
    timers_.push(timer{deadline, timers_added_++, h});
}

void event_loop::fire_due_timers() {
    const clock::time_point now = clock::now();
    while (!timers_.empty() && timers_.top().deadline <= now) {
        ready_.push_back(timers_.top().handle);
        timers_.pop();
    }
}

void event_loop::wait_for_remote_work() {
    if (ready_.empty()) {
        for (int spin = 0; spin < idle_spin_attempts && !remote_pending_.load(std::memory_order_relaxed); ++spin) {
#if defined(__x86_64__) || defined(__i386__)
            __builtin_ia32_pause();
#else
            std::this_thread::yield();
#endif
        }
    }
    std::unique_lock lock(remote_mutex_);
    if (ready_.empty()) {
        auto posted = [this] { return !remote_.empty(); };
        if (timers_.empty()) {
            remote_posted_.wait(lock, posted);
        } else {
            remote_posted_.wait_until(lock, timers_.top().deadline, posted);
        }
    }
    if (ready_.empty()) {
        ready_.swap(remote_);
    } else {
        ready_.insert(ready_.end(), remote_.begin(), remote_.end());
        remote_.clear();
    }
    remote_pending_.store(false, std::memory_order_relaxed);
}

void event_loop::run_until_done(std::coroutine_handle<> root) {
    struct make_current {
        event_loop* previous;
        explicit make_current(event_loop* loop) : previous(std::exchange(current_loop, loop)) {}
        ~make_current() { current_loop = previous; }
    } scope(this);

    std::vector<std::coroutine_handle<>> turn;
    ready_.push_back(root);
    while (!root.done()) {
        fire_due_timers();
        wait_for_remote_work();
        turn.swap(ready_);
        for (std::coroutine_handle<> h : turn) h.resume();
        turn.clear();
    }
}

}  // namespace taskfit
