// channel<T>: a bounded multi-producer multi-consumer queue (Python's queue.Queue with a
// maxsize, Go's buffered channel) with close(). Threads block in push/pop; coroutines
// suspend in async_push/async_pop without blocking their loop's thread.
//
// The ring is Dmitry Vyukov's bounded MPMC queue: each slot carries a turn number that
// says whose turn it is, so producers and consumers claim positions with one CAS and take
// no lock while the channel is neither full nor empty. A caller that has to wait
// registers in a small mutex-guarded waiter list and raises a "waiting" flag inside the
// position word the other side CASes anyway: the other side learns that somebody waits
// from its own CAS, with no extra fence or load on the fast path, and pays for a wake-up
// only then.
#pragma once

#include <taskfit/detail/spin_pause.hpp>
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
#include <string>
#include <thread>
#include <type_traits>
#include <utility>

namespace taskfit {

namespace detail {

// Keeps the producers' and consumers' hot words on separate cache lines.
inline constexpr std::size_t cache_line_size = 64;

// A suspended coroutine waiting for room or for an item, linked into a waiter list. It
// lives in the awaiting coroutine's frame.
struct channel_waiter {
    std::coroutine_handle<> handle;
    std::shared_ptr<event_loop::inbox> loop;  // empty for a coroutine not run by a loop
    channel_waiter* next = nullptr;

    // Back on the coroutine's own loop; without a loop, on the waking thread. The node
    // lives in the coroutine's frame, so nothing of it is touched after the hand-over.
    void resume() {
        const std::coroutine_handle<> h = handle;
        if (const std::shared_ptr<event_loop::inbox> inbox = std::move(loop)) {
            inbox->post(h);
        } else {
            h.resume();
        }
    }
};

// The waiters of one side (producers waiting for room, or consumers waiting for items).
// While any are registered, `flag` is raised in `word`, the position word the other side
// advances with its CAS.
class channel_waiters {
public:
    channel_waiters(std::atomic<std::size_t>& word, std::size_t flag) noexcept : word_(word), flag_(flag) {}

    std::mutex mutex;
    std::condition_variable blocked;  // threads

    // Holding `mutex`. The flag is raised by an atomic RMW on the other side's word, so
    // every CAS of the other side is ordered before it (and the caller sees that progress
    // when it looks again) or after it (and that CAS sees the flag).
    void register_waiter() noexcept {
        if (registered_++ == 0) word_.fetch_or(flag_, std::memory_order_seq_cst);
    }
    void unregister_waiter() noexcept {
        if (--registered_ == 0) word_.fetch_and(~flag_, std::memory_order_seq_cst);
    }

    // Holding `mutex`, registered: parks the coroutine in the list.
    void suspend(channel_waiter& w) noexcept {
        w.next = nullptr;
        if (last_) {
            last_->next = &w;
        } else {
            first_ = &w;
        }
        last_ = &w;
    }

    // Called by the other side after a CAS that saw the flag.
    void wake_one() {
        channel_waiter* coroutine = nullptr;
        {
            std::lock_guard lock(mutex);
            if (first_) {
                coroutine = first_;
                first_ = first_->next;
                if (!first_) last_ = nullptr;
                unregister_waiter();
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
            coroutines = std::exchange(first_, nullptr);
            last_ = nullptr;
            for (channel_waiter* w = coroutines; w; w = w->next) unregister_waiter();
        }
        blocked.notify_all();
        while (coroutines) {
            channel_waiter* w = coroutines;
            coroutines = w->next;  // read before resuming: the node dies with the coroutine
            w->resume();
        }
    }

private:
    std::atomic<std::size_t>& word_;
    const std::size_t flag_;
    std::size_t registered_ = 0;       // threads and coroutines; guarded by `mutex`
    channel_waiter* first_ = nullptr;  // suspended coroutines, first in, first out
    channel_waiter* last_ = nullptr;
};

}  // namespace detail

template <class T>
class channel {
    static_assert(std::is_nothrow_move_constructible_v<T> && std::is_nothrow_destructible_v<T>,
                  "taskfit::channel<T> needs a T that moves and destroys without throwing");

public:
    using value_type = T;

