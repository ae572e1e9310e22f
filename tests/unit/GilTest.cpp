//===--- GilTest.cpp - where the GIL is released --------------------------===//

#include "AnalysisTestSupport.h"

namespace clang::tidy::taskfit::test {
namespace {

using GilTest = AnalysisTest;

TEST_F(GilTest, ScopedReleaseCoversItsBlockOnly) {
  TuAnalysis &A = analyze(R"cpp(
    #include <pybind11/pybind11.h>
    namespace py = pybind11;
    void crunch(int);
    void run_batch() {
      crunch(0);
      {
        py::gil_scoped_release release;
        crunch(1);
        {
          py::gil_scoped_acquire acquire;
          crunch(2);
        }
        crunch(3);
      }
      crunch(4);
    }
  )cpp");
  const FunctionDecl *Fn = function("run_batch");
  const GilRegions &Regions = A.gil().regions(Fn);
  auto Calls = callsOf(Fn, "crunch");
  ASSERT_EQ(Calls.size(), 5u);
  GilState Expected[] = {GilState::Inherited, GilState::Released,
                         GilState::Acquired, GilState::Released,
                         GilState::Inherited};
  for (unsigned I = 0; I < 5; ++I)
    EXPECT_EQ(Regions.at(Calls[I]->Call).State, Expected[I])
        << "crunch(" << I << ")";
  // The release is where the guard is declared.
  const Stmt *Since = Regions.at(Calls[1]->Call).Since;
  ASSERT_NE(Since, nullptr);
  EXPECT_EQ(
      context().getSourceManager().getPresumedLineNumber(Since->getBeginLoc()),
      8u);
}

TEST_F(GilTest, NoGuardNoRegions) {
  TuAnalysis &A = analyze(R"cpp(
    void crunch(int);
    void plain() { crunch(0); }
  )cpp");
  EXPECT_TRUE(A.gil().regions(function("plain")).States.empty());
}

} // namespace
} // namespace clang::tidy::taskfit::test
