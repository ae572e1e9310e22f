// event_loop's turn: run what is ready, fire due timers, and sleep until a timer is due
// or another thread hands a coroutine back.
#include <taskfit/event_loop.hpp>

#include <utility>

namespace taskfit {

namespace {

thread_local event_loop* current_loop = nullptr;

}  // namespace

event_loop* event_loop::current() noexcept { return current_loop; }

void event_loop::inbox::post(std::coroutine_handle<> h) {
    {
        std::lock_guard lock(mutex_);
        items_.push_back(h);
    }
    posted_.notify_one();
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

void event_loop::take_posted_work() {
    inbox& box = *inbox_;
    std::unique_lock lock(box.mutex_);
    if (ready_.empty()) {
        auto posted = [&box] { return !box.items_.empty(); };
        if (timers_.empty()) {
            box.posted_.wait(lock, posted);
        } else {
            box.posted_.wait_until(lock, timers_.top().deadline, posted);
        }
    }
    if (ready_.empty()) {
        ready_.swap(box.items_);
    } else {
        ready_.insert(ready_.end(), box.items_.begin(), box.items_.end());
        box.items_.clear();
    }
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
        take_posted_work();
        turn.swap(ready_);
        for (std::coroutine_handle<> h : turn) h.resume();
        turn.clear();
    }
}

}  // namespace taskfit
