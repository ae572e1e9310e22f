// thread_pool's worker management: one mutex-guarded FIFO shared by all workers,
// on-demand growth and idle retirement for elastic pools, and shutdown with cancellation.
// Also the two process-wide pools.
#include <taskfit/thread_pool.hpp>

#include <taskfit/detail/spin_pause.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace taskfit {

namespace {

// Keeps the atomics spinning workers read off the mutex's cache line.
constexpr std::size_t cache_line_size = 64;

// The pool's FIFO: a ring that only grows. std::deque allocates and frees a block every
// few items; with the submitter allocating and a worker freeing, that malloc traffic
// showed up in profiles of tiny jobs.
class work_queue {
public:
    [[nodiscard]] bool empty() const noexcept { return count_ == 0; }
    [[nodiscard]] std::size_t size() const noexcept { return count_; }

    void push_back(detail::work_item&& item) {
        if (count_ == ring_.size()) grow();
        ring_[slot(head_ + count_)] = std::move(item);
        ++count_;
    }
    detail::work_item pop_front() noexcept {
        detail::work_item item = std::move(ring_[head_]);
        head_ = slot(head_ + 1);
        --count_;
        return item;
    }
    // Undoes the last push_back (when starting the only worker for it failed).
    detail::work_item pop_back() noexcept {
        --count_;
        return std::move(ring_[slot(head_ + count_)]);
    }

private:
    // A power of two, and the ring only doubles: positions wrap with a mask, not a
    // division, inside the pool's critical section.
    static constexpr std::size_t initial_capacity = 64;
    static_assert((initial_capacity & (initial_capacity - 1)) == 0);

    [[nodiscard]] std::size_t slot(std::size_t position) const noexcept { return position & (ring_.size() - 1); }

    void grow() {
        std::vector<detail::work_item> bigger(ring_.empty() ? initial_capacity : 2 * ring_.size());
        for (std::size_t i = 0; i < count_; ++i) bigger[i] = std::move(ring_[slot(head_ + i)]);
        ring_.swap(bigger);
        head_ = 0;
    }

    std::vector<detail::work_item> ring_;
    std::size_t head_ = 0;
    std::size_t count_ = 0;
};

}  // namespace

struct thread_pool::state {
    // What spinning workers watch, on a cache line of its own: their reads would otherwise
    // keep pulling the mutex's line away from the submitter that needs it.
    alignas(cache_line_size) std::atomic<std::size_t> queued{0};  // queue.size(), readable without the mutex
    std::atomic<std::size_t> open_count{0};                       // open_loops.size(), likewise
    // Looking for work briefly before falling asleep. Raised with or without the mutex,
    // lowered only under it, right before the worker checks the queue (see needs_wake_up).
    std::atomic<std::size_t> spinning{0};

    alignas(cache_line_size) mutable std::mutex mutex;
    std::condition_variable work_ready;
    std::condition_variable worker_exited;
    work_queue queue;
    std::vector<std::thread> workers;
    std::vector<std::thread> retired;  // exited on their own, still to be joined
    std::size_t idle = 0;              // asleep, waiting for work
    std::size_t starting = 0;          // spawned, not yet looking for work
    std::size_t live = 0;              // running their loop
    // Parallel loops with chunks left to claim, oldest first (see run_bulk), and the
    // owners of loops that wait, blocked, for their last chunks.
    std::vector<detail::bulk_loop*> open_loops;
    std::condition_variable bulk_changed;
    std::size_t blocked_owners = 0;
    std::size_t min_threads = 0;
    std::size_t max_threads = 0;
    std::chrono::milliseconds idle_timeout{};
    bool elastic = false;
    bool stopping = false;

    // Workers that will take a queued job without a new thread being started.
    [[nodiscard]] std::size_t free_workers() const noexcept { return idle + spinners() + starting; }
    [[nodiscard]] std::size_t spinners() const noexcept { return spinning.load(std::memory_order_relaxed); }

    // Whether a sleeping worker must be woken for the queued jobs: only when the workers
    // already awake and looking for work (spinning, or just started) are fewer than the
    // jobs. Waking one per job instead cost a one-submitter loop of tiny jobs a system
    // call per job and had workers falling asleep and waking all the time. A spinning
    // worker decrements `spinning` under the mutex before it checks the queue and
    // sleeps, so a job pushed under the mutex is seen by it or wakes somebody.
    [[nodiscard]] bool needs_wake_up() const noexcept { return idle > 0 && queue.size() > spinners() + starting; }

