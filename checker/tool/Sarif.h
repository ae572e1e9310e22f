//===--- Sarif.h - clang-tidy diagnostics as a SARIF 2.1.0 log ------------===//
//
// taskfit-tidy --sarif=<file> writes its findings in SARIF 2.1.0, the format
// CI code-scanning services read. The source of truth is clang-tidy's own
// --export-fixes YAML: it carries every diagnostic that survived NOLINT and
// the header filter, with file offsets, notes and replacements. This file
// turns that into SARIF: rules with help, results with line/column, notes as
// related locations, fix-its as fixes, and a line-content fingerprint that
// baselines match on.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_TOOL_SARIF_H
#define TASKFIT_CHECKER_TOOL_SARIF_H

#include "clang/Tooling/Core/Diagnostic.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace clang::tidy::taskfit {

/// Reads a clang-tidy --export-fixes file. A missing or empty file means no
/// diagnostics: clang-tidy writes the file only when it has something to say.
llvm::Expected<std::vector<tooling::Diagnostic>>
readExportedDiagnostics(llvm::StringRef Path);

/// How the run went, for the log's invocation object.
struct SarifInvocation {
  std::vector<std::string> Arguments;
  std::string WorkingDirectory;
  int ExitCode = 0;
  /// False when the tool could not do its job (bad configuration, code that
  /// does not compile); findings alone do not make a run unsuccessful.
  bool ExecutionSuccessful = true;
};

struct SarifOptions {
  /// Files under this directory get URIs relative to it (uriBaseId SRCROOT),
  /// which is what code-scanning services match against the repository.
  std::string RootDirectory;
};

/// The SARIF log for \p Diags, as JSON text.
std::string buildSarifLog(llvm::ArrayRef<tooling::Diagnostic> Diags,
                          const SarifOptions &Options,
                          const SarifInvocation &Invocation);

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_TOOL_SARIF_H
