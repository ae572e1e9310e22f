// bulk_loop: one parallel loop (parallel_for, thread_pool::map) as the pool sees it: a
// number of chunks that the calling thread and the pool's workers claim one at a time
// with an atomic counter, and the first failure in index order. The pool schedules it
// (thread_pool::run_bulk); the templates on top only say what one chunk does.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <limits>
#include <mutex>

namespace taskfit {
class thread_pool;
struct thread_pool_access;
}  // namespace taskfit

namespace taskfit::detail {

/// Automatic chunking aims at this many chunks per worker: enough that a worker whose
/// chunks turned out cheap takes more while a slow one finishes (claims are dynamic), few
/// enough that claiming (one atomic add each) costs nothing next to a chunk.
inline constexpr std::size_t chunks_per_worker = 8;

/// Indices per chunk: `grain` when given, else about chunks_per_worker chunks per worker.
[[nodiscard]] inline std::size_t chunk_size_for(std::size_t count, std::size_t workers, std::size_t grain) noexcept {
    if (grain != 0) return grain;
    const std::size_t target_chunks = std::max<std::size_t>(1, workers) * chunks_per_worker;
    return std::max<std::size_t>(1, (count + target_chunks - 1) / target_chunks);
}

[[nodiscard]] inline std::size_t chunk_count(std::size_t count, std::size_t chunk_size) noexcept {
    return count / chunk_size + (count % chunk_size != 0 ? 1 : 0);
}

class bulk_loop {
public:
    static constexpr std::size_t no_failure = std::numeric_limits<std::size_t>::max();

    explicit bulk_loop(std::size_t chunks) noexcept : chunks_(chunks) {}
    bulk_loop(const bulk_loop&) = delete;
    bulk_loop& operator=(const bulk_loop&) = delete;

    [[nodiscard]] std::size_t chunks() const noexcept { return chunks_; }

    /// Claims and runs chunks until none is left or the loop was stopped (a failure, or
    /// the pool cancelled it). Chunks are claimed in increasing order, so when chunk k
    /// fails every chunk before it has already been claimed and still runs: the failure
    /// reported is the one a serial loop would have met first.
    void work() noexcept;

    /// Records the exception of index `index`; keeps the lowest index, stops new claims.
    void fail(std::size_t index, std::exception_ptr error) noexcept {
        {
            std::lock_guard lock(error_mutex_);
            if (index < failed_index_) {
                failed_index_ = index;
                error_ = std::move(error);
            }
        }
        stop_.store(true, std::memory_order_relaxed);
    }

    /// After thread_pool::run_bulk returned: whether every chunk ran.
    [[nodiscard]] bool finished_every_chunk() const noexcept {
        return next_.load(std::memory_order_relaxed) >= chunks_;
    }
    /// After run_bulk: the first failure in index order (null if none).
    [[nodiscard]] const std::exception_ptr& first_error() const noexcept { return error_; }
    /// After run_bulk: whether a cancelling shutdown of the pool stopped the loop.
    [[nodiscard]] bool cancelled() const noexcept { return cancelled_; }

protected:
    ~bulk_loop() = default;

    /// Runs chunk `chunk`, reporting exceptions through fail(); must not throw.
    virtual void run_chunk(std::size_t chunk) noexcept = 0;

private:
    friend class taskfit::thread_pool;  // schedules it
    friend struct taskfit::thread_pool_access;

    const std::size_t chunks_;
    std::atomic<std::size_t> next_{0};
    std::atomic<bool> stop_{false};

    std::mutex error_mutex_;
    std::size_t failed_index_ = no_failure;
    std::exception_ptr error_;

    // Guarded by the pool's mutex.
    std::size_t visitors_ = 0;      // threads other than the owner working on it now
    std::size_t max_visitors_ = 0;  // the pool's workers minus the owner
    bulk_loop* parent_ = nullptr;   // the loop whose chunk opened this one, if any
    bool cancelled_ = false;
};

}  // namespace taskfit::detail