    // At most half the workers (at least one) spin at a time, as Go's scheduler and Tokio
    // limit their searching threads: one spinner catches the next job as well as all of
    // them, and on a machine with no idle core each spinning worker takes time from the
    // thread that would submit that job. Read without the mutex after each job, so it is
    // an atomic kept in step with max_threads (see set_max_threads_locked).
    std::atomic<std::size_t> spinner_limit{1};
    [[nodiscard]] std::size_t max_spinners() const noexcept { return spinner_limit.load(std::memory_order_relaxed); }
    void set_max_threads_locked(std::size_t threads) noexcept {
        max_threads = threads;
        spinner_limit.store(std::max<std::size_t>(1, threads / 2), std::memory_order_relaxed);
    }
};

namespace {

// Which pool the current thread works for, and how deeply submit() has run nested jobs
// on it in place (see execute_or_run_here).
thread_local const void* this_thread_pool = nullptr;
thread_local std::size_t nested_run_depth = 0;
// The parallel loop whose chunk this thread is running (a loop opened now is its child),
// and how deeply this thread, waiting for its own loops, is helping with others.
thread_local detail::bulk_loop* current_bulk_loop = nullptr;
thread_local std::size_t bulk_help_depth = 0;

// How long a worker that ran out of work watches the queue before it sleeps. Waking a
// sleeping worker costs the submitter a system call and the worker a context switch
// (several microseconds); a submitter in a loop usually queues the next job sooner.
constexpr int worker_spin_attempts = 256;

// Beyond this depth a nested submit is queued even on a saturated pool: a task that keeps
// resubmitting itself must not grow the stack without bound. Waiting on sub-tasks nested
// deeper than this on a saturated pool can deadlock, as in any fixed-size pool.
constexpr std::size_t max_nested_run_depth = 64;

// Beyond this depth a loop owner waiting for its last chunks blocks instead of helping
// with other loops (each help is a stack frame). Blocking is always safe: the chunks it
// waits for are running and finish without it.
constexpr std::size_t max_bulk_help_depth = 64;

void join_all(std::vector<std::thread>& threads) {
    for (std::thread& t : threads) {
        if (t.get_id() == std::this_thread::get_id()) {
            t.detach();  // shutdown() from one of the pool's own workers
        } else if (t.joinable()) {
            t.join();
        }
    }
    threads.clear();
}

}  // namespace

// The worker side of thread_pool, which needs its private state.
struct thread_pool_access {
    static void worker_loop(thread_pool::state& s);
    // Watches the queue and the open loops for a few microseconds, without the mutex.
    static void spin_for_work(const thread_pool::state& s) noexcept;
    static void spawn_locked(thread_pool::state& s);

    // Parallel loops. All *_locked functions run holding the pool's mutex.
    static bool has_chunks_left(const detail::bulk_loop& loop) noexcept {
        return !loop.stop_.load(std::memory_order_relaxed) && loop.next_.load(std::memory_order_relaxed) < loop.chunks_;
    }
    static bool descends_from(const detail::bulk_loop* loop, const detail::bulk_loop* ancestor) noexcept {
        for (; loop != nullptr; loop = loop->parent_) {
            if (loop->parent_ == ancestor) return true;
        }
        return false;
    }
    // The oldest open loop that takes another visitor (for a waiting owner: only loops
    // opened inside its own, so it never runs unrelated work while its caller waits), now
    // counting the caller as its visitor. Drops loops with nothing left to claim.
    static detail::bulk_loop* visit_open_loop_locked(thread_pool::state& s, const detail::bulk_loop* within);
    static bool has_open_loop_to_visit_locked(const thread_pool::state& s) noexcept;
    static void leave_loop_locked(thread_pool::state& s, detail::bulk_loop& loop) noexcept;
    static void help_until_finished(thread_pool::state& s, detail::bulk_loop& loop) noexcept;
};

void detail::bulk_loop::work() noexcept {
    detail::bulk_loop* const outer = std::exchange(current_bulk_loop, this);
    while (!stop_.load(std::memory_order_relaxed)) {
        const std::size_t chunk = next_.fetch_add(1, std::memory_order_relaxed);
        if (chunk >= chunks_) break;
        run_chunk(chunk);
    }
    current_bulk_loop = outer;
}

