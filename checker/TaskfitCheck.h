//===--- TaskfitCheck.h - what every taskfit check shares -----------------===//
//
// The base of the taskfit checks: it loads the decision table named by the
// global option `taskfit.DecisionTable` (reporting a broken table as a
// configuration error), shares one per-translation-unit analysis between
// all checks, and words findings the one way the SPEC gives.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_TASKFITCHECK_H
#define TASKFIT_CHECKER_TASKFITCHECK_H

#include "DecisionTable.h"
#include "analysis/WorkKind.h"
#include "clang-tidy/ClangTidyCheck.h"
#include <memory>

namespace clang::tidy::taskfit {

/// State shared by all taskfit checks while one translation unit is checked.
class TuAnalysis {
public:
  TuAnalysis(ASTContext &Ctx, const DecisionTable &Table)
      : Ctx(Ctx), Classifier(Table) {}

  ASTContext &astContext() { return Ctx; }
  WorkClassifier &classifier() { return Classifier; }

private:
  ASTContext &Ctx;
  WorkClassifier Classifier;
};

class TaskfitCheck : public ClangTidyCheck {
public:
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override;

protected:
  TaskfitCheck(StringRef Name, ClangTidyContext *Context);

  /// The merged decision table, or null if the user's table is broken (the
  /// error has been reported; the check then does nothing).
  const DecisionTable *table() const { return Table.get(); }

  /// The analysis shared by every taskfit check for the current TU.
  TuAnalysis &analysis(ASTContext &Ctx);

  /// "blocking file I/O 'fopen'" or "CPU-heavy sort 'sort'".
  std::string describeWork(const WorkItem &Work, const Expr *Call) const;

  /// Emits the "decision table row" note for \p A at \p Loc.
  void noteRow(SourceLocation Loc, const Advice &A);

  /// Reports each location at most once per TU (a template's pattern and its
  /// instantiations share their calls' locations).
  bool firstReportAt(SourceLocation Loc);

private:
  std::shared_ptr<const DecisionTable> Table;
  std::string TablePath;
  const bool ShowTableRow;
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_TASKFITCHECK_H
