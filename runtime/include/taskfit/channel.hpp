// channel<T>: a bounded multi-producer multi-consumer queue (Python's queue.Queue with a
// maxsize, Go's buffered channel) with close(). Threads block in push/pop; coroutines
// suspend in async_push/async_pop without blocking their loop's thread.
//
// The ring is Dmitry Vyukov's bounded MPMC queue: each slot carries a sequence number
// that says whose turn it is, so producers and consumers claim slots with one CAS and
// never take a lock while the channel is neither full nor empty. Only a caller that has
// to wait registers in a small mutex-guarded waiter list; the other side checks a counter
// of registered waiters after each operation and pays for a wake-up only when somebody
// waits.
#pragma once

#include <taskfit/event_loop.hpp>
#include <taskfit/task.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <utility>

namespace taskfit {

namespace detail {

// Keeps the producers' and consumers' hot counters on separate cache lines.
inline constexpr std::size_t cache_line_size = 64;

// A suspended coroutine waiting for room or for an item, linked into a waiter list. It
// lives in the awaiting coroutine's frame.
struct channel_waiter {
    std::coroutine_handle<> handle;
    event_loop* loop = nullptr;
    channel_waiter* next = nullptr;

    // Back on the coroutine's own loop; without a loop, on the waking thread.
    void resume() const {
        if (loop != nullptr) {
            loop->post(handle);
        } else {
            handle.resume();
        }
    }
};

// The waiters of one side (producers waiting for room, or consumers waiting for items).
struct channel_waiters {
    std::mutex mutex;
    std::condition_variable blocked;     // threads
    channel_waiter* suspended = nullptr;  // coroutines, first-in first-out
    channel_waiter* last_suspended = nullptr;
    std::atomic<std::size_t> count{0};   // threads + coroutines registered

    void enqueue(channel_waiter& w) noexcept {
        w.next = nullptr;
        if (last_suspended) {
            last_suspended->next = &w;
        } else {
            suspended = &w;
        }
        last_suspended = &w;
    }

    channel_waiter* take_all() noexcept {
        channel_waiter* all = std::exchange(suspended, nullptr);
        last_suspended = nullptr;
        return all;
    }

    // Called after making progress the other side may be waiting for. The fence pairs
    // with the one in register_waiter: either the waiter sees our progress when it
    // re-checks, or we see its registration here.
    void wake_one() {
        std::atomic_thread_fence(std::memory_order_seq_cst);
        if (count.load(std::memory_order_relaxed) == 0) return;
        channel_waiter* coroutine = nullptr;
        {
            std::lock_guard lock(mutex);
            if (suspended) {
                coroutine = suspended;
                suspended = suspended->next;
                if (!suspended) last_suspended = nullptr;
                count.fetch_sub(1, std::memory_order_relaxed);
            }
        }
        if (coroutine) {
            coroutine->resume();
        } else {
            blocked.notify_one();
        }
    }

    void wake_all() {
        channel_waiter* coroutines = nullptr;
        {
            std::lock_guard lock(mutex);
            coroutines = take_all();
            for (channel_waiter* w = coroutines; w; w = w->next) count.fetch_sub(1, std::memory_order_relaxed);
        }
        blocked.notify_all();
        while (coroutines) {
            channel_waiter* w = coroutines;
            coroutines = w->next;  // read before resuming: the node dies with the coroutine
            w->resume();
        }
    }

    // Holding `mutex`.
    void register_waiter() noexcept {
        count.fetch_add(1, std::memory_order_relaxed);
        std::atomic_thread_fence(std::memory_order_seq_cst);
    }
    void unregister_waiter() noexcept { count.fetch_sub(1, std::memory_order_relaxed); }
};

}  // namespace detail

template <class T>
class channel {
    static_assert(std::is_nothrow_move_constructible_v<T> && std::is_nothrow_destructible_v<T>,
                  "taskfit::channel<T> needs a T that moves and destroys without throwing");

public:
    using value_type = T;

    /// A channel holding at most `capacity` items (at least 1).
    explicit channel(std::size_t capacity)
        : capacity_(checked_capacity(capacity)),
          power_of_two_((capacity & (capacity - 1)) == 0),
          slots_(std::make_unique<slot[]>(capacity)) {
        for (std::size_t i = 0; i < capacity; ++i) slots_[i].turn.store(producer_turn(i), std::memory_order_relaxed);
    }

    channel(const channel&) = delete;
    channel& operator=(const channel&) = delete;

    ~channel() {
        const std::size_t end = push_position_.load(std::memory_order_relaxed) & ~closed_flag;
        for (std::size_t pos = pop_position_.load(std::memory_order_relaxed); pos != end; ++pos) {
            slot_at(pos).value()->~T();
        }
    }

    /// Blocks while the channel is full. Returns false (and leaves `value` alone) once
    /// the channel is closed.
    bool push(T&& value) {
        for (std::size_t attempt = 0; attempt < spin_attempts; ++attempt) {
            switch (push_once(value)) {
                case push_status::pushed:
                    consumers_.wake_one();
                    return true;
                case push_status::closed: return false;
                case push_status::full: relax(attempt); break;
            }
        }
        return push_blocking(value);
    }
    bool push(const T& value) { return push(T(value)); }

