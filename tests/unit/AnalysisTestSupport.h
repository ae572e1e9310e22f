//===--- AnalysisTestSupport.h - snippets parsed for the analysis tests ---===//
//
// Parses a C++20 snippet in memory (clang::tooling::buildASTFromCodeWithArgs)
// and builds the per-TU analysis on it with the built-in decision table. The
// snippets include small stand-ins for the headers they use (<cstdio>,
// <vector>, <mutex>, <thread>, <future>, <coroutine>, <asio.hpp>,
// <taskfit/taskfit.hpp>, <pybind11/pybind11.h>), mapped as system headers
// the way real ones are, so library code is library code to the analysis;
// real headers would cost seconds per test.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_TESTS_UNIT_ANALYSISTESTSUPPORT_H
#define TASKFIT_TESTS_UNIT_ANALYSISTESTSUPPORT_H

#include "analysis/TuAnalysis.h"
#include "clang/Frontend/ASTUnit.h"
#include "llvm/ADT/StringRef.h"
#include <gtest/gtest.h>
#include <memory>

namespace clang::tidy::taskfit::test {

class AnalysisTest : public ::testing::Test {
protected:
  /// Parses \p Code and makes a fresh analysis of it; fails the test on a
  /// compile error.
  TuAnalysis &analyze(llvm::StringRef Code);

  /// The definition of the function named \p Name ("Session::run" works),
  /// or null.
  const FunctionDecl *function(llvm::StringRef Name);

  /// The calls of \p Callee in \p Fn's body, in evaluation order.
  llvm::SmallVector<const CallSite *, 4> callsOf(const FunctionDecl *Fn,
                                                 llvm::StringRef Callee);

  ASTContext &context() { return AST->getASTContext(); }

  std::unique_ptr<ASTUnit> AST;
  std::unique_ptr<TuAnalysis> Analysis;
};

} // namespace clang::tidy::taskfit::test

#endif // TASKFIT_TESTS_UNIT_ANALYSISTESTSUPPORT_H
