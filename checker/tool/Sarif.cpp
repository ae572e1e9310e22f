//===--- Sarif.cpp - clang-tidy diagnostics as a SARIF 2.1.0 log ----------===//

#include "Sarif.h"

#include "FileUri.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include <nlohmann/json.hpp>
#include <optional>

namespace clang::tidy::taskfit {

namespace {

// Keys in the order written: a log reads top-down ($schema, version, runs).
using json = nlohmann::ordered_json;

/// docs/checks/<check>.md, embedded at build time (cmake/EmbedCheckDocs.cmake).
struct CheckDoc {
  const char *Check;
  const char *Markdown;
};
const CheckDoc CheckDocs[] = {
#include "check_docs.inc"
    {nullptr, nullptr}};

const char *const SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/"
                              "errata01/os/schemas/sarif-schema-2.1.0.json";
const char *const RootBaseId = "SRCROOT";
/// Versioned, so a change of the fingerprint's recipe cannot silently match
/// (or miss) findings recorded under the old one.
const char *const FingerprintKey = "taskfitLineHash/v1";

std::optional<llvm::StringRef> checkDoc(llvm::StringRef Check) {
  for (const CheckDoc &Doc : CheckDocs)
    if (Doc.Check && Check == Doc.Check)
      return llvm::StringRef(Doc.Markdown);
  return std::nullopt;
}

/// The first paragraph after the heading \p Heading ("## Why"), or after the
/// page's title when \p Heading is empty, joined into one line.
std::string paragraphAfter(llvm::StringRef Markdown, llvm::StringRef Heading) {
  llvm::SmallVector<llvm::StringRef> Lines;
  Markdown.split(Lines, '\n');
  size_t I = 0;
  for (; I < Lines.size(); ++I) {
    llvm::StringRef Line = Lines[I].trim();
    if (Heading.empty() ? Line.starts_with("# ") : Line == Heading)
      break;
  }
  if (I == Lines.size())
    return "";
  for (++I; I < Lines.size() && Lines[I].trim().empty(); ++I)
    ;
  std::string Paragraph;
  for (; I < Lines.size(); ++I) {
    llvm::StringRef Line = Lines[I].trim();
    if (Line.empty() || Line.starts_with("#") || Line.starts_with("|") ||
        Line.starts_with("```"))
      break;
    if (!Paragraph.empty())
      Paragraph += ' ';
    Paragraph += Line.str();
  }
  return Paragraph;
}

/// Where clang-tidy documents one of its own checks: the module is the part
/// before the first '-' (clang-analyzer-* is the exception).
std::string clangTidyHelpUri(llvm::StringRef Check) {
  llvm::StringRef Module, Rest;
  if (Check.consume_front("clang-analyzer-")) {
    Module = "clang-analyzer";
    Rest = Check;
  } else {
    std::tie(Module, Rest) = Check.split('-');
  }
  if (Rest.empty())
    return "";
  return ("https://clang.llvm.org/extra/clang-tidy/checks/" + Module + "/" +
          Rest + ".html")
      .str();
}

json message(llvm::StringRef Text) { return json{{"text", Text.str()}}; }

/// The reportingDescriptor for one check or compiler diagnostic.
json ruleDescriptor(llvm::StringRef Id) {
  json Rule{{"id", Id.str()}};
  std::string Short, Full, HelpUri;
  std::optional<llvm::StringRef> Doc;
  if (Id.starts_with("taskfit-")) {
    if ((Doc = checkDoc(Id))) {
      Short = paragraphAfter(*Doc, "");
      Full = paragraphAfter(*Doc, "## Why");
    }
    HelpUri = (TASKFIT_DOCS_URL "docs/checks/" + Id + ".md").str();
    if (Short.empty())
      Short = ("taskfit check " + Id).str();
  } else if (Id == "clang-diagnostic-error") {
    Short = "Clang compiler error: the file could not be analysed";
  } else if (Id.starts_with("clang-diagnostic-")) {
    llvm::StringRef Warning = Id.drop_front(strlen("clang-diagnostic-"));
    Short = ("Clang compiler warning -W" + Warning).str();
    HelpUri =
        ("https://clang.llvm.org/docs/DiagnosticsReference.html#w" + Warning)
            .str();
  } else if (Id == "clang-tidy-config") {
    Short = "clang-tidy configuration problem";
  } else {
    Short = ("clang-tidy check " + Id).str();
    HelpUri = clangTidyHelpUri(Id);
  }
  Rule["shortDescription"] = message(Short);
  Rule["fullDescription"] = message(Full.empty() ? Short : Full);
  if (Doc)
    Rule["help"] = json{{"text", Doc->str()}, {"markdown", Doc->str()}};
  if (!HelpUri.empty())
    Rule["helpUri"] = HelpUri;
  Rule["defaultConfiguration"] = json{{"level", "warning"}};
  if (Id.starts_with("taskfit-"))
    Rule["properties"] = json{{"tags", {"taskfit", "concurrency"}}};
  return Rule;
}

const char *levelName(tooling::Diagnostic::Level Level) {
  switch (Level) {
  case tooling::Diagnostic::Error:
    return "error";
  case tooling::Diagnostic::Warning:
    return "warning";
  case tooling::Diagnostic::Remark:
    return "note";
  }
  return "warning";
}

/// Source files read once, with their line starts, to turn clang-tidy's byte
/// offsets into the line/column pairs SARIF viewers show.
class SourceFiles {
public:
  struct File {
    std::unique_ptr<llvm::MemoryBuffer> Buffer;
    std::vector<unsigned> LineStarts;
  };
  struct Position {
    unsigned Line;
    unsigned Column;
  };

