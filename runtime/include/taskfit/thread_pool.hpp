// thread_pool: a pool of worker threads with futures, ordered map, fire-and-forget and
// cancellation on shutdown (Python's ThreadPoolExecutor), plus the two process-wide pools
// the checker's fix-its point to: io_pool() for blocking calls and cpu_pool() for
// CPU-heavy work.
#pragma once

#include <taskfit/detail/bulk_loop.hpp>
#include <taskfit/detail/work_item.hpp>
#include <taskfit/errors.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <future>
#include <iterator>
#include <memory>
#include <optional>
#include <ranges>
#include <type_traits>
#include <utility>
#include <vector>

namespace taskfit {

namespace detail {

// Completes a std::promise with the job's result, its exception, or `cancelled`.
template <class R, class Fn>
struct promise_job {
    std::promise<R> promise;
    Fn fn;

    void operator()() {
        try {
            if constexpr (std::is_void_v<R>) {
                fn();
                promise.set_value();
            } else {
                promise.set_value(fn());
            }
        } catch (...) {
            promise.set_exception(std::current_exception());
        }
    }
    void cancel() noexcept { promise.set_exception(std::make_exception_ptr(taskfit::cancelled{})); }
};

// Work nobody waits on: an exception escaping it has nowhere to go, so (as with
// std::thread and asio::thread_pool) it terminates the program rather than vanish.
template <class Fn>
struct fire_and_forget_job {
    Fn fn;
    void operator()() noexcept { fn(); }
    void cancel() noexcept {}
};

}  // namespace detail

class thread_pool {
public:
    /// Elastic pools (io_pool) cap their threads here by default, like Kotlin's Dispatchers.IO.
    static constexpr std::size_t default_max_threads = 64;
    /// How long an elastic pool's surplus thread waits for work before it retires.
    static constexpr std::chrono::milliseconds default_idle_timeout{std::chrono::seconds(60)};

    struct options {
        std::size_t min_threads = 0;  // kept alive even when idle
        std::size_t max_threads = default_max_threads;
        std::chrono::milliseconds idle_timeout = default_idle_timeout;
    };

    /// A fixed pool: `threads` workers started now, none added or retired.
    explicit thread_pool(std::size_t threads);
    /// An elastic pool: starts `min_threads`, adds a thread when work arrives and no worker
    /// is free (up to `max_threads`), retires threads idle for `idle_timeout`.
    explicit thread_pool(const options& opts);

    /// Waits for queued and running work, like `shutdown(true, false)`.
    ~thread_pool();

    thread_pool(const thread_pool&) = delete;
    thread_pool& operator=(const thread_pool&) = delete;

    /// Runs `fn(args...)` on a worker; the future carries its result or exception.
    /// Arguments are decay-copied like std::thread's. Called from one of this pool's own
    /// workers while no other worker is free, the call runs `fn` right here instead of
    /// queueing it: a task that waits on its sub-tasks can then never deadlock the pool.
    template <class F, class... Args>
    auto submit(F&& fn, Args&&... args) -> std::future<std::invoke_result_t<std::decay_t<F>, std::decay_t<Args>...>>;

    /// Applies `fn` to every element of `inputs` in parallel and returns the results in
    /// input order, like Python's `Executor.map`. If any call throws, the exception of the
    /// first failing element (in input order) is rethrown after every call has finished.
    /// Elements are handed out in chunks, as parallel_for does, and the calling thread
    /// takes part, so map never deadlocks, even nested.
    template <class F, std::ranges::forward_range Range>
    auto map(F&& fn, const Range& inputs);

    /// Runs `fn()` on a worker with nobody waiting for it. An exception escaping `fn`
    /// terminates the program; use submit when the caller needs the outcome.
    template <class F>
    void post(F&& fn) {
        execute(detail::work_item(detail::fire_and_forget_job<std::decay_t<F>>{std::forward<F>(fn)}));
    }

    /// Stops accepting work (later calls throw pool_closed). With `cancel_pending`, work
    /// not yet started is dropped: submitted work completes its future with `cancelled`,
    /// and running parallel_for/map calls start no further chunk and throw `cancelled`.
    /// With `wait`, returns once every worker has finished. Returns the number of
    /// cancelled jobs (a loop whose unclaimed chunks were stopped counts as one). Safe to call more than once and from
    /// any thread, including a worker of this pool (which then does not wait for itself).
    std::size_t shutdown(bool wait = true, bool cancel_pending = false);

    /// Worker threads alive right now.
    [[nodiscard]] std::size_t thread_count() const;
    [[nodiscard]] std::size_t max_threads() const;
    /// Changes the cap of an elastic pool (for io_pool: the configurable limit).
    void set_max_threads(std::size_t threads);
    /// Jobs queued and not yet started.
    [[nodiscard]] std::size_t pending() const;
    [[nodiscard]] bool is_shutdown() const;
    /// True on one of this pool's worker threads.
    [[nodiscard]] bool is_worker_thread() const noexcept;

    /// Queues a type-erased job (run or cancel exactly once). The building block of
    /// submit, post and offload; throws pool_closed after shutdown.
    void execute(detail::work_item&& item);

