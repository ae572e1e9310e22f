// parallel_for: a loop over an index range or a random-access range, run in chunks by
// the calling thread and a thread_pool's workers (TBB's parallel_for, OpenMP's `parallel
// for` with dynamic scheduling). What taskfit-tiny-tasks rewrites a loop of one submit
// per element into: one wake-up per worker for the whole loop instead of one job each.
#pragma once

#include <taskfit/detail/bulk_loop.hpp>
#include <taskfit/errors.hpp>
#include <taskfit/thread_pool.hpp>

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <exception>
#include <functional>
#include <iterator>
#include <ranges>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace taskfit {

struct parallel_for_options {
    /// grain's default: choose the chunk size from the range and the pool's worker count.
    static constexpr std::size_t automatic = 0;

    /// Indices per chunk (the last chunk may be shorter). Automatic: about 8 chunks per
    /// worker of the pool, so that workers whose chunks turn out cheap take more. Set it
    /// when one index costs so little that a chunk must be large to be worth a claim, or
    /// so much (and so unevenly) that chunks of one are best.
    std::size_t grain = automatic;
};

namespace detail {

template <class Index, class Fn>
class index_loop final : public bulk_loop {
public:
    index_loop(std::size_t chunks, std::size_t chunk_size, std::size_t count, Index first, Fn& fn)
        : bulk_loop(chunks), chunk_size_(chunk_size), count_(count), first_(first), fn_(fn) {}

private:
    using unsigned_index = std::make_unsigned_t<Index>;

    void run_chunk(std::size_t chunk) noexcept override {
        const std::size_t begin = chunk * chunk_size_;
        const std::size_t end = std::min(count_, begin + chunk_size_);
        std::size_t i = begin;
        try {
            for (; i < end; ++i) {
                // Modular arithmetic in the unsigned type reaches every index of a signed
                // range, negative ones included, without overflow.
                std::invoke(fn_,
                            static_cast<Index>(static_cast<unsigned_index>(first_) + static_cast<unsigned_index>(i)));
            }
        } catch (...) {
            fail(i, std::current_exception());
        }
    }

    std::size_t chunk_size_;
    std::size_t count_;
    Index first_;
    Fn& fn_;
};

template <class Index, class Fn>
void run_index_loop(thread_pool& pool, std::size_t count, Index first, Fn& fn, std::size_t grain) {
    const std::size_t chunk_size = chunk_size_for(count, pool.max_threads(), grain);
    index_loop<Index, Fn> loop(chunk_count(count, chunk_size), chunk_size, count, first, fn);
    pool.run_bulk(loop);
    if (const std::exception_ptr& error = loop.first_error()) std::rethrow_exception(error);
    if (!loop.finished_every_chunk()) throw cancelled{};
}

}  // namespace detail

/// `taskfit::parallel_for(pool, 0, n, [&](std::size_t i) { out[i] = f(in[i]); });`
/// Calls `fn(i)` once for every i in [first, last) (none if last <= first), in chunks
/// claimed by the calling thread and up to `pool.max_threads() - 1` workers, and returns
/// when all have finished. The index type is the common type of `first` and `last`
/// (`0` and a `std::size_t` give `std::size_t`); a `first` or `last` it cannot hold
/// throws std::out_of_range.
///
/// Exceptions: after one, no new chunk starts; the chunks already started finish, and the
/// exception of the lowest failing index is rethrown (the one a plain loop would have
/// met first). A pool already shut down throws pool_closed before running anything; a
/// cancelling shutdown (`shutdown(…, true)`) while the loop runs stops chunks not yet
/// started and throws cancelled. Called from inside a chunk or a pool task, it never
/// deadlocks: the caller runs chunks itself, and waits by helping with loops opened
/// inside its own.
template <std::integral First, std::integral Last, class Fn>
    requires std::invocable<Fn&, std::common_type_t<First, Last>>
void parallel_for(thread_pool& pool, First first, Last last, Fn&& fn, parallel_for_options options = {}) {
    using index = std::common_type_t<First, Last>;
    if (!std::in_range<index>(first) || !std::in_range<index>(last)) {
        throw std::out_of_range("taskfit::parallel_for: first and last must fit their common index type");
    }
    const auto from = static_cast<index>(first);
    const auto to = static_cast<index>(last);
    using unsigned_index = std::make_unsigned_t<index>;
    // The difference in the unsigned type (cast back: types narrower than int promote).
    const std::size_t count = to > from ? static_cast<std::size_t>(static_cast<unsigned_index>(
                                              static_cast<unsigned_index>(to) - static_cast<unsigned_index>(from)))
                                        : 0;
    detail::run_index_loop(pool, count, from, fn, options.grain);
}

/// `taskfit::parallel_for(pool, items, [&](Item& item) { item.update(); });`
/// Calls `fn(element)` once for every element of a sized random-access range (a vector,
/// an array, a span), passing it by reference, with the chunking, exceptions and
/// shutdown behaviour of the index form.
template <std::ranges::random_access_range Range, class Fn>
    requires std::ranges::sized_range<Range> && std::invocable<Fn&, std::ranges::range_reference_t<Range>>
void parallel_for(thread_pool& pool, Range&& range, Fn&& fn, parallel_for_options options = {}) {
    const auto begin = std::ranges::begin(range);
    const auto count = static_cast<std::size_t>(std::ranges::size(range));
    auto element = [&begin, &fn](std::size_t i) {
        std::invoke(fn, begin[static_cast<std::ranges::range_difference_t<Range>>(i)]);
    };
    detail::run_index_loop(pool, count, std::size_t{0}, element, options.grain);
}

}  // namespace taskfit