  /// Null if the file cannot be read (then regions fall back to offsets).
  const File *get(llvm::StringRef Path) {
    auto [It, Inserted] = Cache.try_emplace(Path);
    if (Inserted) {
      auto Buffer =
          llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
      if (Buffer) {
        File F;
        F.Buffer = std::move(*Buffer);
        llvm::StringRef Text = F.Buffer->getBuffer();
        F.LineStarts.push_back(0);
        for (size_t I = 0; I < Text.size(); ++I)
          if (Text[I] == '\n')
            F.LineStarts.push_back(I + 1);
        It->second = std::move(F);
      }
    }
    return It->second ? &*It->second : nullptr;
  }

  /// 1-based line and column. Columns count UTF-16 code units, SARIF's
  /// default column kind and what GitHub and the SARIF viewers assume:
  /// clang's byte columns would be wrong after any non-ASCII character.
  static Position position(const File &F, unsigned Offset) {
    llvm::StringRef Text = F.Buffer->getBuffer();
    Offset = std::min<unsigned>(Offset, Text.size());
    auto It = llvm::upper_bound(F.LineStarts, Offset);
    unsigned Line = It - F.LineStarts.begin();
    unsigned Column = 1;
    for (unsigned I = F.LineStarts[Line - 1]; I < Offset; ++I) {
      unsigned char C = Text[I];
      if ((C & 0xC0) != 0x80)        // not a UTF-8 continuation byte
        Column += C >= 0xF0 ? 2 : 1; // outside the BMP: a surrogate pair
    }
    return {Line, Column};
  }

  static llvm::StringRef lineText(const File &F, unsigned Line) {
    llvm::StringRef Text = F.Buffer->getBuffer();
    unsigned Begin = F.LineStarts[Line - 1];
    unsigned End =
        Line < F.LineStarts.size() ? F.LineStarts[Line] : Text.size();
    return Text.slice(Begin, End).rtrim("\r\n");
  }

private:
  llvm::StringMap<std::optional<File>> Cache;
};

std::string absolutePath(llvm::StringRef BuildDirectory, llvm::StringRef Path) {
  llvm::SmallString<256> Result;
  if (llvm::sys::path::is_absolute(Path))
    Result = Path;
  else
    llvm::sys::path::append(Result, BuildDirectory, Path);
  llvm::sys::path::remove_dots(Result, /*remove_dot_dot=*/true);
  return std::string(Result);
}

/// Builds the log's parts; one instance per log.
class SarifBuilder {
public:
  explicit SarifBuilder(const SarifOptions &Options) {
    llvm::SmallString<256> Root(Options.RootDirectory);
    llvm::sys::path::remove_dots(Root, /*remove_dot_dot=*/true);
    RootPrefix = std::string(Root);
    if (!RootPrefix.empty() && RootPrefix.back() != '/')
      RootPrefix += '/';
  }