detail::bulk_loop* thread_pool_access::visit_open_loop_locked(thread_pool::state& s, const detail::bulk_loop* within) {
    std::erase_if(s.open_loops, [](const detail::bulk_loop* loop) { return !has_chunks_left(*loop); });
    s.open_count.store(s.open_loops.size(), std::memory_order_relaxed);
    for (detail::bulk_loop* loop : s.open_loops) {
        if (loop->visitors_ >= loop->max_visitors_) continue;
        if (within != nullptr && !descends_from(loop, within)) continue;
        ++loop->visitors_;
        return loop;
    }
    return nullptr;
}

bool thread_pool_access::has_open_loop_to_visit_locked(const thread_pool::state& s) noexcept {
    return std::ranges::any_of(s.open_loops, [](const detail::bulk_loop* loop) {
        return has_chunks_left(*loop) && loop->visitors_ < loop->max_visitors_;
    });
}

void thread_pool_access::leave_loop_locked(thread_pool::state& s, detail::bulk_loop& loop) noexcept {
    // The owner may return (and its loop die) as soon as the count reaches 0 and the mutex
    // is released: this is the visitor's last access to the loop.
    if (--loop.visitors_ == 0 && s.blocked_owners > 0) s.bulk_changed.notify_all();
}

void thread_pool_access::help_until_finished(thread_pool::state& s, detail::bulk_loop& loop) noexcept {
    std::unique_lock lock(s.mutex);
    std::erase(s.open_loops, &loop);
    s.open_count.store(s.open_loops.size(), std::memory_order_relaxed);
    while (loop.visitors_ > 0) {
        // Our last chunks run elsewhere; loops opened inside them need hands, and ours are
        // free. Helping only those keeps unrelated (possibly long) work off this thread.
        detail::bulk_loop* other = bulk_help_depth < max_bulk_help_depth ? visit_open_loop_locked(s, &loop) : nullptr;
        if (other != nullptr) {
            lock.unlock();
            ++bulk_help_depth;
            other->work();
            --bulk_help_depth;
            lock.lock();
            leave_loop_locked(s, *other);
            continue;
        }
        ++s.blocked_owners;
        s.bulk_changed.wait(lock);
        --s.blocked_owners;
    }
}

void thread_pool_access::spawn_locked(thread_pool::state& s) {
    ++s.starting;
    ++s.live;
    try {
        s.workers.emplace_back([&s] { worker_loop(s); });
    } catch (...) {
        --s.starting;
        --s.live;
        throw;
    }
}

void thread_pool_access::spin_for_work(const thread_pool::state& s) noexcept {
    for (int spin = 0; spin < worker_spin_attempts && s.queued.load(std::memory_order_relaxed) == 0 &&
                       s.open_count.load(std::memory_order_relaxed) == 0;
         ++spin) {
        detail::spin_pause();
    }
}

void thread_pool_access::worker_loop(thread_pool::state& s) {
    this_thread_pool = &s;
    std::unique_lock lock(s.mutex);
    --s.starting;
    for (;;) {
        // Parallel loops first: their owners are waiting for them, and each is finite.
        if (s.open_count.load(std::memory_order_relaxed) > 0) {
            if (detail::bulk_loop* loop = visit_open_loop_locked(s, nullptr)) {
                lock.unlock();
                loop->work();
                lock.lock();
                leave_loop_locked(s, *loop);
                continue;
            }
        }
        if (!s.queue.empty()) {
            detail::work_item item = s.queue.pop_front();
            s.queued.store(s.queue.size(), std::memory_order_relaxed);
            // The submitter woke nobody while awake workers could keep up; if the queue
            // has grown past them, this worker brings in the next one (and it the next).
            const bool wake = s.needs_wake_up();
            lock.unlock();
            if (wake) s.work_ready.notify_one();
            item.run();
            // The next job of a submitter in a loop usually comes within microseconds:
            // watch for it without the mutex, which the submitter needs to push it. (Taking
            // the mutex only to find the queue empty, then again to sleep or to take the
            // job, made three lock rounds per job contend with the submitter's one.)
            if (s.queued.load(std::memory_order_relaxed) == 0 && s.spinners() < s.max_spinners()) {
                s.spinning.fetch_add(1, std::memory_order_relaxed);
                spin_for_work(s);
                lock.lock();
                s.spinning.fetch_sub(1, std::memory_order_relaxed);
            } else {
                lock.lock();
            }
            continue;
        }
        if (s.stopping && !has_open_loop_to_visit_locked(s)) break;

        if (s.spinners() < s.max_spinners()) {
            s.spinning.fetch_add(1, std::memory_order_relaxed);
            lock.unlock();
            spin_for_work(s);
            lock.lock();
            s.spinning.fetch_sub(1, std::memory_order_relaxed);
        }
        auto has_work = [&s] { return !s.queue.empty() || s.stopping || has_open_loop_to_visit_locked(s); };
        if (has_work()) continue;

        ++s.idle;
        bool woken = true;
        if (s.elastic && s.live > s.min_threads) {
            woken = s.work_ready.wait_for(lock, s.idle_timeout, has_work);
        } else {
            s.work_ready.wait(lock, has_work);
        }
        --s.idle;
        if (!woken && s.live > s.min_threads) {
            // Retire. shutdown() may already hold this thread's handle; otherwise leave it
            // for the next execute() or shutdown() to join.
            auto self = std::ranges::find(s.workers, std::this_thread::get_id(), &std::thread::get_id);
            if (self != s.workers.end()) {
                s.retired.push_back(std::move(*self));
                s.workers.erase(self);
            }
            break;
        }
    }
    --s.live;
    s.worker_exited.notify_all();
}