    /// Pushes unless the channel is full or closed.
    bool try_push(T&& value) {
        if (push_once(value) != push_status::pushed) return false;
        consumers_.wake_one();
        return true;
    }
    bool try_push(const T& value) {
        T copy(value);
        return try_push(std::move(copy));
    }

    /// Blocks while the channel is empty. Returns std::nullopt once the channel is closed
    /// and every item pushed before close() has been popped.
    std::optional<T> pop() {
        for (std::size_t attempt = 0; attempt < spin_attempts; ++attempt) {
            if (std::optional<T> v = pop_once()) {
                producers_.wake_one();
                return v;
            }
            if (drained()) return std::nullopt;
            relax(attempt);
        }
        return pop_blocking(std::optional<std::chrono::steady_clock::time_point>{});
    }

    /// Pops an item if one is there.
    std::optional<T> try_pop() {
        std::optional<T> v = pop_once();
        if (v) producers_.wake_one();
        return v;
    }

    /// Like pop, but gives up with std::nullopt after `timeout`.
    template <class Rep, class Period>
    std::optional<T> pop_for(std::chrono::duration<Rep, Period> timeout) {
        if (std::optional<T> v = try_pop()) return v;
        return pop_blocking(std::optional{std::chrono::steady_clock::now() +
                                          std::chrono::ceil<std::chrono::steady_clock::duration>(timeout)});
    }

    /// Stops further pushes and wakes every waiting producer and consumer, blocked or
    /// suspended. Items already in the channel can still be popped.
    void close() noexcept {
        push_position_.fetch_or(closed_flag, std::memory_order_seq_cst);
        consumers_.wake_all();
        producers_.wake_all();
    }

    [[nodiscard]] bool closed() const noexcept {
        return (push_position_.load(std::memory_order_acquire) & closed_flag) != 0;
    }

    /// Items in the channel right now (a snapshot while others push and pop).
    [[nodiscard]] std::size_t size() const noexcept {
        const std::size_t pop_pos = pop_position_.load(std::memory_order_acquire);
        const std::size_t push_pos = push_position_.load(std::memory_order_acquire) & ~closed_flag;
        return push_pos > pop_pos ? std::min(push_pos - pop_pos, capacity_) : 0;
    }

