//===--- TaskfitProjectMain.cpp - the reduce and report steps ------------===//
//
// taskfit-project merges the summaries the map step wrote (taskfit-tidy
// --summary-out, one file per translation unit, from any number of shards)
// and reports the findings that cross files, without parsing anything
// again (docs/whole-project.md):
//
//   taskfit-project report [options] <summary file or directory>...
//
// It prints the findings as clang-tidy does, and can write them as SARIF,
// as clang-tidy's --export-fixes YAML, apply their fix-its, and write the
// merged summary that editors read (taskfit.ProjectSummary).
//
//===----------------------------------------------------------------------===//

#include "Sarif.h"
#include "TidyDriver.h"
#include "analysis/ProjectSummary.h"

#include "clang/Tooling/Core/Replacement.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <optional>

using namespace clang::tidy::taskfit;
namespace cl = llvm::cl;

namespace {

cl::OptionCategory Category("taskfit-project options");
cl::opt<std::string> Command(cl::Positional, cl::Required,
                             cl::desc("<report|merge>"), cl::cat(Category));
cl::list<std::string> Inputs(cl::Positional, cl::OneOrMore,
                             cl::desc("<summary file or directory>..."),
                             cl::cat(Category));
cl::opt<std::string> Output("o",
                            cl::desc("merge: the merged summary to write; "
                                     "report: also write it there"),
                            cl::value_desc("file"), cl::cat(Category));
cl::opt<std::string> Sarif("sarif", cl::desc("write the findings as SARIF"),
                           cl::value_desc("file"), cl::cat(Category));
cl::opt<std::string> SarifRoot("sarif-root",
                               cl::desc("files under <dir> get relative URIs "
                                        "in the SARIF log"),
                               cl::value_desc("dir"), cl::cat(Category));
cl::opt<std::string> ExportFixes("export-fixes",
                                 cl::desc("write the findings and fix-its as "
                                          "clang-tidy's YAML"),
                                 cl::value_desc("file"), cl::cat(Category));
cl::opt<bool> Fix("fix", cl::desc("apply the findings' fix-its"),
                  cl::cat(Category));
cl::opt<bool> Quiet("quiet", cl::desc("print only the summary line"),
                    cl::cat(Category));

void error(const llvm::Twine &Message) {
  llvm::errs() << "taskfit-project: error: " << Message << "\n";
}

/// The text of the files findings are in: one line for the snippet under a
/// diagnostic, all of it for NOLINTBEGIN/NOLINTEND blocks.
class Sources {
public:
  /// The whole file, or "" if it cannot be read.
  llvm::StringRef text(const std::string &File) {
    auto &Buffer = Files[File];
    if (!Buffer) {
      auto Read = llvm::MemoryBuffer::getFile(File, /*IsText=*/true);
      if (!Read)
        return "";
      Buffer = std::move(*Read);
    }
    return Buffer->getBuffer();
  }