thread_pool::thread_pool(std::size_t threads) : state_(std::make_unique<state>()) {
    if (threads == 0) throw std::invalid_argument("taskfit::thread_pool needs at least one thread");
    std::lock_guard lock(state_->mutex);
    state_->min_threads = threads;
    state_->set_max_threads_locked(threads);
    for (std::size_t i = 0; i < threads; ++i) thread_pool_access::spawn_locked(*state_);
}

thread_pool::thread_pool(const options& opts) : state_(std::make_unique<state>()) {
    if (opts.max_threads == 0 || opts.min_threads > opts.max_threads) {
        throw std::invalid_argument(
            "taskfit::thread_pool options need 0 <= min_threads <= max_threads, max_threads >= 1");
    }
    std::lock_guard lock(state_->mutex);
    state_->min_threads = opts.min_threads;
    state_->set_max_threads_locked(opts.max_threads);
    state_->idle_timeout = opts.idle_timeout;
    state_->elastic = true;
    for (std::size_t i = 0; i < opts.min_threads; ++i) thread_pool_access::spawn_locked(*state_);
}

thread_pool::~thread_pool() { shutdown(true, false); }

void thread_pool::execute(detail::work_item&& item) {
    state& s = *state_;
    std::vector<std::thread> exited;
    bool wake = false;
    {
        std::lock_guard lock(s.mutex);
        if (s.stopping) throw pool_closed{};
        s.queue.push_back(std::move(item));
        s.queued.store(s.queue.size(), std::memory_order_relaxed);
        if (s.queue.size() > s.free_workers() && s.live < s.max_threads) {
            try {
                thread_pool_access::spawn_locked(s);
            } catch (...) {
                if (s.live == 0) {
                    s.queue.pop_back();  // dropped unrun: the caller gets the exception
                    s.queued.store(s.queue.size(), std::memory_order_relaxed);
                    throw;
                }
                // Existing workers will get to the job; growth is best effort.
            }
        }
        wake = s.needs_wake_up();
        if (!s.retired.empty()) exited.swap(s.retired);
    }
    if (wake) s.work_ready.notify_one();
    if (!exited.empty()) join_all(exited);
}

void thread_pool::run_bulk(detail::bulk_loop& loop) {
    state& s = *state_;
    loop.parent_ = current_bulk_loop;
    std::size_t wake = 0;
    {
        std::lock_guard lock(s.mutex);
        if (s.stopping) throw pool_closed{};
        // The caller is one of the loop's hands, so the pool lends at most max_threads - 1
        // more: as many threads as the pool has, like a TBB arena the caller joins.
        loop.max_visitors_ = std::min(loop.chunks_ > 0 ? loop.chunks_ - 1 : 0, s.max_threads - 1);
        if (loop.max_visitors_ > 0) {
            s.open_loops.push_back(&loop);
            s.open_count.store(s.open_loops.size(), std::memory_order_relaxed);
            // One wake-up per worker the loop can use, for the whole loop: the workers then
            // claim chunks themselves.
            wake = std::min(loop.max_visitors_, s.idle);
            for (std::size_t missing = loop.max_visitors_ - std::min(loop.max_visitors_, s.free_workers());
                 missing > 0 && s.live < s.max_threads; --missing) {
                try {
                    thread_pool_access::spawn_locked(s);
                } catch (...) {
                    break;  // growth is best effort: the caller runs what nobody takes
                }
            }
            if (s.blocked_owners > 0) s.bulk_changed.notify_all();  // they may help with it
        }
    }
    for (std::size_t i = 0; i < wake; ++i) s.work_ready.notify_one();
    loop.work();
    thread_pool_access::help_until_finished(s, loop);
}

