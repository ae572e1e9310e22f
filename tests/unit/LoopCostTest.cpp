//===--- LoopCostTest.cpp - loop bounds, trip counts, heavy loops --------===//

#include "AnalysisTestSupport.h"
#include "analysis/ThreadSpawns.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::taskfit::test {
namespace {

class LoopCostTest : public AnalysisTest {
protected:
  /// The heavy loops of \p Name's body, with the default thresholds (a
  /// nest of depth 2, or 100000 iterations).
  llvm::SmallVector<HeavyLoop, 1> heavyLoops(llvm::StringRef Name) {
    llvm::SmallVector<HeavyLoop, 1> Out;
    findHeavyLoops(function(Name)->getBody(), Analysis->classifier(),
                   Analysis->loopOptions(), Out);
    return Out;
  }
  /// Statement \p Index of \p Name's body: the loop under test.
  const Stmt *statement(llvm::StringRef Name, unsigned Index) {
    return cast<CompoundStmt>(function(Name)->getBody())->body_begin()[Index];
  }
};

const char *const Loops = R"cpp(
  #include <vector>
  long sum_million() {
    long s = 0;
    for (int i = 0; i < 1000000; ++i) s += i;
    return s;
  }
  int few() { int s = 0; for (int i = 0; i < 8; ++i) s += i; return s; }
  void per_file(std::vector<int> &files) { for (int &f : files) f = 0; }
  long matrix(const long *m, int rows, int cols) {
    long s = 0;
    for (int i = 0; i < rows; ++i)
      for (int j = 0; j < cols; ++j)
        s += m[i * cols + j];
    return s;
  }
  int small_nest() {
    int s = 0;
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 4; ++j)
        s += i * j;
    return s;
  }
  // A tokenizer: the inner loops move the outer loop's cursor, so the
  // nest is one pass over the input.
  int count_words(const char *p, const char *end) {
    int words = 0;
    while (p < end) {
      while (p < end && *p == ' ') ++p;
      if (p < end) ++words;
      while (p < end && *p != ' ') ++p;
    }
    return words;
  }
)cpp";

TEST_F(LoopCostTest, ConstantTripCount) {
  analyze(Loops);
  const Stmt *Loop = statement("sum_million", 1);
  EXPECT_EQ(constantTripCount(Loop, context()), 1000000u);
  LoopBound B = loopBound(Loop, context());
  EXPECT_EQ(B.Kind, LoopBound::Constant);
  EXPECT_EQ(B.Trips, 1000000u);

  llvm::SmallVector<HeavyLoop, 1> Heavy = heavyLoops("sum_million");
  ASSERT_EQ(Heavy.size(), 1u);
  EXPECT_EQ(Heavy[0].Loop, Loop);
  EXPECT_EQ(Heavy[0].NestDepth, 1u);
  EXPECT_EQ(Heavy[0].Iterations, 1000000u);
}

TEST_F(LoopCostTest, FewConstantTripsAreCheap) {
  analyze(Loops);
  const Stmt *Loop = statement("few", 1);
  EXPECT_EQ(constantTripCount(Loop, context()), 8u);
  EXPECT_TRUE(heavyLoops("few").empty());
}

TEST_F(LoopCostTest, RangeForRunsOncePerElement) {
  analyze(Loops);
  const Stmt *Loop = statement("per_file", 0);
  ASSERT_TRUE(isa<CXXForRangeStmt>(Loop));
  EXPECT_FALSE(constantTripCount(Loop, context()));
  LoopBound B = loopBound(Loop, context());
  EXPECT_EQ(B.Kind, LoopBound::PerElement);
  EXPECT_EQ(B.Name, "files");
  EXPECT_TRUE(heavyLoops("per_file").empty());
}

TEST_F(LoopCostTest, UnboundedNestIsHeavy) {
  analyze(Loops);
  llvm::SmallVector<HeavyLoop, 1> Heavy = heavyLoops("matrix");
  ASSERT_EQ(Heavy.size(), 1u);
  EXPECT_EQ(Heavy[0].NestDepth, 2u);
  EXPECT_FALSE(Heavy[0].Iterations);
}

TEST_F(LoopCostTest, SmallConstantNestIsCheap) {
  analyze(Loops);
  EXPECT_TRUE(heavyLoops("small_nest").empty());
}

TEST_F(LoopCostTest, SharedCursorNestCountsAsOnePass) {
  analyze(Loops);
  EXPECT_TRUE(heavyLoops("count_words").empty());
}

} // namespace
} // namespace clang::tidy::taskfit::test