    /// Runs every chunk of `loop` on the calling thread and up to max_threads() - 1 of the
    /// pool's workers, woken once for the whole loop, and returns when all have finished.
    /// While its last chunks run elsewhere, the caller helps with loops opened inside them
    /// rather than block. The building block of parallel_for and map; throws pool_closed
    /// (before running anything) after shutdown.
    void run_bulk(detail::bulk_loop& loop);

private:
    struct state;
    friend struct thread_pool_access;

    // Like execute, but runs the job on the calling thread when it is a worker of this
    // pool and no worker is free to take it (see submit).
    void execute_or_run_here(detail::work_item&& item);

    std::unique_ptr<state> state_;
};

/// The process-wide elastic pool for blocking calls (files, sockets, DNS, sleeps, child
/// processes). It grows on demand up to a cap, 64 by default, or the value of the
/// environment variable TASKFIT_IO_POOL_MAX_THREADS read when first used, or whatever
/// `io_pool().set_max_threads(n)` sets; threads idle for a minute retire.
thread_pool& io_pool();

/// The process-wide pool for CPU-heavy work: one worker per core, never more. Tasks may
/// submit sub-tasks and wait for them (see thread_pool::submit and map).
thread_pool& cpu_pool();

template <class F, class... Args>
auto thread_pool::submit(F&& fn, Args&&... args)
    -> std::future<std::invoke_result_t<std::decay_t<F>, std::decay_t<Args>...>> {
    using result = std::invoke_result_t<std::decay_t<F>, std::decay_t<Args>...>;
    auto call = [fn = std::forward<F>(fn), ... args = std::forward<Args>(args)]() mutable -> result {
        return std::invoke(std::move(fn), std::move(args)...);
    };
    std::promise<result> promise;
    std::future<result> future = promise.get_future();
    execute_or_run_here(
        detail::work_item(detail::promise_job<result, decltype(call)>{std::move(promise), std::move(call)}));
    return future;
}

namespace detail {

struct void_value {};

}  // namespace detail

template <class F, std::ranges::forward_range Range>
auto thread_pool::map(F&& fn, const Range& inputs) {
    using reference = std::ranges::range_reference_t<const Range>;
    using result = std::invoke_result_t<F&, reference>;
    using value = std::conditional_t<std::is_void_v<result>, detail::void_value, std::decay_t<result>>;

    // Elements are claimed by index, so a forward range is first turned into iterators.
    std::vector<std::ranges::iterator_t<const Range>> positions;
    if constexpr (!std::ranges::random_access_range<const Range>) {
        for (auto it = std::ranges::begin(inputs); it != std::ranges::end(inputs); ++it) positions.push_back(it);
    }
    auto element = [&](std::size_t i) -> reference {
        if constexpr (std::ranges::random_access_range<const Range>) {
            return std::ranges::begin(inputs)[static_cast<std::ranges::range_difference_t<const Range>>(i)];
        } else {
            return *positions[i];
        }
    };
    const std::size_t n = [&] {
        if constexpr (std::ranges::random_access_range<const Range>) {
            return static_cast<std::size_t>(std::ranges::distance(inputs));
        } else {
            return positions.size();
        }
    }();

    // Every element runs even when some throw (Python's map does not stop either), so a
    // chunk records each element's exception and goes on; the first in input order wins.
    std::vector<std::optional<value>> values(n);
    std::vector<std::exception_ptr> errors(n);
    // Named outside map_loop: GCC rejects a member 'element' whose type names the
    // local 'element' ("changes meaning").
    using element_fn = decltype(element);
    struct map_loop final : detail::bulk_loop {
        map_loop(std::size_t chunks, std::size_t size, std::size_t count, F& f, element_fn& at,
                 std::vector<std::optional<value>>& out, std::vector<std::exception_ptr>& failures)
            : bulk_loop(chunks), chunk_size(size), n(count), fn(f), element(at), values(out), errors(failures) {}

        void run_chunk(std::size_t chunk) noexcept override {
            const std::size_t end = std::min(n, (chunk + 1) * chunk_size);
            for (std::size_t i = chunk * chunk_size; i < end; ++i) {
                try {
                    if constexpr (std::is_void_v<result>) {
                        std::invoke(fn, element(i));
                        values[i].emplace();
                    } else {
                        values[i].emplace(std::invoke(fn, element(i)));
                    }
                } catch (...) {
                    errors[i] = std::current_exception();
                }
            }
        }

        std::size_t chunk_size;
        std::size_t n;
        F& fn;
        element_fn& element;
        std::vector<std::optional<value>>& values;
        std::vector<std::exception_ptr>& errors;
    };
    const std::size_t chunk_size = detail::chunk_size_for(n, max_threads(), 0);
    map_loop loop(detail::chunk_count(n, chunk_size), chunk_size, n, fn, element, values, errors);
    run_bulk(loop);
    if (!loop.finished_every_chunk()) throw cancelled{};

    for (const std::exception_ptr& error : errors) {
        if (error) std::rethrow_exception(error);
    }
    if constexpr (std::is_void_v<result>) {
        return;
    } else {
        std::vector<value> results;
        results.reserve(n);
        for (auto& v : values) results.push_back(std::move(*v));
        return results;
    }
}

}  // namespace taskfit
