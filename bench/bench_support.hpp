// Shared pieces of the runtime benchmarks: the machine's core count, resident and
// virtual memory of this process, and the registry that main() uses to print ratios.
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>
#include <fstream>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <string>
#include <thread>
#include <vector>

namespace taskfit::bench {

inline unsigned cores() { return std::max(1U, std::thread::hardware_concurrency()); }

// One line of the ratio table: `subject` against each of `others`, on items per second
// (higher is better) or on time per iteration (lower is better).
struct comparison {
    std::string title;
    std::string subject;
    std::vector<std::string> others;
    bool higher_is_better;
};

// Each benchmark file registers its benchmarks and the comparisons to print.
void register_channel_benchmarks(std::vector<comparison>& comparisons);
void register_pool_benchmarks(std::vector<comparison>& comparisons);
void register_coroutine_benchmarks(std::vector<comparison>& comparisons);
void register_parallel_benchmarks(std::vector<comparison>& comparisons);

// From /proc/self/status, in KiB (0 where unavailable).
inline std::size_t status_kib(const std::string& field) {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind(field + ":", 0) == 0) return std::stoul(line.substr(field.size() + 1));
    }
    return 0;
}
inline std::size_t resident_kib() { return status_kib("VmRSS"); }
inline std::size_t virtual_kib() { return status_kib("VmSize"); }

// Bytes malloc has handed out and not had back: unlike the resident size, it does not
// depend on what an earlier repetition left in malloc's free lists.
inline std::size_t heap_in_use_bytes() {
#if defined(__GLIBC__)
    return mallinfo2().uordblks;
#else
    return 0;
#endif
}

}  // namespace taskfit::bench
