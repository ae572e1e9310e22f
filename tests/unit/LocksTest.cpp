//===--- LocksTest.cpp - lock regions and how far a mutex is shared ------===//

#include "AnalysisTestSupport.h"

namespace clang::tidy::taskfit::test {
namespace {

using LocksTest = AnalysisTest;

const char *const Counters = R"cpp(
  #include <mutex>
  #include <thread>
  std::mutex totals_mutex;
  long total;
  void add_block(const long *block, int n) {
    long local = 0;
    for (int i = 0; i < n; ++i) local += block[i];
    std::lock_guard<std::mutex> lock(totals_mutex);
    total += local;
  }
  struct Stats {
    std::mutex m;
    std::shared_mutex rw;
    long hits = 0;
    void hit() { std::lock_guard<std::mutex> g(m); ++hits; }
    long read() { std::shared_lock<std::shared_mutex> r(rw); return hits; }
  };
  void scratch() { std::mutex m; m.lock(); total = 0; m.unlock(); }
  void start(const long *data) {
    for (int t = 0; t < 8; ++t) {
      std::thread worker(add_block, data + t * 1024, 1024);
      worker.join();
    }
  }
)cpp";

TEST_F(LocksTest, GuardOnGlobalMutexGuardsTheRestOfTheBlock) {
  TuAnalysis &A = analyze(Counters);
  llvm::ArrayRef<LockRegion> Regions = A.lockRegions(*function("add_block"));
  ASSERT_EQ(Regions.size(), 1u);
  const LockRegion &R = Regions.front();
  EXPECT_EQ(R.Mutex.Scope, MutexScope::Global);
  ASSERT_NE(R.Mutex.Decl, nullptr);
  EXPECT_EQ(R.Mutex.Decl->getName(), "totals_mutex");
  ASSERT_NE(R.Guard, nullptr);
  EXPECT_EQ(R.Guard->getName(), "lock");
  EXPECT_FALSE(R.SharedOwnership);
  // `total += local;`, not the loop before the lock.
  EXPECT_EQ(R.Guarded.size(), 1u);
  // The TU's analysis keeps the regions: asked twice, found once.
  EXPECT_EQ(A.lockRegions(*function("add_block")).data(), Regions.data());
}

TEST_F(LocksTest, MemberLocalAndReaderLocks) {
  TuAnalysis &A = analyze(Counters);
  llvm::ArrayRef<LockRegion> Member = A.lockRegions(*function("Stats::hit"));
  ASSERT_EQ(Member.size(), 1u);
  EXPECT_EQ(Member[0].Mutex.Scope, MutexScope::ThisMember);

  llvm::ArrayRef<LockRegion> Reader = A.lockRegions(*function("Stats::read"));
  ASSERT_EQ(Reader.size(), 1u);
  EXPECT_TRUE(Reader[0].SharedOwnership);

  // An explicit lock() on a local: a new mutex per call, guarding up to
  // its unlock().
  llvm::ArrayRef<LockRegion> Local = A.lockRegions(*function("scratch"));
  ASSERT_EQ(Local.size(), 1u);
  EXPECT_EQ(Local[0].Mutex.Scope, MutexScope::Local);
  EXPECT_EQ(Local[0].Guard, nullptr);
  EXPECT_EQ(Local[0].Guarded.size(), 1u);
}

TEST_F(LocksTest, ThreadsStartedInALoopShareAGlobalMutex) {
  TuAnalysis &A = analyze(Counters);
  const RunContext *Worker = nullptr;
  for (const RunContext &C : A.contexts().all())
    if (C.Body == function("add_block"))
      Worker = &C;
  ASSERT_NE(Worker, nullptr);
  EXPECT_EQ(Worker->Where, RunsOn::Thread);

  llvm::SmallVector<TaskFunction, 8> Functions;
  collectTaskFunctions(*Worker, A.summaries(), Functions);
  ASSERT_FALSE(Functions.empty());
  EXPECT_EQ(Functions[0].Fn, function("add_block"));
  const LockRegion &R = A.lockRegions(*function("add_block")).front();
  // Started once per iteration, all on the one global mutex: "several".
  EXPECT_EQ(tasksSharing(*Worker, Functions[0], R.Mutex, context()),
            LockSharing::SeveralTasks);

  const LockRegion &Local = A.lockRegions(*function("scratch")).front();
  EXPECT_EQ(tasksSharing(*Worker, Functions[0], Local.Mutex, context()),
            LockSharing::NotShared);
}

} // namespace
} // namespace clang::tidy::taskfit::test