    /// A channel holding at most `capacity` items, 1 to max_capacity; others throw
    /// std::invalid_argument.
    explicit channel(std::size_t capacity)
        : capacity_(checked_capacity(capacity)),
          power_of_two_((capacity & (capacity - 1)) == 0),
          slots_(std::make_unique<slot[]>(capacity)) {
        for (std::size_t i = 0; i < capacity; ++i) slots_[i].turn.store(producer_turn(i), std::memory_order_relaxed);
    }

    channel(const channel&) = delete;
    channel& operator=(const channel&) = delete;

    ~channel() {
        const std::size_t end = push_position();
        for (std::size_t pos = pop_position(); pos != end; ++pos) slot_at(pos).value()->~T();
    }

    /// Blocks while the channel is full. Returns false (and leaves `value` alone) once
    /// the channel is closed.
    bool push(T&& value) {
        for (std::size_t attempt = 0; attempt < spin_attempts; ++attempt) {
            switch (push_once(value)) {
                case push_status::pushed: return true;
                case push_status::closed: return false;
                case push_status::full: relax(attempt); break;
            }
        }
        return push_blocking(value);
    }
    bool push(const T& value) { return push(T(value)); }

    /// Pushes unless the channel is full or closed.
    bool try_push(T&& value) { return push_once(value) == push_status::pushed; }
    bool try_push(const T& value) {
        T copy(value);
        return try_push(std::move(copy));
    }

    /// Blocks while the channel is empty. Returns std::nullopt once the channel is closed
    /// and every item pushed before close() has been popped.
    std::optional<T> pop() {
        for (std::size_t attempt = 0; attempt < spin_attempts; ++attempt) {
            if (std::optional<T> v = pop_once()) return v;
            if (drained()) return std::nullopt;
            relax(attempt);
        }
        return pop_blocking(std::optional<std::chrono::steady_clock::time_point>{});
    }

    /// Pops an item if one is there.
    std::optional<T> try_pop() { return pop_once(); }

    /// Like pop, but gives up with std::nullopt after `timeout`.
    template <class Rep, class Period>
    std::optional<T> pop_for(std::chrono::duration<Rep, Period> timeout) {
        if (std::optional<T> v = pop_once()) return v;
        return pop_blocking(std::optional{std::chrono::steady_clock::now() +
                                          std::chrono::ceil<std::chrono::steady_clock::duration>(timeout)});
    }

    /// Stops further pushes and wakes every waiting producer and consumer, blocked or
    /// suspended. Items already in the channel can still be popped.
    void close() noexcept {
        push_word_.fetch_or(closed_flag, std::memory_order_seq_cst);
        consumers_.wake_all();
        producers_.wake_all();
    }

    [[nodiscard]] bool closed() const noexcept {
        return (push_word_.load(std::memory_order_acquire) & closed_flag) != 0;
    }

    /// Items in the channel right now (a snapshot while others push and pop).
    [[nodiscard]] std::size_t size() const noexcept {
        const std::size_t popped = pop_position();
        const std::size_t pushed = push_position();
        return pushed > popped ? std::min(pushed - popped, capacity_) : 0;
    }

