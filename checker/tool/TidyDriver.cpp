//===--- TidyDriver.cpp - what taskfit-tidy adds around clang-tidy --------===//

#include "TidyDriver.h"

#include "ProjectMap.h"
#include "Sarif.h"
#include "clang-tidy/tool/ClangTidyMain.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/StringSaver.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>
#include <optional>
#include <string>

namespace clang::tidy::taskfit {

namespace {

// Printed after clang-tidy's own --help text.
llvm::cl::extrahelp TaskfitHelp(R"(
taskfit-tidy options (in addition to clang-tidy's):
  --sarif=<file>       Also write the diagnostics as a SARIF 2.1.0 log
                       (for CI code scanning; docs/ci.md).
  --sarif-root=<dir>   Files under <dir> get URIs relative to it in the log
                       (default: the current directory). Use the
                       repository's root when uploading to code scanning.
  --summary-out=<file> The map step of a whole-project run: also write what
                       each file's functions reach and the findings that
                       wait on other files (docs/whole-project.md);
                       taskfit-project report settles them.

taskfit-tidy exit codes:
  0  no finding is treated as an error
  1  findings treated as errors (--warnings-as-errors='taskfit-*')
  2  configuration error: unknown option, bad .clang-tidy or decision table,
     no compilation database where -p points, unusable compile command
  3  a file could not be analysed: it does not compile
)");

void error(const llvm::Twine &Message) {
  llvm::errs() << "taskfit-tidy: error: " << Message << "\n";
}

/// The command line as taskfit-tidy sees it; clang-tidy gets the rest.
struct OwnOptions {
  std::string SarifPath;
  std::string SarifRoot;
  std::string SummaryOut;
  /// The user's --export-fixes file, if any: then it is read back instead of
  /// a temporary one.
  std::string ExportFixes;
  std::optional<std::string> BuildPath;
  /// A "--" was given: compile flags come from the command line, not -p.
  bool HasCompileArgs = false;
};

/// Matches "-Name", "--Name", "-Name=V" and "--Name=V", as LLVM's option
/// parser accepts them; \p Value gets V when written with '='.
bool matchOption(llvm::StringRef Arg, llvm::StringRef Name,
                 std::optional<llvm::StringRef> &Value) {
  if (!Arg.consume_front("-"))
    return false;
  Arg.consume_front("-");
  if (!Arg.consume_front(Name))
    return false;
  Value.reset();
  if (Arg.empty())
    return true;
  if (Arg.consume_front("=")) {
    Value = Arg;
    return true;
  }
  return false;
}

/// Takes taskfit-tidy's own options out of \p Args and notes the clang-tidy
/// options it needs to know about.
llvm::Error extractOwnOptions(llvm::SmallVectorImpl<const char *> &Args,
                              OwnOptions &Own) {
  llvm::SmallVector<const char *> Kept{Args[0]};
  for (size_t I = 1; I < Args.size(); ++I) {
    llvm::StringRef Arg = Args[I];
    if (Arg == "--") {
      Own.HasCompileArgs = true;
      Kept.append(Args.begin() + I, Args.end());
      break;
    }
    std::optional<llvm::StringRef> Value;
    // The option's value, from "=V" or the next argument.
    auto ValueOf = [&](llvm::StringRef Name,
                       bool Keep) -> llvm::Expected<std::string> {
      if (Keep)
        Kept.push_back(Args[I]);
      if (!Value) {
        if (I + 1 >= Args.size() || llvm::StringRef(Args[I + 1]) == "--")
          return llvm::createStringError("option '--%s' needs a value",
                                         Name.str().c_str());
        Value = Args[++I];
        if (Keep)
          Kept.push_back(Args[I]);
      }
      if (Value->empty())
        return llvm::createStringError("option '--%s' needs a value",
                                       Name.str().c_str());
      return Value->str();
    };
    std::string *Target = nullptr;
    llvm::StringRef Name;
    bool Keep = false;
    if (matchOption(Arg, "sarif", Value)) {
      Name = "sarif";
      Target = &Own.SarifPath;
    } else if (matchOption(Arg, "sarif-root", Value)) {
      Name = "sarif-root";
      Target = &Own.SarifRoot;
    } else if (matchOption(Arg, "summary-out", Value)) {
      Name = "summary-out";
      Target = &Own.SummaryOut;
    } else if (matchOption(Arg, "export-fixes", Value)) {
      Name = "export-fixes";
      Target = &Own.ExportFixes;
      Keep = true;
    } else if (matchOption(Arg, "p", Value)) {
      Own.BuildPath.emplace();
      Name = "p";
      Target = &*Own.BuildPath;
      Keep = true;
    }
    if (!Target) {
      Kept.push_back(Args[I]);
      continue;
    }
    auto V = ValueOf(Name, Keep);
    if (!V)
      return V.takeError();
    *Target = std::move(*V);
  }
  Args.assign(Kept.begin(), Kept.end());
  return llvm::Error::success();
}

/// clang-tidy, given -p, looks for a compilation database in that directory
/// and its parents; finding none it warns and analyses every file with no
/// flags at all, which in CI means findings that are wrong or missing. Here
/// that is a configuration error.
std::optional<std::string> compilationDatabaseProblem(llvm::StringRef Dir) {
  llvm::SmallString<256> Path(Dir);
  if (std::error_code EC = llvm::sys::fs::make_absolute(Path))
    return "cannot resolve -p '" + Dir.str() + "': " + EC.message();
  if (!llvm::sys::fs::is_directory(Path))
    return "-p '" + Dir.str() + "' is not a directory";
  for (llvm::StringRef D = Path; !D.empty();
       D = llvm::sys::path::parent_path(D))
    for (const char *Name : {"compile_commands.json", "compile_flags.txt"}) {
      llvm::SmallString<256> Candidate(D);
      llvm::sys::path::append(Candidate, Name);
      if (llvm::sys::fs::exists(Candidate))
        return std::nullopt;
    }
  return "no compilation database (compile_commands.json or "
         "compile_flags.txt) in -p '" +
         Dir.str() +
         "' or its parents; configure with "
         "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON";
}

/// The temporary export file, removed at exit even when clang-tidy ends the
/// process itself (--help, --version).
std::string TemporaryExport;
void removeTemporaryExport() {
  if (!TemporaryExport.empty())
    llvm::sys::fs::remove(TemporaryExport);
}

/// clang-tidy returns 1 for findings treated as errors, for code that does
/// not compile and for a bad setup alike; its exported diagnostics tell
/// which.
int classify(int ClangTidyResult,
             const std::vector<tooling::Diagnostic> &Diags) {
  if (ClangTidyResult != 1)
    return ClangTidyResult;
  // Nothing analysed: it stopped at the command line or the configuration.
  if (Diags.empty())
    return ExitConfigError;
  // A located compiler error means the file does not compile, whatever
  // else clang says without a location after it ("too many errors
  // emitted, stopping now"); a located error alone, or a locationless one
  // with no compile error beside it (an unknown compiler flag), is a setup
  // problem, as is any error in taskfit's or clang-tidy's configuration.
  bool CompileError = false, LocationlessError = false;
  for (const tooling::Diagnostic &D : Diags) {
    if (D.DiagLevel != tooling::Diagnostic::Error)
      continue;
    if (D.DiagnosticName == "clang-tidy-config")
      return ExitConfigError;
    if (D.Message.FilePath.empty())
      LocationlessError = true;
    else if (llvm::StringRef(D.DiagnosticName).starts_with("clang-diagnostic-"))
      CompileError = true;
  }
  if (CompileError)
    return ExitAnalysisError;
  if (LocationlessError)
    return ExitConfigError;
  return ExitFindings;
}

std::string currentDirectory() {
  llvm::SmallString<256> Dir;
  if (llvm::sys::fs::current_path(Dir))
    return "";
  return std::string(Dir);
}

/// An error with \p Message, as the driver reports it.
llvm::Error driverError(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

/// Sets \p ExportPath to where clang-tidy exports its diagnostics: the
/// user's --export-fixes file, or a temporary file added to \p Args and
/// removed at exit.
llvm::Error prepareExport(const OwnOptions &Own,
                          llvm::SmallVectorImpl<const char *> &Args,
                          llvm::StringSaver &Saver,
                          llvm::SmallString<256> &ExportPath) {
  // clang-tidy writes the export only when it has diagnostics, so a stale
  // file from an earlier run must not be read back as this run's.
  if (!Own.ExportFixes.empty()) {
    ExportPath = Own.ExportFixes;
    llvm::sys::fs::remove(ExportPath);
    return llvm::Error::success();
  }
  if (std::error_code EC = llvm::sys::fs::createTemporaryFile(
          "taskfit-tidy", "yaml", ExportPath))
    return driverError("cannot create a temporary file: " + EC.message());
  TemporaryExport = std::string(ExportPath);
  std::atexit(removeTemporaryExport);
  Args.insert(Args.begin() + 1,
              Saver.save("--export-fixes=" + ExportPath).data());
  return llvm::Error::success();
}

/// Writes the SARIF log of \p Diags to --sarif's file, for a run with
/// \p Arguments that ends with exit code \p Code.
llvm::Error writeSarif(const OwnOptions &Own,
                       llvm::ArrayRef<tooling::Diagnostic> Diags,
                       std::vector<std::string> Arguments, int Code) {
  SarifOptions Options;
  llvm::SmallString<256> Root(Own.SarifRoot.empty() ? currentDirectory()
                                                    : Own.SarifRoot);
  llvm::sys::fs::make_absolute(Root);
  Options.RootDirectory = std::string(Root);
  SarifInvocation Invocation;
  Invocation.Arguments = std::move(Arguments);
  Invocation.WorkingDirectory = currentDirectory();
  Invocation.ExitCode = Code;
  Invocation.ExecutionSuccessful = Code == ExitClean || Code == ExitFindings;
  std::error_code EC;
  llvm::raw_fd_ostream OS(Own.SarifPath, EC, llvm::sys::fs::OF_Text);
  if (EC)
    return driverError("cannot write '" + Own.SarifPath + "': " + EC.message());
  OS << buildSarifLog(Diags, Options, Invocation);
  return llvm::Error::success();
}

} // namespace

int taskfitTidyMain(int Argc, const char **Argv) {
  llvm::BumpPtrAllocator Alloc;
  llvm::StringSaver Saver(Alloc);
  llvm::SmallVector<const char *> Args(Argv, Argv + Argc);
  // Our options may sit in a response file, as clang-tidy's may.
  llvm::cl::ExpansionContext Expander(Alloc, llvm::cl::TokenizeGNUCommandLine);
  if (llvm::Error Err = Expander.expandResponseFiles(Args)) {
    error(llvm::toString(std::move(Err)));
    return ExitConfigError;
  }
  std::vector<std::string> Arguments(Args.begin(), Args.end());

  OwnOptions Own;
  if (llvm::Error Err = extractOwnOptions(Args, Own)) {
    error(llvm::toString(std::move(Err)));
    return ExitConfigError;
  }
  if (Own.BuildPath && !Own.HasCompileArgs)
    if (auto Problem = compilationDatabaseProblem(*Own.BuildPath)) {
      error(*Problem);
      return ExitConfigError;
    }
  llvm::SmallString<256> ExportPath;
  if (llvm::Error Err = prepareExport(Own, Args, Saver, ExportPath)) {
    error(llvm::toString(std::move(Err)));
    return ExitConfigError;
  }

  if (!Own.SummaryOut.empty())
    projectmap::start();
  int Result = clangTidyMain(static_cast<int>(Args.size()), Args.data());

  auto Diags = readExportedDiagnostics(ExportPath);
  if (!Diags) {
    error(llvm::toString(Diags.takeError()));
    return ExitConfigError;
  }
  int Code = classify(Result, *Diags);

  if (!Own.SummaryOut.empty() && (Code == ExitClean || Code == ExitFindings))
    if (llvm::Error Err =
            project::writeSummaryFile(Own.SummaryOut, projectmap::take())) {
      error(llvm::toString(std::move(Err)));
      return ExitConfigError;
    }
  if (!Own.SarifPath.empty())
    if (llvm::Error Err = writeSarif(Own, *Diags, std::move(Arguments), Code)) {
      error(llvm::toString(std::move(Err)));
      return ExitConfigError;
    }
  return Code;
}

} // namespace clang::tidy::taskfit
