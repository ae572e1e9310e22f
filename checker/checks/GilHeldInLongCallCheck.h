//===--- GilHeldInLongCallCheck.h - taskfit-gil-held-in-long-call ---------===//
//
// The GIL row: while native code called from Python holds the GIL, no other
// Python thread runs. Finds Python bindings whose function blocks or
// computes for long without releasing it.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_CHECKS_GILHELDINLONGCALLCHECK_H
#define TASKFIT_CHECKER_CHECKS_GILHELDINLONGCALLCHECK_H

#include "../TaskfitCheck.h"

namespace clang::tidy::taskfit {

/// Flags pybind11 / nanobind bindings and CPython method table entries whose
/// function reaches blocking or CPU-heavy work with the GIL held.
///
/// For the user-facing documentation see:
/// docs/checks/taskfit-gil-held-in-long-call.md
class GilHeldInLongCallCheck : public TaskfitCheck {
public:
  GilHeldInLongCallCheck(StringRef Name, ClangTidyContext *Context)
      : TaskfitCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void checkBinding(const RunContext &C, TuAnalysis &A);
  /// Reports the work a binding reaches with the GIL held: at \p Site (or
  /// written in the function itself, or in the function another file
  /// defines when \p Site is null), found as \p R.
  void reportHeld(const RunContext &C, const CallSite *Site, const Reach &R,
                  SourceLocation Loc, TuAnalysis &A);
  /// How to release the GIL by hand, why the fix-it cannot, or why there is
  /// no fix-it.
  void noteHowToRelease(const RunContext &C, SourceLocation Loc,
                        SourceLocation WorkLoc, bool NeedsGil,
                        const FixPlan &Plan, TuAnalysis &A);
  /// Why releasing the GIL for the whole call would break the binding, as a
  /// note, or false if it would not.
  bool noteNeedsGil(const RunContext &C, SourceLocation WorkLoc, TuAnalysis &A);
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_CHECKS_GILHELDINLONGCALLCHECK_H
