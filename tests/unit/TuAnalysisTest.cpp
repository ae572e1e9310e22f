//===--- TuAnalysisTest.cpp - the per-TU facts, found once ---------------===//

#include "AnalysisTestSupport.h"

namespace clang::tidy::taskfit::test {
namespace {

using TuAnalysisTest = AnalysisTest;

TEST_F(TuAnalysisTest, ThreadSpawnsSayWhichAsyncAskedForAThread) {
  TuAnalysis &A = analyze(R"cpp(
    #include <future>
    #include <thread>
    int crunch(int);
    void start(int n) {
      std::thread worker(crunch, n);
      worker.join();
      std::async(std::launch::async, crunch, n);
      std::async(crunch, n);
    }
  )cpp");
  llvm::ArrayRef<ThreadSpawn> Spawns = A.threadSpawns();
  ASSERT_EQ(Spawns.size(), 3u);
  EXPECT_EQ(Spawns[0].Spelling, "std::thread");
  EXPECT_FALSE(Spawns[0].DefaultPolicy);
  EXPECT_EQ(Spawns[1].Spelling, "std::async");
  EXPECT_FALSE(Spawns[1].DefaultPolicy);
  EXPECT_EQ(Spawns[2].Spelling, "std::async");
  EXPECT_TRUE(Spawns[2].DefaultPolicy);
  for (const ThreadSpawn &S : Spawns)
    EXPECT_EQ(S.Function, function("start"));
  // Found once: the second request is the first one's answer.
  EXPECT_EQ(A.threadSpawns().data(), Spawns.data());
}

TEST_F(TuAnalysisTest, BusyWaitsAndPoolSubmissions) {
  TuAnalysis &A = analyze(R"cpp(
    #include <cstdio>
    #include <taskfit/taskfit.hpp>
    #include <vector>
    extern bool ready;
    void wait_ready() {
      while (!ready)
        sleep(1);
    }
    void double_all(std::vector<int> &values) {
      for (int &v : values)
        taskfit::cpu_pool().submit([&v] { v *= 2; });
    }
  )cpp");
  llvm::ArrayRef<BusyWait> Waits = A.busyWaits();
  ASSERT_EQ(Waits.size(), 1u);
  EXPECT_EQ(Waits[0].Kind, PauseKind::Sleep);
  EXPECT_FALSE(Waits[0].PollsForWork);
  EXPECT_EQ(Waits[0].Tests.size(), 1u);
  EXPECT_EQ(A.busyWaits().data(), Waits.data());

  llvm::ArrayRef<PoolSubmission> Submissions = A.poolSubmissions();
  ASSERT_EQ(Submissions.size(), 1u);
  const PoolSubmission &S = Submissions[0];
  EXPECT_EQ(S.Function, function("double_all"));
  EXPECT_EQ(S.Kind, PoolKind::Cpu);
  ASSERT_EQ(S.Runs.size(), 1u);
  EXPECT_TRUE(cast<CXXMethodDecl>(S.Runs[0])->getParent()->isLambda());
  SubmissionLoops Loops = submissionLoops(S, /*MaxTasks=*/8, context());
  EXPECT_EQ(Loops.Bound.Kind, LoopBound::PerElement);
  EXPECT_EQ(Loops.Bound.Name, "values");
  EXPECT_EQ(A.poolSubmissions().data(), Submissions.data());
}

} // namespace
} // namespace clang::tidy::taskfit::test