    [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

    /// `bool ok = co_await ch.async_push(v);` suspends while the channel is full, without
    /// blocking the thread; false once closed.
    task<bool> async_push(T value) {
        for (;;) {
            switch (push_once(value)) {
                case push_status::pushed: consumers_.wake_one(); co_return true;
                case push_status::closed: co_return false;
                case push_status::full: co_await wait_until_ready{*this, producers_, {}}; break;
            }
        }
    }

    /// `std::optional<T> v = co_await ch.async_pop();` suspends while the channel is empty,
    /// without blocking the thread; std::nullopt once closed and drained.
    task<std::optional<T>> async_pop() {
        for (;;) {
            if (std::optional<T> v = pop_once()) {
                producers_.wake_one();
                co_return v;
            }
            if (drained()) co_return std::nullopt;
            co_await wait_until_ready{*this, consumers_, {}};
        }
    }

private:
    enum class push_status { pushed, full, closed };

    // The top bit of the push position: set by close(), so a producer's claim (a CAS on
    // the position) fails once the channel is closed and no item slips in after close.
    static constexpr std::size_t closed_flag = std::size_t{1} << (std::numeric_limits<std::size_t>::digits - 1);
    // Tries before registering as a waiter: a wait costs a system call on both sides, and
    // the other side is often only a few hundred nanoseconds away from making room.
    static constexpr std::size_t spin_attempts = 128;
    static constexpr std::size_t pause_attempts = 96;  // the first tries only pause the core

    // Whose turn a slot is, for the item at `position`: its producer's, then its
    // consumer's. Doubled so the consumer's turn of one lap never equals the producer's turn
    // of the next, which Vyukov's original (position, position + 1) needs capacity >= 2 for.
    static constexpr std::size_t producer_turn(std::size_t position) noexcept { return 2 * position; }
    static constexpr std::size_t consumer_turn(std::size_t position) noexcept { return 2 * position + 1; }

    struct slot {
        std::atomic<std::size_t> turn;
        alignas(T) std::byte storage[sizeof(T)];

        T* value() noexcept { return std::launder(reinterpret_cast<T*>(storage)); }
    };

    static std::size_t checked_capacity(std::size_t capacity) {
        if (capacity == 0 || capacity >= closed_flag / 2) {
            throw std::invalid_argument("taskfit::channel: capacity must be at least 1");
        }
        return capacity;
    }

    static void relax(std::size_t attempt) noexcept {
        if (attempt < pause_attempts) {
#if defined(__x86_64__) || defined(__i386__)
            __builtin_ia32_pause();
#endif
        } else {
            std::this_thread::yield();
        }
    }

    slot& slot_at(std::size_t position) noexcept {
        // A mask when it can be one: the modulo costs a division on every push and pop.
        return slots_[power_of_two_ ? position & (capacity_ - 1) : position % capacity_];
    }

    // Moves from `value` only when it returns pushed.
    push_status push_once(T& value) noexcept {
        std::size_t pos = push_position_.load(std::memory_order_relaxed);
        for (;;) {
            if (pos & closed_flag) return push_status::closed;
            slot& s = slot_at(pos);
            const std::size_t turn = s.turn.load(std::memory_order_acquire);
            const auto lag = static_cast<std::intptr_t>(turn - producer_turn(pos));
            if (lag == 0) {
                if (push_position_.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) {
                    ::new (static_cast<void*>(s.storage)) T(std::move(value));
                    s.turn.store(consumer_turn(pos), std::memory_order_release);
                    return push_status::pushed;
                }
            } else if (lag < 0) {
                // The slot still holds last lap's item: full. (Re-read to report closed first.)
                const std::size_t now = push_position_.load(std::memory_order_relaxed);
                if (now == pos) return push_status::full;
                pos = now;
            } else {
                pos = push_position_.load(std::memory_order_relaxed);
            }
        }
    }

    std::optional<T> pop_once() noexcept {
        std::size_t pos = pop_position_.load(std::memory_order_relaxed);
        for (;;) {
            slot& s = slot_at(pos);
            const std::size_t turn = s.turn.load(std::memory_order_acquire);
            const auto lag = static_cast<std::intptr_t>(turn - consumer_turn(pos));
            if (lag == 0) {
                if (pop_position_.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) {
                    std::optional<T> v(std::move(*s.value()));
                    s.value()->~T();
                    s.turn.store(producer_turn(pos + capacity_), std::memory_order_release);
                    return v;
                }
            } else if (lag < 0) {
                // Empty, or its producer is between claiming and filling the slot.
                const std::size_t now = pop_position_.load(std::memory_order_relaxed);
                if (now == pos) return std::nullopt;
                pos = now;
            } else {
                pos = pop_position_.load(std::memory_order_relaxed);
            }
        }
    }

    // Closed, and every claimed slot has been consumed.
    [[nodiscard]] bool drained() const noexcept {
        const std::size_t push_pos = push_position_.load(std::memory_order_acquire);
        return (push_pos & closed_flag) != 0 &&
               pop_position_.load(std::memory_order_acquire) == (push_pos & ~closed_flag);
    }

    // Whether a waiter of that side should look again instead of sleeping.
    [[nodiscard]] bool ready_for(const detail::channel_waiters& side) noexcept {
        if (closed()) return true;
        if (&side == &consumers_) {
            const std::size_t pos = pop_position_.load(std::memory_order_relaxed);
            return slot_at(pos).turn.load(std::memory_order_acquire) == consumer_turn(pos);
        }
        const std::size_t pos = push_position_.load(std::memory_order_relaxed) & ~closed_flag;
        return slot_at(pos).turn.load(std::memory_order_acquire) == producer_turn(pos);
    }

    bool push_blocking(T& value) {
        push_status status;
        {
            std::unique_lock lock(producers_.mutex);
            producers_.register_waiter();
            while ((status = push_once(value)) == push_status::full) producers_.blocked.wait(lock);
            producers_.unregister_waiter();
        }
        if (status == push_status::closed) return false;
        consumers_.wake_one();
        return true;
    }

    std::optional<T> pop_blocking(std::optional<std::chrono::steady_clock::time_point> deadline) {
        std::optional<T> v;
        {
            std::unique_lock lock(consumers_.mutex);
            consumers_.register_waiter();
            for (bool timed_out = false;;) {
                // emplace, not assignment: T needs to be move-constructible only.
                if (std::optional<T> got = pop_once()) {
                    v.emplace(std::move(*got));
                    break;
                }
                if (timed_out || drained()) break;
                if (!deadline) {
                    consumers_.blocked.wait(lock);
                } else {
                    timed_out = consumers_.blocked.wait_until(lock, *deadline) == std::cv_status::timeout;
                }
            }
            consumers_.unregister_waiter();
        }
        if (v) producers_.wake_one();
        return v;
    }

    // Suspends the coroutine until the other side makes progress or the channel closes;
    // does not suspend if that already happened.
    struct wait_until_ready {
        channel& ch;
        detail::channel_waiters& side;
        detail::channel_waiter node;

        bool await_ready() const noexcept { return false; }
        bool await_suspend(std::coroutine_handle<> h) {
            node.handle = h;
            node.loop = event_loop::current();
            std::lock_guard lock(side.mutex);
            side.register_waiter();
            if (ch.ready_for(side)) {
                side.unregister_waiter();
                return false;
            }
            side.enqueue(node);
            return true;
        }
        void await_resume() const noexcept {}
    };

    const std::size_t capacity_;
    const bool power_of_two_;
    std::unique_ptr<slot[]> slots_;
    alignas(detail::cache_line_size) std::atomic<std::size_t> push_position_{0};
    alignas(detail::cache_line_size) std::atomic<std::size_t> pop_position_{0};
    alignas(detail::cache_line_size) detail::channel_waiters producers_;
    detail::channel_waiters consumers_;
};

}  // namespace taskfit