  json artifactLocation(llvm::StringRef AbsPath) const {
    if (!RootPrefix.empty() && AbsPath.starts_with(RootPrefix))
      return json{{"uri", percentEncode(AbsPath.drop_front(RootPrefix.size()))},
                  {"uriBaseId", RootBaseId}};
    return json{{"uri", fileUri(AbsPath)}};
  }

  json originalUriBaseIds() const {
    return json{{RootBaseId, json{{"uri", fileUri(RootPrefix)}}}};
  }

  /// A region from a byte range: line/column when the file can be read,
  /// and the exact bytes when \p WithBytes (replacements need them).
  json region(llvm::StringRef Path, unsigned Offset,
              std::optional<unsigned> Length, bool WithBytes) {
    json Region;
    if (const SourceFiles::File *F = Files.get(Path)) {
      auto Start = SourceFiles::position(*F, Offset);
      Region["startLine"] = Start.Line;
      Region["startColumn"] = Start.Column;
      if (Length) {
        auto End = SourceFiles::position(*F, Offset + *Length);
        Region["endLine"] = End.Line;
        Region["endColumn"] = End.Column;
      }
    } else {
      WithBytes = true;
    }
    if (WithBytes) {
      Region["byteOffset"] = Offset;
      if (Length)
        Region["byteLength"] = *Length;
    }
    return Region;
  }

  json physicalLocation(const tooling::DiagnosticMessage &M,
                        llvm::StringRef BuildDirectory) {
    std::string Path = absolutePath(BuildDirectory, M.FilePath);
    std::optional<unsigned> Length;
    // The first highlighted range that starts at the diagnostic's location
    // gives the finding its extent (the call, not just its first character).
    for (const tooling::FileByteRange &R : M.Ranges)
      if (R.FileOffset == M.FileOffset &&
          absolutePath(BuildDirectory, R.FilePath) == Path) {
        Length = R.Length;
        break;
      }
    return json{{"artifactLocation", artifactLocation(Path)},
                {"region", region(Path, M.FileOffset, Length,
                                  /*WithBytes=*/false)}};
  }

