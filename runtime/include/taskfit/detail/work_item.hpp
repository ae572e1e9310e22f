// A move-only, type-erased unit of work for thread_pool queues. Unlike std::function it
// has two exits, run and cancel, so a pool that drops pending work can still complete
// the future or resume the coroutine waiting on it. Small jobs are stored inline so the
// hot submit path does not allocate for them.
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace taskfit::detail {

/// A job is anything with `void operator()()` (run once) and `void cancel() noexcept`
/// (called instead of running it, at most once).
template <class Job>
concept pool_job = std::is_move_constructible_v<Job> && requires(Job& job) {
    job();
    { job.cancel() } noexcept;
};

class work_item {
public:
    work_item() noexcept = default;

    template <class Job>
        requires(!std::is_same_v<std::decay_t<Job>, work_item> && pool_job<std::decay_t<Job>>)
    explicit work_item(Job&& job) {
        using stored = std::decay_t<Job>;
        if constexpr (fits_inline<stored>) {
            ::new (static_cast<void*>(storage_)) stored(std::forward<Job>(job));
            ops_ = &inline_ops<stored>;
        } else {
            ::new (static_cast<void*>(storage_)) stored*(new stored(std::forward<Job>(job)));
            ops_ = &heap_ops<stored>;
        }
    }

    work_item(work_item&& other) noexcept : ops_(std::exchange(other.ops_, nullptr)) {
        if (ops_) ops_->relocate(storage_, other.storage_);
    }

    work_item& operator=(work_item&& other) noexcept {
        if (this != &other) {
            reset();
            ops_ = std::exchange(other.ops_, nullptr);
            if (ops_) ops_->relocate(storage_, other.storage_);
        }
        return *this;
    }

    work_item(const work_item&) = delete;
    work_item& operator=(const work_item&) = delete;
    ~work_item() { reset(); }

    explicit operator bool() const noexcept { return ops_ != nullptr; }

    /// Runs the job and releases it; the item is empty afterwards.
    void run() {
        const ops* o = std::exchange(ops_, nullptr);
        o->run_and_destroy(storage_);
    }

    /// Tells the job it will never run and releases it; the item is empty afterwards.
    void cancel() noexcept {
        const ops* o = std::exchange(ops_, nullptr);
        o->cancel_and_destroy(storage_);
    }

private:
    // Room for a std::promise and three pointers of captures: what submit() of a lambda
    // capturing a few references needs, so that case does not allocate. With the ops
    // pointer, an item is one 64-byte cache line.
    static constexpr std::size_t inline_capacity = 6 * sizeof(void*);

    template <class T>
    static constexpr bool fits_inline = sizeof(T) <= inline_capacity && alignof(T) <= alignof(std::max_align_t) &&
                                        std::is_nothrow_move_constructible_v<T>;

    struct ops {
        void (*run_and_destroy)(void*);
        void (*cancel_and_destroy)(void*) noexcept;
        void (*relocate)(void* dst, void* src) noexcept;
        void (*destroy)(void*) noexcept;
    };

    template <class T>
    struct destroy_on_exit {
        T* job;
        ~destroy_on_exit() { job->~T(); }
    };

    template <class T>
    static constexpr ops inline_ops{
        [](void* p) {
            T* job = std::launder(static_cast<T*>(p));
            destroy_on_exit<T> guard{job};
            (*job)();
        },
        [](void* p) noexcept {
            T* job = std::launder(static_cast<T*>(p));
            job->cancel();
            job->~T();
        },
        [](void* dst, void* src) noexcept {
            T* from = std::launder(static_cast<T*>(src));
            ::new (dst) T(std::move(*from));
            from->~T();
        },
        [](void* p) noexcept { std::launder(static_cast<T*>(p))->~T(); },
    };

    template <class T>
    static T* heap_job(void* p) noexcept {
        return *std::launder(static_cast<T**>(p));
    }

    template <class T>
    static constexpr ops heap_ops{
        [](void* p) {
            struct deleter {
                T* job;
                ~deleter() { delete job; }
            } guard{heap_job<T>(p)};
            (*guard.job)();
        },
        [](void* p) noexcept {
            T* job = heap_job<T>(p);
            job->cancel();
            delete job;
        },
        [](void* dst, void* src) noexcept { ::new (dst) T*(heap_job<T>(src)); },
        [](void* p) noexcept { delete heap_job<T>(p); },
    };

    // Dropping an item neither runs nor cancels it: that happens only when handing it
    // over failed, and the one handing it over learns that from the exception instead.
    void reset() noexcept {
        if (ops_) std::exchange(ops_, nullptr)->destroy(storage_);
    }

    alignas(std::max_align_t) std::byte storage_[inline_capacity];
    const ops* ops_ = nullptr;
};

}  // namespace taskfit::detail
