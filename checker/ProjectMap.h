//===--- ProjectMap.h - the map step of whole-project analysis -----------===//
//
// While taskfit-tidy runs with --summary-out, every translation unit it
// analyses leaves a UnitSummary here (ProjectSummary.h): the checks add the
// findings that wait on other files (TaskfitCheck's capture of findings
// whose work is a stand-in), and the summaries of the TU's functions at its
// end. The driver writes them out when clang-tidy is done.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_PROJECTMAP_H
#define TASKFIT_CHECKER_PROJECTMAP_H

#include "analysis/ProjectSummary.h"
#include "llvm/ADT/StringRef.h"

namespace clang::tidy::taskfit::projectmap {

/// Turns the map step on for this process.
void start();
/// True if this process records summaries (start() was called).
bool recording();
/// Runs \p Fn on the summary of the translation unit whose main file is
/// \p MainFile (absolute), made on first use.
void withUnit(llvm::StringRef MainFile,
              llvm::function_ref<void(project::UnitSummary &)> Fn);
/// True the first time it is asked for \p MainFile: its functions are to be
/// summarized now (several checks end the same TU).
bool firstEnd(llvm::StringRef MainFile);
/// Everything recorded so far.
project::SummaryFile take();

} // namespace clang::tidy::taskfit::projectmap

#endif // TASKFIT_CHECKER_PROJECTMAP_H
