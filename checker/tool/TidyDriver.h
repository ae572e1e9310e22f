//===--- TidyDriver.h - what taskfit-tidy adds around clang-tidy ----------===//
//
// taskfit-tidy is clang-tidy plus what a CI gate needs: --sarif output and
// exit codes that tell findings from a broken setup. This wraps
// clangTidyMain: it takes its own options out of the command line, makes
// clang-tidy export its diagnostics, and reads them back afterwards.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_TOOL_TIDYDRIVER_H
#define TASKFIT_CHECKER_TOOL_TIDYDRIVER_H

namespace clang::tidy::taskfit {

/// taskfit-tidy's exit codes (docs/ci.md).
enum ExitCode : int {
  ExitClean = 0,
  /// Findings that the configuration treats as errors (--warnings-as-errors).
  ExitFindings = 1,
  /// The setup is wrong: unknown option, bad .clang-tidy or decision table,
  /// missing compilation database, an unusable compile command.
  ExitConfigError = 2,
  /// A file could not be analysed: it does not compile.
  ExitAnalysisError = 3,
};

int taskfitTidyMain(int Argc, const char **Argv);

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_TOOL_TIDYDRIVER_H