  llvm::StringRef line(const std::string &File, unsigned Line) {
    llvm::StringRef Text = text(File);
    for (unsigned I = 1; I < Line && !Text.empty(); ++I)
      Text = Text.split('\n').second;
    return Text.split('\n').first.rtrim("\r");
  }

private:
  std::map<std::string, std::unique_ptr<llvm::MemoryBuffer>> Files;
};

/// The comments that silence clang-tidy findings.
enum class NoLintKind { NoLint, NextLine, Begin, End };

/// One NOLINT comment: where its "NOLINT" starts in the text it was read
/// from, and its list of checks and globs (none: every check).
struct NoLintMark {
  NoLintKind Kind;
  size_t Offset;
  std::optional<std::string> Checks;
};

/// The list of checks of the NOLINT comment whose word ends at \p End in
/// \p Text, and \p End moved past it. None when no '(' follows the word or
/// no ')' closes it on the same line: clang-tidy reads that comment as one
/// without a list. Spaces around the names do not count, so that
/// NOLINTBEGIN( a ) is closed by NOLINTEND(a).
std::optional<std::string> checkList(llvm::StringRef Text, size_t &End) {
  if (End >= Text.size() || Text[End] != '(')
    return std::nullopt;
  size_t Close = Text.find_first_of("\n)", End + 1);
  if (Close == llvm::StringRef::npos || Text[Close] != ')')
    return std::nullopt;
  llvm::SmallVector<llvm::StringRef, 4> Names;
  Text.slice(End + 1, Close).split(Names, ',');
  for (llvm::StringRef &Name : Names)
    Name = Name.trim();
  End = Close + 1;
  return llvm::join(Names, ",");
}

/// The NOLINT comments in \p Text, read as clang-tidy's
/// NoLintDirectiveHandler reads them, so that a comment silences here what
/// it silences there: the word ends where the letters end ("NOLINTFOO" is
/// no comment at all).
std::vector<NoLintMark> noLintMarks(llvm::StringRef Text) {
  static constexpr llvm::StringLiteral Word = "NOLINT";
  std::vector<NoLintMark> Marks;
  size_t End = 0;
  for (size_t At = Text.find(Word); At != llvm::StringRef::npos;
       At = Text.find(Word, End)) {
    End = At + Word.size();
    while (End < Text.size() && llvm::isAlpha(Text[End]))
      ++End;
    std::optional<NoLintKind> Kind =
        llvm::StringSwitch<std::optional<NoLintKind>>(Text.slice(At, End))
            .Case("NOLINT", NoLintKind::NoLint)
            .Case("NOLINTNEXTLINE", NoLintKind::NextLine)
            .Case("NOLINTBEGIN", NoLintKind::Begin)
            .Case("NOLINTEND", NoLintKind::End)
            .Default(std::nullopt);
    if (Kind)
      Marks.push_back({*Kind, At, checkList(Text, End)});
  }
  return Marks;
}

/// True if a NOLINT comment's list of checks (\p Checks; none: all checks)
/// names \p Check, by its name or a glob ending in '*'. Every kind of
/// NOLINT comment decides this here, so they cannot disagree.
bool listSilences(const std::optional<std::string> &Checks,
                  llvm::StringRef Check) {
  if (!Checks)
    return true;
  llvm::SmallVector<llvm::StringRef, 4> Globs;
  llvm::StringRef(*Checks).split(Globs, ',');
  return llvm::any_of(Globs, [&](llvm::StringRef Glob) {
    return Glob == Check ||
           (Glob.ends_with("*") && Check.starts_with(Glob.drop_back()));
  });
}

/// True if a comment of \p Kind in \p Line (NOLINT, or NOLINTNEXTLINE on
/// the line before) silences \p Check.
bool lineSilences(llvm::StringRef Line, NoLintKind Kind,
                  llvm::StringRef Check) {
  return llvm::any_of(noLintMarks(Line), [&](const NoLintMark &M) {
    return M.Kind == Kind && listSilences(M.Checks, Check);
  });
}

/// The text between a NOLINTBEGIN and the NOLINTEND that closes it (their
/// offsets), and the checks the pair lists.
struct NoLintBlock {
  size_t Begin;
  size_t End;
  std::optional<std::string> Checks;
};

/// Pairs the NOLINTBEGINs in \p Marks with their NOLINTENDs as clang-tidy
/// does, so that a block silences here what it silences there: blocks nest,
/// and a NOLINTEND closes the innermost open block only if both list the
/// same checks. The comments left over go to \p Unpaired, in file order;
/// like clang-tidy, they silence nothing.
std::vector<NoLintBlock> noLintBlocks(std::vector<NoLintMark> Marks,
                                      std::vector<NoLintMark> &Unpaired) {
  std::vector<NoLintBlock> Blocks;
  std::vector<NoLintMark> Open;
  for (NoLintMark &M : Marks) {
    if (M.Kind == NoLintKind::Begin) {
      Open.push_back(std::move(M));
    } else if (M.Kind == NoLintKind::End) {
      if (!Open.empty() && Open.back().Checks == M.Checks) {
        Blocks.push_back(
            {Open.back().Offset, M.Offset, std::move(Open.back().Checks)});
        Open.pop_back();
      } else {
        Unpaired.push_back(std::move(M));
      }
    }
  }
  llvm::append_range(Unpaired, Open);
  llvm::sort(Unpaired, [](const NoLintMark &A, const NoLintMark &B) {
    return A.Offset < B.Offset;
  });
  return Blocks;
}

/// Decides whether a NOLINT comment silences a finding, as clang-tidy would
/// had it seen the finding itself: NOLINT on its line, NOLINTNEXTLINE on the
/// line before, or a NOLINTBEGIN/NOLINTEND block around it.
class NoLints {
public:
  explicit NoLints(Sources &Src) : Src(Src) {}

  bool silence(const project::Finding &F) {
    const project::Place &At = F.At;
    if (lineSilences(Src.line(At.File, At.Line), NoLintKind::NoLint, F.Check) ||
        (At.Line > 1 && lineSilences(Src.line(At.File, At.Line - 1),
                                     NoLintKind::NextLine, F.Check)))
      return true;
    // Offsets, not lines, as clang-tidy: a finding before a NOLINTBEGIN on
    // its line is outside the block, one before a NOLINTEND is inside.
    return llvm::any_of(blocks(At.File), [&](const NoLintBlock &B) {
      return B.Begin < At.Offset && At.Offset < B.End &&
             listSilences(B.Checks, F.Check);
    });
  }

private:
  /// \p File's blocks, paired the first time a finding there needs them
  /// (clang-tidy reads a whole file only then, too).
  const std::vector<NoLintBlock> &blocks(const std::string &File) {
    auto [It, New] = Blocks.try_emplace(File);
    if (New) {
      llvm::StringRef Text = Src.text(File);
      std::vector<NoLintMark> Unpaired;
      It->second = noLintBlocks(noLintMarks(Text), Unpaired);
      for (const NoLintMark &M : Unpaired)
        warnUnpaired(File, Text, M);
    }
    return It->second;
  }

