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

TEST_F(TuAnalysisTest, HandRolledQueuesOfAClassAndOfGlobals) {
  TuAnalysis &A = analyze(R"cpp(
    #include <mutex>
    namespace std {
    template <class T> class queue {
    public:
      void push(const T &);
      T &front();
      void pop();
    };
    class condition_variable {
    public:
      void notify_one();
      template <class L> void wait(L &);
    };
    template <class M> class unique_lock {
    public:
      explicit unique_lock(M &);
      ~unique_lock();
    };
    } // namespace std
    class Jobs {
    public:
      void put(int j) {
        std::lock_guard<std::mutex> lock(m_);
        items_.push(j);
        cv_.notify_one();
      }
      int take() {
        std::unique_lock<std::mutex> lock(m_);
        cv_.wait(lock);
        int j = items_.front();
        items_.pop();
        return j;
      }
    private:
      std::queue<int> items_;
      std::mutex m_;
      std::condition_variable cv_;
    };
    std::queue<int> inbox;
    std::mutex inbox_mutex;
    std::condition_variable inbox_ready;
    void send(int v) {
      std::lock_guard<std::mutex> lock(inbox_mutex);
      inbox.push(v);
      inbox_ready.notify_one();
    }
    int receive() {
      std::unique_lock<std::mutex> lock(inbox_mutex);
      inbox_ready.wait(lock);
      int v = inbox.front();
      inbox.pop();
      return v;
    }
  )cpp");
  llvm::ArrayRef<HandRolledQueue> Queues = A.handRolledQueues();
  ASSERT_EQ(Queues.size(), 2u);
  const HandRolledQueue &Class = Queues[0];
  ASSERT_NE(Class.Class, nullptr);
  EXPECT_EQ(Class.Class->getName(), "Jobs");
  EXPECT_EQ(Class.Container->getName(), "items_");
  EXPECT_EQ(Class.Mutex->getName(), "m_");
  EXPECT_EQ(Class.Cv->getName(), "cv_");
  EXPECT_EQ(Class.Producer, function("Jobs::put"));
  EXPECT_EQ(Class.Consumer, function("Jobs::take"));
  EXPECT_EQ(Class.Threads, Workers::None);
  EXPECT_FALSE(Class.Closable);
  EXPECT_FALSE(Class.Generic);
  EXPECT_EQ(Class.location(), Class.Class->getLocation());

  const HandRolledQueue &Global = Queues[1];
  EXPECT_EQ(Global.Class, nullptr);
  EXPECT_EQ(Global.Container->getName(), "inbox");
  EXPECT_EQ(Global.Mutex->getName(), "inbox_mutex");
  EXPECT_EQ(Global.Cv->getName(), "inbox_ready");
  EXPECT_EQ(Global.Producer, function("send"));
  EXPECT_EQ(Global.Consumer, function("receive"));
  EXPECT_EQ(Global.location(), Global.Container->getLocation());
  EXPECT_EQ(A.handRolledQueues().data(), Queues.data());
}

TEST_F(TuAnalysisTest, PolledTestsMayWriteTheirOwnLocals) {
  TuAnalysis &A = analyze(R"cpp(
    #include <atomic>
    #include <deque>
    #include <unistd.h>
    struct worker { std::atomic<bool> up{false}; };
    struct server {
      bool all_up() const {
        bool rc = true;
        for (const worker &w : workers_)
          rc = rc && w.up.load();
        return rc;
      }
      bool take_one() {
        if (jobs_.empty())
          return false;
        jobs_.pop_front();
        return true;
      }
      void start() {
        while (!all_up())
          usleep(1);
      }
      void drain() {
        while (!take_one())
          usleep(1);
      }
      std::deque<worker> workers_;
      std::deque<int> jobs_;
    };
  )cpp");
  // all_up() writes only its accumulator and iterator: start() polls.
  // take_one() pops a member: drain() consumes, it does not poll.
  llvm::ArrayRef<BusyWait> Waits = A.busyWaits();
  ASSERT_EQ(Waits.size(), 1u);
  SourceRange Start = function("server::start")->getBody()->getSourceRange();
  EXPECT_TRUE(Start.getBegin() < Waits[0].Loop->getBeginLoc() &&
              Waits[0].Loop->getEndLoc() < Start.getEnd());
}

} // namespace
} // namespace clang::tidy::taskfit::test