    [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

    /// `bool ok = co_await ch.async_push(v);` suspends while the channel is full, without
    /// blocking the thread; false once closed.
    task<bool> async_push(T value) {
        for (;;) {
            switch (push_once(value)) {
                case push_status::pushed: co_return true;
                case push_status::closed: co_return false;
                case push_status::full: co_await wait_for_progress{*this, producers_, {}}; break;
            }
        }
    }

    /// `std::optional<T> v = co_await ch.async_pop();` suspends while the channel is empty,
    /// without blocking the thread; std::nullopt once closed and drained.
    task<std::optional<T>> async_pop() {
        for (;;) {
            if (std::optional<T> v = pop_once()) co_return v;
            if (drained()) co_return std::nullopt;
            co_await wait_for_progress{*this, consumers_, {}};
        }
    }

private:
    enum class push_status { pushed, full, closed };

    // Flags in the top bits of the position words; positions use the bits below.
    static constexpr std::size_t top_bit = std::size_t{1} << (std::numeric_limits<std::size_t>::digits - 1);
    // In the push word: set by close(), so a producer's claim (its CAS) fails once the
    // channel is closed and no item slips in after close.
    static constexpr std::size_t closed_flag = top_bit;
    // In the push word: consumers are waiting; the producer whose CAS sees it wakes one.
    static constexpr std::size_t consumers_waiting = top_bit >> 1;
    // In the pop word: producers are waiting; the consumer whose CAS sees it wakes one.
    static constexpr std::size_t producers_waiting = top_bit;
    static constexpr std::size_t position_mask = consumers_waiting - 1;

public:
    /// The largest capacity a channel takes: a lap of positions (2 x capacity turns) must
    /// fit below the flag bits of the position words.
    static constexpr std::size_t max_capacity = position_mask / 2;

private:
    // Tries before registering as a waiter: a wait costs a system call on both sides, and
    // the other side is often only a few hundred nanoseconds away from making progress.
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
        if (capacity == 0 || capacity > max_capacity) {
            throw std::invalid_argument("taskfit::channel: capacity must be at least 1 and at most " +
                                        std::to_string(max_capacity) + ", not " + std::to_string(capacity));
        }
        return capacity;
    }

    static void relax(std::size_t attempt) noexcept {
        if (attempt < pause_attempts) {
            detail::spin_pause();
        } else {
            std::this_thread::yield();
        }
    }

    slot& slot_at(std::size_t position) noexcept {
        // A mask when it can be one: the modulo costs a division on every push and pop.
        return slots_[power_of_two_ ? position & (capacity_ - 1) : position % capacity_];
    }

    [[nodiscard]] std::size_t push_position() const noexcept {
        return push_word_.load(std::memory_order_acquire) & position_mask;
    }
    [[nodiscard]] std::size_t pop_position() const noexcept {
        return pop_word_.load(std::memory_order_acquire) & position_mask;
    }

    // Moves from `value` only when it returns pushed.
    push_status push_once(T& value) {
        std::size_t word = push_word_.load(std::memory_order_relaxed);
        for (;;) {
            if (word & closed_flag) return push_status::closed;
            const std::size_t pos = word & position_mask;
            slot& s = slot_at(pos);
            const auto lag = static_cast<std::intptr_t>(s.turn.load(std::memory_order_acquire) - producer_turn(pos));
            if (lag == 0) {
                // word + 1 advances the position and keeps the flags.
                if (push_word_.compare_exchange_weak(word, word + 1, std::memory_order_relaxed)) {
                    ::new (static_cast<void*>(s.storage)) T(std::move(value));
                    s.turn.store(consumer_turn(pos), std::memory_order_release);
                    if (word & consumers_waiting) consumers_.wake_one();
                    return push_status::pushed;
                }
            } else if (lag < 0) {
                // The slot still holds last lap's item: full, unless the word moved meanwhile.
                const std::size_t now = push_word_.load(std::memory_order_relaxed);
                if (now == word) return push_status::full;
                word = now;
            } else {
                word = push_word_.load(std::memory_order_relaxed);
            }
        }
    }

    std::optional<T> pop_once() {
        std::size_t word = pop_word_.load(std::memory_order_relaxed);
        for (;;) {
            const std::size_t pos = word & position_mask;
            slot& s = slot_at(pos);
            const auto lag = static_cast<std::intptr_t>(s.turn.load(std::memory_order_acquire) - consumer_turn(pos));
            if (lag == 0) {
                if (pop_word_.compare_exchange_weak(word, word + 1, std::memory_order_relaxed)) {
                    std::optional<T> v(std::move(*s.value()));
                    s.value()->~T();
                    s.turn.store(producer_turn(pos + capacity_), std::memory_order_release);
                    if (word & producers_waiting) producers_.wake_one();
                    return v;
                }
            } else if (lag < 0) {
                // Empty, or its producer is between claiming and filling the slot.
                const std::size_t now = pop_word_.load(std::memory_order_relaxed);
                if (now == word) return std::nullopt;
                word = now;
            } else {
                word = pop_word_.load(std::memory_order_relaxed);
            }
        }
    }