  /// "<hash of the trimmed line>:<occurrence>": stable under edits elsewhere
  /// in the file, unlike a line number.
  std::string lineHash(const tooling::DiagnosticMessage &M,
                       llvm::StringRef BuildDirectory) {
    std::string Path = absolutePath(BuildDirectory, M.FilePath);
    std::string Normalized;
    if (const SourceFiles::File *F = Files.get(Path)) {
      auto Pos = SourceFiles::position(*F, M.FileOffset);
      llvm::SmallVector<llvm::StringRef> Words;
      SourceFiles::lineText(*F, Pos.Line)
          .split(Words, ' ', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
      for (llvm::StringRef W : Words) {
        W = W.trim();
        if (W.empty())
          continue;
        if (!Normalized.empty())
          Normalized += ' ';
        Normalized += W.str();
      }
    }
    std::string Hash;
    llvm::raw_string_ostream(Hash)
        << llvm::format_hex_no_prefix(llvm::xxh3_64bits(Normalized), 16);
    return Hash;
  }

  unsigned ruleIndex(llvm::StringRef Id) {
    auto [It, Inserted] = RuleIndices.try_emplace(Id, Rules.size());
    if (Inserted)
      Rules.push_back(ruleDescriptor(Id));
    return It->second;
  }

  json takeRules() { return std::move(Rules); }

private:
  std::string RootPrefix;
  SourceFiles Files;
  llvm::StringMap<unsigned> RuleIndices;
  json Rules = json::array();
};

/// One step of a call chain as a note words it. The exported diagnostics
/// carry notes as text only, and taskfit's checks word each step in one of
/// these forms (TaskfitCheck::noteChain and the checks that extend it):
///   <caller> calls <callee> here        (<callee> may be the work itself)
///   <caller> runs a <work> here         (a loop: the end of the chain)
///   <caller> does a <work> here         (a Python API use)
///   <callee> is called while '<m>' is held   (a chain's first step only)
///   <work> runs while '<m>' is held          (likewise)
struct ChainStep {
  llvm::StringRef Caller; ///< Empty for a first-step-only form.
  llvm::StringRef Callee;
  bool IsCall; ///< Not a loop or a Python API use.
};

std::optional<ChainStep> parseChainStep(llvm::StringRef Message) {
  llvm::StringRef Rest = Message;
  if (Rest.consume_back(" here")) {
    for (llvm::StringRef Verb : {" calls ", " runs a ", " does a "}) {
      auto [Caller, Callee] = Rest.split(Verb);
      if (!Callee.empty() && !Caller.empty())
        return ChainStep{Caller, Callee, Verb == " calls "};
    }
    return std::nullopt;
  }
  if (Rest.consume_back(" is held"))
    for (llvm::StringRef Verb : {" is called while ", " runs while "}) {
      auto [Callee, Mutex] = Rest.split(Verb);
      if (!Mutex.empty() && !Callee.empty())
        return ChainStep{"", Callee, Verb == " is called while "};
    }
  return std::nullopt;
}

/// The finding's call chain as a SARIF code flow: the finding's own
/// location first, then one step per note of the chain, down to the
/// blocking or CPU-heavy work. The chain is the first run of step notes in
/// which each step's caller is the previous step's callee; notes around it
/// (the decision-table row, how a thread was started) are not steps. None
/// without such notes: a direct call is its own whole path.
std::optional<json> callChainFlow(const tooling::Diagnostic &D,
                                  const json &FindingLocation,
                                  SarifBuilder &Builder) {
  llvm::SmallVector<std::pair<const tooling::DiagnosticMessage *, bool>>
      Steps; // the note, and whether it is a call
  llvm::StringRef Callee;
  for (const tooling::DiagnosticMessage &Note : D.Notes) {
    std::optional<ChainStep> Step = parseChainStep(Note.Message);
    bool Continues = Step && !Step->Caller.empty() && Step->Caller == Callee &&
                     !Note.FilePath.empty();
    if (!Steps.empty() && !Continues)
      break;
    if (Steps.empty() && (!Step || Note.FilePath.empty()))
      continue;
    Steps.emplace_back(&Note, Step->IsCall);
    Callee = Step->Callee;
  }
  if (Steps.empty())
    return std::nullopt;

  auto FlowLocation = [](json Location, llvm::StringRef Text, unsigned Order,
                         bool IsCall, bool Essential) {
    Location = json{{"physicalLocation", std::move(Location)},
                    {"message", message(Text)}};
    json Step{{"location", std::move(Location)}};
    if (IsCall)
      Step["kinds"] = {"call"};
    Step["executionOrder"] = Order;
    if (Essential)
      Step["importance"] = "essential";
    return Step;
  };
  // The first step is where the finding is, and says what is wrong there.
  json Locations = json::array();
  Locations.push_back(FlowLocation(FindingLocation, D.Message.Message, 1,
                                   /*IsCall=*/false, /*Essential=*/true));
  for (unsigned I = 0; I < Steps.size(); ++I) {
    auto [Note, IsCall] = Steps[I];
    Locations.push_back(FlowLocation(
        Builder.physicalLocation(*Note, D.BuildDirectory), Note->Message, I + 2,
        IsCall, /*Essential=*/I + 1 == Steps.size()));
  }
  return json{{"message", message(("call chain to " + Callee).str())},
              {"threadFlows",
               json::array({json{{"locations", std::move(Locations)}}})}};
}

json directoryUri(llvm::StringRef Dir) {
  std::string Uri = fileUri(Dir);
  if (Uri.back() != '/')
    Uri += '/';
  return json{{"uri", Uri}};
}

/// The diagnostics in a deterministic order: by file, position, check,
/// message.
std::vector<const tooling::Diagnostic *>
sortedDiagnostics(llvm::ArrayRef<tooling::Diagnostic> Input) {
  std::vector<const tooling::Diagnostic *> Diags;
  for (const tooling::Diagnostic &D : Input)
    Diags.push_back(&D);
  auto Key = [](const tooling::Diagnostic *D) {
    return std::make_tuple(llvm::StringRef(D->Message.FilePath),
                           D->Message.FileOffset,
                           llvm::StringRef(D->DiagnosticName),
                           llvm::StringRef(D->Message.Message));
  };
  llvm::sort(Diags,
             [&](const tooling::Diagnostic *A, const tooling::Diagnostic *B) {
               return Key(A) < Key(B);
             });
  return Diags;
}

/// A diagnostic without a source location as a tool configuration
/// notification.
json configurationNotification(const tooling::Diagnostic &D) {
  return json{{"level", levelName(D.DiagLevel)},
              {"message", message(D.Message.Message)},
              {"descriptor", json{{"id", D.DiagnosticName}}}};
}

/// The notes (the call chain, the decision-table row) as related locations;
/// an empty array if there are none.
json relatedLocations(const tooling::Diagnostic &D, SarifBuilder &Builder) {
  json Related = json::array();
  unsigned NoteId = 0;
  for (const tooling::DiagnosticMessage &Note : D.Notes) {
    json R{{"id", ++NoteId}, {"message", message(Note.Message)}};
    if (!Note.FilePath.empty())
      R["physicalLocation"] = Builder.physicalLocation(Note, D.BuildDirectory);
    Related.push_back(std::move(R));
  }
  return Related;
}

/// The fix-its clang-tidy would apply with --fix, as artifact changes; an
/// empty array if there are none.
json artifactChanges(const tooling::Diagnostic &D, SarifBuilder &Builder) {
  json Changes = json::array();
  for (const auto &FileFix : D.Message.Fix) {
    json Replacements = json::array();
    std::string Path = absolutePath(D.BuildDirectory, FileFix.getKey());
    for (const tooling::Replacement &R : FileFix.getValue())
      Replacements.push_back(json{
          {"deletedRegion", Builder.region(Path, R.getOffset(), R.getLength(),
                                           /*WithBytes=*/true)},
          {"insertedContent", json{{"text", R.getReplacementText().str()}}}});
    if (!Replacements.empty())
      Changes.push_back(
          json{{"artifactLocation", Builder.artifactLocation(Path)},
               {"replacements", std::move(Replacements)}});
  }
  return Changes;
}

/// One finding as a SARIF result. \p Occurrences counts the findings seen so
/// far with the same check, file, message and line hash, so that identical
/// findings still get distinct fingerprints.
json resultFor(const tooling::Diagnostic &D, SarifBuilder &Builder,
               llvm::StringMap<unsigned> &Occurrences) {
  const tooling::DiagnosticMessage &M = D.Message;
  json Result{{"ruleId", D.DiagnosticName},
              {"ruleIndex", Builder.ruleIndex(D.DiagnosticName)},
              {"level", levelName(D.DiagLevel)},
              {"message", message(M.Message)}};
  json Location = Builder.physicalLocation(M, D.BuildDirectory);
  std::string Uri = Location["artifactLocation"]["uri"];
  Result["locations"] = json::array({json{{"physicalLocation", Location}}});

  json Related = relatedLocations(D, Builder);
  if (!Related.empty())
    Result["relatedLocations"] = std::move(Related);

  // The call chain again, as the path code-scanning UIs walk step by step.
  if (std::optional<json> Flow = callChainFlow(D, Location, Builder))
    Result["codeFlows"] = json::array({std::move(*Flow)});

  json Changes = artifactChanges(D, Builder);
  if (!Changes.empty())
    Result["fixes"] = json::array({json{
        {"description", message("apply the fix-it of " + D.DiagnosticName)},
        {"artifactChanges", std::move(Changes)}}});

  std::string Hash = Builder.lineHash(M, D.BuildDirectory);
  unsigned Occurrence = ++Occurrences[D.DiagnosticName + '\0' + Uri + '\0' +
                                      M.Message + '\0' + Hash];
  Result["partialFingerprints"] =
      json{{FingerprintKey, Hash + ":" + std::to_string(Occurrence)}};
  return Result;
}

/// The run's invocation: how taskfit-tidy was run and how it ended, with the
/// configuration problems it met.
json invocationObject(const SarifInvocation &Invocation,
                      json ConfigNotifications) {
  json Result{{"executionSuccessful", Invocation.ExecutionSuccessful},
              {"exitCode", Invocation.ExitCode}};
  if (!Invocation.Arguments.empty())
    Result["arguments"] = Invocation.Arguments;
  if (!Invocation.WorkingDirectory.empty())
    Result["workingDirectory"] = directoryUri(Invocation.WorkingDirectory);
  if (!ConfigNotifications.empty())
    Result["toolConfigurationNotifications"] = std::move(ConfigNotifications);
  return Result;
}

/// The tool's driver: taskfit's name, version and the rules the results use.
json driverObject(SarifBuilder &Builder) {
  return json{{"name", "taskfit"},
              {"fullName", "taskfit-tidy: clang-tidy " LLVM_VERSION_STRING
                           " with the taskfit checks"},
              {"version", TASKFIT_VERSION},
              {"semanticVersion", TASKFIT_VERSION},
              {"informationUri", TASKFIT_DOCS_URL "README.md"},
              {"rules", Builder.takeRules()}};
}

} // namespace

llvm::Expected<std::vector<tooling::Diagnostic>>
readExportedDiagnostics(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer) {
    if (Buffer.getError() == std::errc::no_such_file_or_directory)
      return std::vector<tooling::Diagnostic>();
    return llvm::createStringError(Buffer.getError(), "cannot read '%s': %s",
                                   Path.str().c_str(),
                                   Buffer.getError().message().c_str());
  }
  if ((*Buffer)->getBuffer().trim().empty())
    return std::vector<tooling::Diagnostic>();
  tooling::TranslationUnitDiagnostics TU;
  llvm::yaml::Input YIn((*Buffer)->getBuffer());
  YIn >> TU;
  if (YIn.error())
    return llvm::createStringError(
        YIn.error(), "'%s' is not a clang-tidy fixes file", Path.str().c_str());
  return std::move(TU.Diagnostics);
}

std::string buildSarifLog(llvm::ArrayRef<tooling::Diagnostic> Input,
                          const SarifOptions &Options,
                          const SarifInvocation &Invocation) {
  SarifBuilder Builder(Options);
  json Results = json::array();
  json ConfigNotifications = json::array();
  llvm::StringMap<unsigned> Occurrences;
  for (const tooling::Diagnostic *D : sortedDiagnostics(Input)) {
    // No source location: a problem with the configuration or the command
    // line (a broken decision table, an unknown compiler flag), not a finding.
    if (D->Message.FilePath.empty())
      ConfigNotifications.push_back(configurationNotification(*D));
    else
      Results.push_back(resultFor(*D, Builder, Occurrences));
  }

  json Invocation_ =
      invocationObject(Invocation, std::move(ConfigNotifications));
  json Driver = driverObject(Builder);
  json Run{{"tool", json{{"driver", std::move(Driver)}}},
           {"invocations", json::array({std::move(Invocation_)})},
           {"columnKind", "utf16CodeUnits"},
           {"results", std::move(Results)}};
  if (!Options.RootDirectory.empty())
    Run["originalUriBaseIds"] = Builder.originalUriBaseIds();

  json Log{{"$schema", SchemaUri},
           {"version", "2.1.0"},
           {"runs", json::array({std::move(Run)})}};
  // Replace rather than abort on invalid UTF-8 in a message or a file name:
  // this code runs without exceptions.
  return Log.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace clang::tidy::taskfit
