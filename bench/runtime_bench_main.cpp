// Runs every runtime benchmark in one process, then prints how taskfit compares with each
// library measured beside it (ratios > 1 mean taskfit is better).
#include "bench_support.hpp"

#include <cstdio>
#include <map>
#include <string>

namespace {

// Keeps each result (by registered name) while the console reporter prints as usual.
// With --benchmark_repetitions the median is kept: on a shared machine single runs swing.
class collecting_reporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run& run : runs) {
            if (run.error_occurred) continue;
            const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
            if (median) medians_[run.run_name.function_name] = run;
            if (run.run_type == Run::RT_Iteration) singles_[run.run_name.function_name] = run;
        }
    }
    [[nodiscard]] const Run* find(const std::string& name) const {
        if (auto it = medians_.find(name); it != medians_.end()) return &it->second;
        if (auto it = singles_.find(name); it != singles_.end()) return &it->second;
        return nullptr;
    }

private:
    std::map<std::string, Run> medians_;
    std::map<std::string, Run> singles_;
};

double metric(const benchmark::BenchmarkReporter::Run& run, bool items_per_second) {
    if (items_per_second) {
        auto it = run.counters.find("items_per_second");
        return it == run.counters.end() ? 0.0 : static_cast<double>(it->second);
    }
    return run.GetAdjustedRealTime();
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<taskfit::bench::comparison> comparisons;
    taskfit::bench::register_channel_benchmarks(comparisons);
    taskfit::bench::register_pool_benchmarks(comparisons);
    taskfit::bench::register_coroutine_benchmarks(comparisons);
    taskfit::bench::register_parallel_benchmarks(comparisons);

    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    collecting_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);

    std::printf("\nRatios on %u cores (taskfit's figure against each other; > 1 means taskfit is better)\n",
                taskfit::bench::cores());
    for (const auto& c : comparisons) {
        const auto* subject = reporter.find(c.subject);
        if (subject == nullptr) continue;  // filtered out
        const double mine = metric(*subject, c.higher_is_better);
        const std::string unit =
            c.higher_is_better ? std::string() : " " + std::string(benchmark::GetTimeUnitString(subject->time_unit));
        std::printf("%s: %s = %.4g%s\n", c.title.c_str(), c.subject.c_str(), mine, unit.c_str());
        for (const std::string& other : c.others) {
            const auto* run = reporter.find(other);
            if (run == nullptr) continue;
            const double theirs = metric(*run, c.higher_is_better);
            const double ratio = c.higher_is_better ? mine / theirs : theirs / mine;
            std::printf("    vs %-40s %.4g  -> %.2fx\n", other.c_str(), theirs, ratio);
        }
    }
    benchmark::Shutdown();
    return 0;
}