  /// Says why a finding the user meant to silence is reported anyway.
  /// clang-tidy makes this an error; here it is a warning on stderr that
  /// leaves the findings, their SARIF and the exit code alone, as they are
  /// about findings only. --quiet promises the summary line only.
  void warnUnpaired(llvm::StringRef File, llvm::StringRef Text,
                    const NoLintMark &M) {
    if (Quiet)
      return;
    llvm::StringRef Before = Text.take_front(M.Offset);
    size_t LineStart = Before.rfind('\n') + 1; // 0 on the first line
    llvm::errs() << "taskfit-project: warning: " << File << ":"
                 << Before.count('\n') + 1 << ":" << M.Offset - LineStart + 1
                 << ": "
                 << (M.Kind == NoLintKind::Begin
                         ? "unmatched 'NOLINTBEGIN' comment without a "
                           "subsequent 'NOLINTEND' comment"
                         : "unmatched 'NOLINTEND' comment without a previous "
                           "'NOLINTBEGIN' comment")
                 << "; it silences nothing\n";
  }

  Sources &Src;
  std::map<std::string, std::vector<NoLintBlock>> Blocks;
};

void printOne(llvm::raw_ostream &OS, llvm::StringRef Level,
              const project::Place &At, llvm::StringRef Text,
              llvm::StringRef Check, Sources &Src) {
  OS << At.File << ":" << At.Line << ":" << At.Column << ": " << Level << ": "
     << Text;
  if (!Check.empty())
    OS << " [" << Check << "]";
  OS << "\n";
  llvm::StringRef Line = Src.line(At.File, At.Line);
  if (Line.empty())
    return;
  OS << llvm::format("%5u", At.Line) << " | " << Line << "\n      | ";
  for (unsigned I = 1; I < At.Column && I <= Line.size(); ++I)
    OS << (Line[I - 1] == '\t' ? '\t' : ' ');
  OS << "^\n";
}

clang::tooling::DiagnosticMessage message(const project::Place &At,
                                          const std::string &Text) {
  clang::tooling::DiagnosticMessage M;
  M.Message = Text;
  M.FilePath = At.File;
  M.FileOffset = At.Offset;
  return M;
}

std::vector<clang::tooling::Diagnostic>
toolingDiagnostics(const std::vector<project::Finding> &Findings) {
  std::vector<clang::tooling::Diagnostic> Out;
  for (const project::Finding &F : Findings) {
    clang::tooling::Diagnostic D;
    D.DiagnosticName = F.Check;
    D.DiagLevel = F.Level == "error" ? clang::tooling::Diagnostic::Error
                                     : clang::tooling::Diagnostic::Warning;
    D.Message = message(F.At, F.Message);
    for (const project::Replacement &R : F.Fixes)
      llvm::consumeError(D.Message.Fix[R.File].add(
          clang::tooling::Replacement(R.File, R.Offset, R.Length, R.Text)));
    for (const project::Note &N : F.Notes)
      D.Notes.push_back(message(N.At, N.Text));
    Out.push_back(std::move(D));
  }
  return Out;
}

/// Applies every finding's fix-its, file by file; a fix that overlaps one
/// already taken is left out, as clang-tidy does.
bool applyFixes(const std::vector<project::Finding> &Findings) {
  std::map<std::string, clang::tooling::Replacements> PerFile;
  for (const project::Finding &F : Findings) {
    std::map<std::string, clang::tooling::Replacements> Mine = PerFile;
    bool Clean = true;
    for (const project::Replacement &R : F.Fixes)
      if (llvm::Error Err = Mine[R.File].add(clang::tooling::Replacement(
              R.File, R.Offset, R.Length, R.Text))) {
        llvm::consumeError(std::move(Err));
        Clean = false;
      }
    if (Clean)
      PerFile = std::move(Mine);
  }
  bool Ok = true;
  for (auto &[File, Replaces] : PerFile) {
    auto Buffer = llvm::MemoryBuffer::getFile(File);
    if (!Buffer) {
      error("cannot read '" + File + "': " + Buffer.getError().message());
      Ok = false;
      continue;
    }
    auto Fixed =
        clang::tooling::applyAllReplacements((*Buffer)->getBuffer(), Replaces);
    if (!Fixed) {
      error("cannot fix '" + File + "': " + toString(Fixed.takeError()));
      Ok = false;
      continue;
    }
    std::error_code EC;
    llvm::raw_fd_ostream OS(File, EC, llvm::sys::fs::OF_None);
    if (EC) {
      error("cannot write '" + File + "': " + EC.message());
      Ok = false;
      continue;
    }
    OS << *Fixed;
  }
  return Ok;
}

std::string currentDirectory() {
  llvm::SmallString<256> Dir;
  llvm::sys::fs::current_path(Dir);
  return std::string(Dir);
}

int report(const project::Project &Project, int Argc, const char **Argv) {
  Sources Src;
  NoLints Silencer(Src);
  std::vector<project::Finding> Findings;
  for (project::Finding &F : Project.findings())
    if (!Silencer.silence(F))
      Findings.push_back(std::move(F));

  if (!Quiet)
    for (const project::Finding &F : Findings) {
      printOne(llvm::outs(), F.Level, F.At, F.Message, F.Check, Src);
      for (const project::Note &N : F.Notes)
        printOne(llvm::outs(), "note", N.At, N.Text, "", Src);
    }
  llvm::errs() << "taskfit-project: " << Project.units().size()
               << " translation units, " << Project.functionCount()
               << " functions summarized: " << Findings.size()
               << " findings across files\n";

  int Code = Findings.empty() ? ExitClean : ExitFindings;
  std::vector<clang::tooling::Diagnostic> Diags = toolingDiagnostics(Findings);
  if (!Sarif.empty()) {
    SarifOptions Options;
    llvm::SmallString<256> Root(SarifRoot.empty() ? currentDirectory()
                                                  : SarifRoot);
    llvm::sys::fs::make_absolute(Root);
    Options.RootDirectory = std::string(Root);
    SarifInvocation Invocation;
    Invocation.Arguments.assign(Argv, Argv + Argc);
    Invocation.WorkingDirectory = currentDirectory();
    Invocation.ExitCode = Code;
    std::error_code EC;
    llvm::raw_fd_ostream OS(Sarif, EC, llvm::sys::fs::OF_Text);
    if (EC) {
      error("cannot write '" + Sarif + "': " + EC.message());
      return ExitConfigError;
    }
    OS << buildSarifLog(Diags, Options, Invocation);
  }
  if (!ExportFixes.empty()) {
    std::error_code EC;
    llvm::raw_fd_ostream OS(ExportFixes, EC, llvm::sys::fs::OF_Text);
    if (EC) {
      error("cannot write '" + ExportFixes + "': " + EC.message());
      return ExitConfigError;
    }
    clang::tooling::TranslationUnitDiagnostics TUD;
    TUD.MainSourceFile = "";
    TUD.Diagnostics = std::move(Diags);
    llvm::yaml::Output YAML(OS);
    YAML << TUD;
  }
  if (Fix && !applyFixes(Findings))
    return ExitConfigError;
  return Code;
}

} // namespace