    // Closed, and every claimed slot has been consumed.
    [[nodiscard]] bool drained() const noexcept {
        const std::size_t word = push_word_.load(std::memory_order_acquire);
        return (word & closed_flag) != 0 && pop_position() == (word & position_mask);
    }

    // Whether a registered waiter of that side must look again instead of sleeping: the
    // positions already show an item (or room) that is on its way, which no wake-up will
    // announce because its CAS came before the waiter's flag; or the channel is closed.
    //
    // Each side first reads the word its flag is in (which therefore shows every CAS made
    // before the flag), then the other one. A pushed position below the popped one can only
    // be a stale read; it counts as "look again", never as "sleep".
    [[nodiscard]] bool progress_pending(const detail::channel_waiters& side) const noexcept {
        if (closed()) return true;
        if (&side == &consumers_) {
            const std::size_t pushed = push_position();
            const std::size_t popped = pop_position();
            return pushed > popped;
        }
        const std::size_t popped = pop_position();
        const std::size_t pushed = push_position();
        return pushed < popped || pushed - popped < capacity_;
    }

    // The waiting paths try push_once/pop_once without holding their own side's mutex:
    // those may wake the other side, which takes the other side's mutex.
    bool push_blocking(T& value) {
        push_status status;
        std::unique_lock lock(producers_.mutex);
        producers_.register_waiter();
        for (;;) {
            lock.unlock();
            status = push_once(value);
            lock.lock();
            if (status != push_status::full) break;
            if (progress_pending(producers_)) {
                lock.unlock();
                std::this_thread::yield();
                lock.lock();
            } else {
                producers_.blocked.wait(lock);
            }
        }
        producers_.unregister_waiter();
        return status == push_status::pushed;
    }

    std::optional<T> pop_blocking(std::optional<std::chrono::steady_clock::time_point> deadline) {
        std::optional<T> v;
        std::unique_lock lock(consumers_.mutex);
        consumers_.register_waiter();
        for (bool timed_out = false;;) {
            lock.unlock();
            // emplace, not assignment: T needs to be move-constructible only.
            if (std::optional<T> got = pop_once()) v.emplace(std::move(*got));
            lock.lock();
            if (v || timed_out || drained()) break;
            if (progress_pending(consumers_)) {
                lock.unlock();
                std::this_thread::yield();
                lock.lock();
            } else if (!deadline) {
                consumers_.blocked.wait(lock);
            } else {
                timed_out = consumers_.blocked.wait_until(lock, *deadline) == std::cv_status::timeout;
            }
        }
        consumers_.unregister_waiter();
        return v;
    }

    // Suspends the coroutine until the other side makes progress or the channel closes;
    // does not suspend if either may already have happened.
    struct wait_for_progress {
        channel& ch;
        detail::channel_waiters& side;
        detail::channel_waiter node;

        bool await_ready() const noexcept { return false; }
        bool await_suspend(std::coroutine_handle<> h) {
            node.handle = h;
            event_loop* loop = event_loop::current();
            node.loop = loop ? loop->shared_inbox() : nullptr;
            std::lock_guard lock(side.mutex);
            side.register_waiter();
            if (ch.progress_pending(side)) {
                side.unregister_waiter();
                return false;
            }
            side.suspend(node);
            return true;
        }
        void await_resume() const noexcept {}
    };

    const std::size_t capacity_;
    const bool power_of_two_;
    std::unique_ptr<slot[]> slots_;
    alignas(detail::cache_line_size) std::atomic<std::size_t> push_word_{0};
    alignas(detail::cache_line_size) std::atomic<std::size_t> pop_word_{0};
    alignas(detail::cache_line_size) detail::channel_waiters producers_{pop_word_, producers_waiting};
    alignas(detail::cache_line_size) detail::channel_waiters consumers_{push_word_, consumers_waiting};
};

}  // namespace taskfit
