//===--- CallSummariesTest.cpp - summaries over chains and cycles --------===//

#include "AnalysisTestSupport.h"

namespace clang::tidy::taskfit::test {
namespace {

using CallSummariesTest = AnalysisTest;

std::string printed(const Summary &S) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  S.print(OS);
  return Text;
}

TEST_F(CallSummariesTest, ChainEndsInTheWork) {
  TuAnalysis &A = analyze(R"cpp(
    #include <cstdio>
    void read_config() { FILE *f = fopen("app.conf", "r"); fclose(f); }
    void load_settings() { read_config(); }
    void on_start() { load_settings(); }
  )cpp");
  const Summary &S = A.summaries().summary(function("on_start"));
  ASSERT_EQ(S.Reaches.size(), 1u);
  const Reach &R = S.Reaches.front();
  EXPECT_EQ(R.Work.kind(), WorkKind::Blocking);
  EXPECT_EQ(R.Work.Category->Id, "file");
  EXPECT_EQ(R.Depth, 3u);
  EXPECT_EQ(R.Next, function("load_settings"));

  // One step per call below on_start, the last one the work itself.
  llvm::SmallVector<ChainStep, 4> Chain = A.summaries().chainBelow(R);
  ASSERT_EQ(Chain.size(), 2u);
  EXPECT_EQ(Chain[0].Function, function("load_settings"));
  EXPECT_EQ(Chain[0].Callee, function("read_config"));
  EXPECT_FALSE(Chain[0].Leaf);
  EXPECT_EQ(Chain[1].Function, function("read_config"));
  ASSERT_TRUE(Chain[1].Leaf);
  EXPECT_EQ(Chain[1].Leaf->Callee->getName(), "fopen");
  EXPECT_EQ(printed(S), "  blocking file 'fopen' via 'load_settings', 3 "
                        "calls deep\n");
}

TEST_F(CallSummariesTest, RecursionThroughAnSccTerminates) {
  TuAnalysis &A = analyze(R"cpp(
    #include <cstdio>
    void pong(int n);
    void ping(int n) { if (n > 0) pong(n - 1); }
    void pong(int n) {
      if (n > 0)
        ping(n - 1);
      else
        sleep(1);
    }
    // A cycle with no work in it reaches nothing.
    void odd(int n);
    bool even(int n) { if (n == 0) return true; odd(n - 1); return false; }
    void odd(int n) { if (n != 0) even(n - 1); }
  )cpp");
  const Summary &Ping = A.summaries().summary(function("ping"));
  ASSERT_EQ(Ping.Reaches.size(), 1u);
  EXPECT_EQ(Ping.Reaches[0].Work.Category->Id, "sleep");
  EXPECT_EQ(Ping.Reaches[0].Depth, 2u);
  EXPECT_EQ(Ping.Reaches[0].Next, function("pong"));
  const Summary &Pong = A.summaries().summary(function("pong"));
  ASSERT_EQ(Pong.Reaches.size(), 1u);
  EXPECT_EQ(Pong.Reaches[0].Depth, 1u);
  EXPECT_EQ(Pong.Reaches[0].Next, nullptr);

  EXPECT_EQ(printed(Ping),
            "  blocking sleep 'sleep' via 'pong', 2 calls deep\n");
  EXPECT_TRUE(A.summaries().summary(function("even")).Reaches.empty());
  EXPECT_EQ(printed(A.summaries().summary(function("even"))),
            "  reaches no work\n");
  EXPECT_TRUE(A.summaries().summary(function("odd")).Reaches.empty());
}

TEST_F(CallSummariesTest, TreeRecursionIsCpuHeavyWork) {
  TuAnalysis &A = analyze(R"cpp(
    long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
    long answer() { return fib(40); }
  )cpp");
  const BodyFacts &Facts = A.summaries().facts(function("fib"));
  EXPECT_EQ(Facts.RecursiveCalls, 2u);
  EXPECT_NE(Facts.TreeRecursion, nullptr);
  const Summary &S = A.summaries().summary(function("answer"));
  ASSERT_EQ(S.Reaches.size(), 1u);
  EXPECT_EQ(S.Reaches[0].Work.kind(), WorkKind::CpuHeavy);
  EXPECT_EQ(S.Reaches[0].Next, function("fib"));
}

TEST_F(CallSummariesTest, FactoryMadeNonBlockingDescriptorsDoNotBlock) {
  TuAnalysis &A = analyze(R"cpp(
    #include <sys/eventfd.h>
    #include <unistd.h>
    static int make_wakeup_fd() {
      int fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
      return fd;
    }
    static int make_plain_fd() { return ::eventfd(0, EFD_CLOEXEC); }
    struct loop {
      loop() : wakeup_(make_wakeup_fd()), plain_(make_plain_fd()) {}
      void wakeup() { unsigned long one = 1; (void)::write(wakeup_, &one, 8); }
      void poke() { unsigned long one = 1; (void)::write(plain_, &one, 8); }
      int wakeup_, plain_;
    };
  )cpp");
  // A factory whose every return is a descriptor made non-blocking makes
  // the member it initializes non-blocking; one that does not, does not.
  EXPECT_TRUE(A.summaries().summary(function("loop::wakeup")).Reaches.empty());
  const Summary &Poke = A.summaries().summary(function("loop::poke"));
  ASSERT_EQ(Poke.Reaches.size(), 1u);
  EXPECT_EQ(Poke.Reaches.front().Work.kind(), WorkKind::Blocking);
  EXPECT_TRUE(Poke.Reaches.front().Work.ReactorCapable);
}

TEST_F(CallSummariesTest, ContextApisAreLeaves) {
  TuAnalysis &A = analyze(R"cpp(
    #include <unistd.h>
    #include <functional>
    namespace muduo {
    class ThreadPool {
    public:
      // Its own body waits (for room in a full queue): the hand-over.
      void run(std::function<void()> task) { while (full_) ::sleep(1); }
      bool full_ = false;
    };
    } // namespace muduo
    struct other_pool {
      void run(std::function<void()> task) { while (full_) ::sleep(1); }
      bool full_ = false;
    };
    void hand_over(muduo::ThreadPool &pool) { pool.run([] { ::sleep(5); }); }
    void hand_over_other(other_pool &pool) { pool.run([] {}); }
  )cpp");
  // muduo::ThreadPool::run is a context API in the built-in table.
  EXPECT_TRUE(A.summaries().summary(function("hand_over")).Reaches.empty());
  // A look-alike the table does not list is followed into.
  const Summary &Other = A.summaries().summary(function("hand_over_other"));
  ASSERT_EQ(Other.Reaches.size(), 1u);
  EXPECT_EQ(Other.Reaches.front().Work.kind(), WorkKind::Blocking);
}

TEST_F(CallSummariesTest, WorkUnderAParameterTestNeedsItsValue) {
  TuAnalysis &A = analyze(R"cpp(
    #include <cstdio>
    void stop(bool wait) { if (wait) sleep(1); }
    void stop_default(bool wait = false) { stop(wait); }
    void quit() { stop_default(); }
    void quit_and_wait() { stop_default(true); }
  )cpp");
  const Summary &Stop = A.summaries().summary(function("stop"));
  ASSERT_EQ(Stop.Reaches.size(), 1u);
  ASSERT_EQ(Stop.Reaches.front().Requires.size(), 1u);
  EXPECT_EQ(Stop.Reaches.front().Requires.front().Param, 0u);
  EXPECT_TRUE(Stop.Reaches.front().Requires.front().Value);
  // Passed on: the requirement moves to the caller's own parameter.
  const Summary &Forward = A.summaries().summary(function("stop_default"));
  ASSERT_EQ(Forward.Reaches.size(), 1u);
  ASSERT_EQ(Forward.Reaches.front().Requires.size(), 1u);
  // The default argument (false) contradicts it; true satisfies it.
  EXPECT_TRUE(A.summaries().summary(function("quit")).Reaches.empty());
  const Summary &Wait = A.summaries().summary(function("quit_and_wait"));
  ASSERT_EQ(Wait.Reaches.size(), 1u);
  EXPECT_TRUE(Wait.Reaches.front().Requires.empty());
}

} // namespace
} // namespace clang::tidy::taskfit::test