void thread_pool::execute_or_run_here(detail::work_item&& item) {
    state& s = *state_;
    if (this_thread_pool == &s && nested_run_depth < max_nested_run_depth) {
        std::unique_lock lock(s.mutex);
        if (s.stopping) throw pool_closed{};
        // Every queued job already has a free worker waiting for it, and none is left for
        // this one: if the caller goes on to wait for it, nobody would ever run it.
        if (s.queue.size() >= s.free_workers() && s.live >= s.max_threads) {
            lock.unlock();
            ++nested_run_depth;
            struct depth_guard {
                ~depth_guard() { --nested_run_depth; }
            } guard;
            item.run();
            return;
        }
    }
    execute(std::move(item));
}

std::size_t thread_pool::shutdown(bool wait, bool cancel_pending) {
    state& s = *state_;
    std::vector<detail::work_item> dropped;
    std::size_t cancelled_loops = 0;
    {
        std::lock_guard lock(s.mutex);
        s.stopping = true;
        if (cancel_pending) {
            dropped.reserve(s.queue.size());
            while (!s.queue.empty()) dropped.push_back(s.queue.pop_front());
            s.queued.store(0, std::memory_order_relaxed);
            // Chunks of open loops not yet claimed are not started; each loop's owner, once
            // its started chunks finish, throws cancelled.
            for (detail::bulk_loop* loop : s.open_loops) {
                if (!thread_pool_access::has_chunks_left(*loop)) continue;
                loop->cancelled_ = true;
                loop->stop_.store(true, std::memory_order_relaxed);
                ++cancelled_loops;
            }
            s.open_loops.clear();
            s.open_count.store(0, std::memory_order_relaxed);
        }
    }
    s.work_ready.notify_all();
    const std::size_t cancelled_jobs = dropped.size() + cancelled_loops;
    for (detail::work_item& item : dropped) item.cancel();

    if (wait) {
        std::vector<std::thread> threads;
        {
            std::lock_guard lock(s.mutex);
            threads = std::move(s.workers);
            s.workers.clear();
            std::ranges::move(s.retired, std::back_inserter(threads));
            s.retired.clear();
        }
        join_all(threads);
        // Another thread's shutdown() may be joining some of the workers; wait for them too.
        const std::size_t self = this_thread_pool == &s ? 1 : 0;
        std::unique_lock lock(s.mutex);
        s.worker_exited.wait(lock, [&] { return s.live <= self; });
    }
    return cancelled_jobs;
}

std::size_t thread_pool::thread_count() const {
    std::lock_guard lock(state_->mutex);
    return state_->live;
}

std::size_t thread_pool::max_threads() const {
    std::lock_guard lock(state_->mutex);
    return state_->max_threads;
}

void thread_pool::set_max_threads(std::size_t threads) {
    std::lock_guard lock(state_->mutex);
    if (!state_->elastic) throw std::logic_error("taskfit::thread_pool::set_max_threads: a fixed pool keeps its size");
    if (threads == 0 || threads < state_->min_threads) {
        throw std::invalid_argument("taskfit::thread_pool::set_max_threads: need max_threads >= max(1, min_threads)");
    }
    // Threads above a lowered cap are not stopped; they retire once idle.
    state_->set_max_threads_locked(threads);
}

std::size_t thread_pool::pending() const {
    std::lock_guard lock(state_->mutex);
    return state_->queue.size();
}

bool thread_pool::is_shutdown() const {
    std::lock_guard lock(state_->mutex);
    return state_->stopping;
}

bool thread_pool::is_worker_thread() const noexcept { return this_thread_pool == state_.get(); }

namespace {

constexpr std::string_view io_pool_limit_variable = "TASKFIT_IO_POOL_MAX_THREADS";

thread_pool::options io_pool_options() {
    thread_pool::options opts;
    if (const char* text = std::getenv(io_pool_limit_variable.data())) {
        const std::string_view value(text);
        std::size_t limit = 0;
        auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), limit);
        if (error != std::errc{} || end != value.data() + value.size() || limit == 0) {
            throw std::invalid_argument(std::string(io_pool_limit_variable) + " must be a positive integer, not '" +
                                        std::string(value) + "'");
        }
        opts.max_threads = limit;
    }
    return opts;
}

}  // namespace

thread_pool& io_pool() {
    static thread_pool pool(io_pool_options());
    return pool;
}

thread_pool& cpu_pool() {
    static thread_pool pool(std::max(1U, std::thread::hardware_concurrency()));
    return pool;
}

}  // namespace taskfit