int main(int Argc, const char **Argv) {
  cl::HideUnrelatedOptions(Category);
  cl::AddExtraVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "taskfit version " TASKFIT_VERSION "\n";
  });
  if (!cl::ParseCommandLineOptions(
          Argc, Argv,
          "taskfit-project: merges whole-project summaries and reports the "
          "findings that cross files\n\n"
          "  taskfit-project report [options] <summary>...\n"
          "  taskfit-project merge -o <merged.json> <summary>...\n\n"
          "Exit codes: 0 no findings, 1 findings, 2 a summary is missing, "
          "broken or from another taskfit version.\n",
          &llvm::errs()))
    return ExitConfigError;
  if (Command != "report" && Command != "merge") {
    error("unknown command '" + Command + "': expected 'report' or 'merge'");
    return ExitConfigError;
  }
  if (Command == "merge" && Output.empty()) {
    error("merge needs -o <file>");
    return ExitConfigError;
  }
  std::vector<std::string> Paths(Inputs.begin(), Inputs.end());
  auto Loaded = project::loadProject(Paths);
  if (!Loaded) {
    error(toString(Loaded.takeError()));
    return ExitConfigError;
  }
  if (!Output.empty()) {
    project::SummaryFile Merged;
    Merged.Units = Loaded->units();
    if (llvm::Error Err = project::writeSummaryFile(Output, Merged)) {
      error(toString(std::move(Err)));
      return ExitConfigError;
    }
  }
  if (Command == "merge")
    return ExitClean;
  return report(*Loaded, Argc, Argv);
}
