//===--- ProjectSummary.cpp - what a translation unit tells the project --===//

#include "ProjectSummary.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <iterator>
#include <limits>
#include <queue>
#include <set>
#include <tuple>

namespace clang::tidy::taskfit::project {

namespace json = llvm::json;

namespace {

// --- writing --------------------------------------------------------------

json::Value kindValue(WorkKind K) { return workKindName(K); }

json::Value placeValue(const Place &P) {
  return json::Object{{"file", P.File},
                      {"line", P.Line},
                      {"col", P.Column},
                      {"offset", P.Offset}};
}

json::Value notesValue(const std::vector<Note> &Notes) {
  json::Array Out;
  for (const Note &N : Notes)
    Out.push_back(json::Object{{"at", placeValue(N.At)}, {"text", N.Text}});
  return Out;
}

json::Value functionValue(const FunctionRecord &F) {
  json::Array Work, Calls;
  for (const WorkRecord &W : F.Work)
    Work.push_back(json::Object{{"kind", kindValue(W.Kind)},
                                {"category", W.Category},
                                {"work", W.Work},
                                {"depth", W.Depth},
                                {"gil_released", W.GilReleased},
                                {"notes", notesValue(W.Notes)}});
  for (const CallRecord &C : F.Calls)
    Calls.push_back(json::Object{{"symbol", C.Symbol},
                                 {"kind", kindValue(C.Kind)},
                                 {"depth", C.Depth},
                                 {"gil_released", C.GilReleased},
                                 {"notes", notesValue(C.Notes)}});
  json::Array Overrides;
  for (const std::string &O : F.Overrides)
    Overrides.push_back(O);
  return json::Object{
      {"symbol", F.Symbol},        {"name", F.Name},
      {"at", placeValue(F.At)},    {"work", std::move(Work)},
      {"calls", std::move(Calls)}, {"overrides", std::move(Overrides)}};
}

json::Value pendingValue(const PendingFinding &P) {
  json::Array Fixes;
  for (const Replacement &R : P.Fixes)
    Fixes.push_back(json::Object{{"file", R.File},
                                 {"offset", R.Offset},
                                 {"length", R.Length},
                                 {"text", R.Text}});
  return json::Object{{"check", P.Check},
                      {"kind", kindValue(P.Kind)},
                      {"symbol", P.Symbol},
                      {"level", P.Level},
                      {"message", P.Message},
                      {"at", placeValue(P.At)},
                      {"notes", notesValue(P.Notes)},
                      {"gil_held", P.GilHeld},
                      {"fixes", std::move(Fixes)}};
}

} // namespace

// --- reading --------------------------------------------------------------
// (Found by argument-dependent lookup from llvm::json, hence not in the
// anonymous namespace.)

/// A count that is a non-negative integer.
static bool mapCount(const json::Value &V, llvm::StringRef Key, unsigned &Out,
                     json::Path P) {
  const json::Object *O = V.getAsObject();
  std::optional<int64_t> N = O ? O->getInteger(Key) : std::nullopt;
  if (!N || *N < 0 || *N > std::numeric_limits<unsigned>::max()) {
    P.field(Key).report("expected a non-negative integer");
    return false;
  }
  Out = static_cast<unsigned>(*N);
  return true;
}

} // namespace clang::tidy::taskfit::project

namespace clang::tidy::taskfit {
bool fromJSON(const llvm::json::Value &V, WorkKind &K, llvm::json::Path P) {
  std::optional<llvm::StringRef> S = V.getAsString();
  for (WorkKind Kind : project::SummaryKinds)
    if (S && *S == workKindName(Kind)) {
      K = Kind;
      return true;
    }
  P.report("expected \"blocking\", \"cpu-heavy\", \"python-api\" or "
           "\"thread-start\"");
  return false;
}
} // namespace clang::tidy::taskfit

namespace clang::tidy::taskfit::project {

bool fromJSON(const json::Value &V, Place &Out, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("file", Out.File) && mapCount(V, "line", Out.Line, P) &&
         mapCount(V, "col", Out.Column, P) &&
         mapCount(V, "offset", Out.Offset, P);
}

bool fromJSON(const json::Value &V, Note &Out, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("at", Out.At) && O.map("text", Out.Text);
}

bool fromJSON(const json::Value &V, WorkRecord &Out, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("kind", Out.Kind) && O.map("category", Out.Category) &&
         O.map("work", Out.Work) && mapCount(V, "depth", Out.Depth, P) &&
         O.map("gil_released", Out.GilReleased) && O.map("notes", Out.Notes);
}

bool fromJSON(const json::Value &V, CallRecord &Out, json::Path P) {
  json::ObjectMapper O(V, P);
  if (!(O && O.map("symbol", Out.Symbol) && O.map("kind", Out.Kind) &&
        mapCount(V, "depth", Out.Depth, P) &&
        O.map("gil_released", Out.GilReleased) && O.map("notes", Out.Notes)))
    return false;
  if (Out.Depth == 0) {
    P.field("depth").report("a call is at least one call deep");
    return false;
  }
  return true;
}

bool fromJSON(const json::Value &V, FunctionRecord &Out, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("symbol", Out.Symbol) && O.map("name", Out.Name) &&
         O.map("at", Out.At) && O.map("work", Out.Work) &&
         O.map("calls", Out.Calls) && O.map("overrides", Out.Overrides);
}

bool fromJSON(const json::Value &V, Replacement &Out, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("file", Out.File) && mapCount(V, "offset", Out.Offset, P) &&
         mapCount(V, "length", Out.Length, P) && O.map("text", Out.Text);
}

bool fromJSON(const json::Value &V, PendingFinding &Out, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("check", Out.Check) && O.map("kind", Out.Kind) &&
         O.map("symbol", Out.Symbol) && O.map("level", Out.Level) &&
         O.map("message", Out.Message) && O.map("at", Out.At) &&
         O.map("notes", Out.Notes) && O.map("gil_held", Out.GilHeld) &&
         O.map("fixes", Out.Fixes);
}

bool fromJSON(const json::Value &V, UnitSummary &Out, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("file", Out.File) && O.map("includes", Out.Includes) &&
         O.map("functions", Out.Functions) && O.map("pending", Out.Pending);
}

namespace {

llvm::Error fileError(llvm::StringRef Path, const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "summary '" + Path + "': " + Message);
}

/// What Project::Node keeps per function: for work, the witness through
/// any chain and the one through chains that keep the GIL held (a binding
/// holding the GIL cares); for the other facts, one witness.
struct Variant {
  WorkKind Kind;
  bool GilHeld;
};
constexpr Variant Variants[] = {
    {WorkKind::Blocking, false},  {WorkKind::Blocking, true},
    {WorkKind::CpuHeavy, false},  {WorkKind::CpuHeavy, true},
    {WorkKind::PythonApi, false}, {WorkKind::ThreadStart, false}};
static_assert(std::size(Variants) == Project::VariantCount);

/// True for the kinds whose witnesses are kept apart by the GIL.
bool splitsByGil(WorkKind K) {
  return K == WorkKind::Blocking || K == WorkKind::CpuHeavy;
}

/// Project::Node's index of \p K, through chains that keep the GIL held
/// if \p GilHeld (for work), or -1.
int variantIndex(WorkKind K, bool GilHeld) {
  GilHeld = GilHeld && splitsByGil(K);
  for (int I = 0; I < Project::VariantCount; ++I)
    if (Variants[I].Kind == K && Variants[I].GilHeld == GilHeld)
      return I;
  return -1;
}

} // namespace

std::string toJson(const SummaryFile &File) {
  json::Array Units;
  for (const UnitSummary &U : File.Units) {
    json::Array Functions, Pending, Includes;
    for (const FunctionRecord &F : U.Functions)
      Functions.push_back(functionValue(F));
    for (const PendingFinding &P : U.Pending)
      Pending.push_back(pendingValue(P));
    for (const std::string &I : U.Includes)
      Includes.push_back(I);
    Units.push_back(json::Object{{"file", U.File},
                                 {"includes", std::move(Includes)},
                                 {"functions", std::move(Functions)},
                                 {"pending", std::move(Pending)}});
  }
  json::Value Doc = json::Object{{"format", FormatName},
                                 {"version", FormatVersion},
                                 {"taskfit", TASKFIT_VERSION},
                                 {"units", std::move(Units)}};
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  OS << Doc << "\n";
  return Text;
}

llvm::Error writeSummaryFile(llvm::StringRef Path, const SummaryFile &File) {
  // Written whole to a temporary file, then renamed: a reader (a shard's
  // merge job, an editor) never sees half a file.
  llvm::SmallString<256> Temp(Path);
  Temp += ".tmp";
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Temp, EC, llvm::sys::fs::OF_None);
    if (EC)
      return fileError(Path, "cannot write: " + EC.message());
    OS << toJson(File);
    OS.close();
    if (OS.has_error())
      return fileError(Path, "cannot write: " + OS.error().message());
  }
  if (std::error_code EC = llvm::sys::fs::rename(Temp, Path))
    return fileError(Path, "cannot write: " + EC.message());
  return llvm::Error::success();
}

llvm::Expected<SummaryFile> readSummaryFile(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return fileError(Path, "cannot read: " + Buffer.getError().message());
  llvm::Expected<json::Value> Doc = json::parse((*Buffer)->getBuffer());
  if (!Doc)
    return fileError(Path, "not valid JSON: " + toString(Doc.takeError()));
  const json::Object *Top = Doc->getAsObject();
  if (!Top || Top->getString("format") != FormatName)
    return fileError(Path, "not a taskfit project summary (no \"format\": \"" +
                               FormatName + "\")");
  std::optional<int64_t> Version = Top->getInteger("version");
  std::optional<llvm::StringRef> Writer = Top->getString("taskfit");
  if (Version != FormatVersion || Writer != llvm::StringRef(TASKFIT_VERSION))
    return fileError(
        Path, "written by taskfit " + Writer.value_or("(unknown)") +
                  " (format version " +
                  (Version ? std::to_string(*Version) : "?") +
                  "); this is taskfit " TASKFIT_VERSION " (format version " +
                  std::to_string(FormatVersion) +
                  "): run the map step again with this version");
  SummaryFile Out;
  json::Path::Root Root("summary");
  const json::Value *Units = Top->get("units");
  if (!Units || !fromJSON(*Units, Out.Units, json::Path(Root).field("units"))) {
    std::string Message;
    llvm::raw_string_ostream OS(Message);
    OS << toString(Root.getError());
    return fileError(Path, "malformed: " + Message);
  }
  return Out;
}

llvm::Expected<std::vector<std::string>> summaryFilesIn(llvm::StringRef Path) {
  std::vector<std::string> Out;
  if (!llvm::sys::fs::is_directory(Path)) {
    if (!llvm::sys::fs::exists(Path))
      return fileError(Path, "no such file or directory");
    Out.push_back(Path.str());
    return Out;
  }
  std::error_code EC;
  for (llvm::sys::fs::recursive_directory_iterator It(Path, EC), End;
       It != End && !EC; It.increment(EC))
    if (llvm::sys::path::extension(It->path()) == ".json" &&
        It->type() != llvm::sys::fs::file_type::directory_file)
      Out.push_back(It->path());
  if (EC)
    return fileError(Path, "cannot list: " + EC.message());
  llvm::sort(Out);
  return Out;
}

std::string virtualSymbol(llvm::StringRef Method, bool Pure) {
  return (Pure ? "virtual:" : "virtual+:") + Method.str();
}

void Project::add(UnitSummary Unit) { Units.push_back(std::move(Unit)); }

bool Project::settleVirtualCalls() {
  // Every virtual symbol some call stands for, with its targets.
  llvm::StringMap<std::vector<llvm::StringRef>> Targets;
  auto Want = [&](llvm::StringRef Symbol) {
    bool Pure = Symbol.consume_front("virtual:");
    if (!Pure && !Symbol.consume_front("virtual+:"))
      return;
    std::string Key = virtualSymbol(Symbol, Pure);
    if (Targets.count(Key) || Functions.count(Key))
      return;
    std::vector<llvm::StringRef> &List = Targets[Key];
    if (!Pure)
      List.push_back(Symbol);
  };
  for (const UnitSummary &U : Units) {
    for (const FunctionRecord &F : U.Functions)
      for (const CallRecord &C : F.Calls)
        Want(C.Symbol);
    for (const PendingFinding &P : U.Pending)
      Want(P.Symbol);
  }
  for (const UnitSummary &U : Units)
    for (const FunctionRecord &F : U.Functions)
      for (const std::string &Overridden : F.Overrides)
        for (bool Pure : {true, false})
          if (auto It = Targets.find(virtualSymbol(Overridden, Pure));
              It != Targets.end())
            It->second.push_back(F.Symbol);

  bool Added = false;
  for (auto &[Key, Members] : Targets) {
    if (Members.empty())
      continue;
    FunctionRecord V;
    V.Symbol = Key.str();
    for (const Variant &Var : Variants) {
      WorkKind Kind = Var.Kind;
      bool GilHeld = Var.GilHeld;
      // Every target must reach the work; the witness is the shortest.
      const Reached *Best = nullptr;
      bool All = true;
      for (llvm::StringRef Member : Members) {
        const Reached *R = reach(Member, Kind, GilHeld);
        if (!R) {
          All = false;
          break;
        }
        if (!Best || R->Depth < Best->Depth)
          Best = R;
      }
      if (!All || !Best)
        continue;
      // A GIL-held witness is recorded only if it differs in kind of
      // chain: the all-chains round covers the rest.
      if (GilHeld && llvm::any_of(V.Work, [&](const WorkRecord &W) {
            return W.Kind == Kind && !W.GilReleased;
          }))
        continue;
      V.Work.push_back({Kind, Best->Category, Best->Work, Best->Depth,
                        Best->Notes, /*GilReleased=*/!GilHeld});
    }
    if (V.Work.empty())
      continue;
    Virtuals.push_back(std::move(V));
    Added = true;
  }
  return Added;
}

Project::CallerIndices Project::indexCallers() {
  CallerIndices Callers;
  for (auto &Entry : Functions)
    for (const CallRecord &C : Entry.second.Record->Calls) {
      Callers[variantIndex(C.Kind, false)][C.Symbol].push_back(
          {&Entry.second, &C});
      if (!C.GilReleased && splitsByGil(C.Kind))
        Callers[variantIndex(C.Kind, true)][C.Symbol].push_back(
            {&Entry.second, &C});
    }
  return Callers;
}

void Project::settleVariant(int K, const CallerIndex &Callers,
                            WitnessSteps &Via) {
  auto [Kind, GilHeld] = Variants[K];
  using Item = std::tuple<unsigned, std::string, Node *>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> Queue;
  // Each function's own work of this variant, the shallowest first.
  for (auto &Entry : Functions) {
    Node &N = Entry.second;
    const WorkRecord *Best = nullptr;
    for (const WorkRecord &W : N.Record->Work)
      if (W.Kind == Kind && !(GilHeld && W.GilReleased) &&
          (!Best || W.Depth < Best->Depth))
        Best = &W;
    if (!Best)
      continue;
    N.Has[K] = true;
    N.Reach[K] = {Best->Category, Best->Work, Best->Depth, Best->Notes};
    Queue.push({Best->Depth, Entry.first().str(), &N});
  }
  llvm::DenseSet<Node *> Settled;
  while (!Queue.empty()) {
    auto [Depth, Symbol, N] = Queue.top();
    Queue.pop();
    if (!Settled.insert(N).second)
      continue;
    auto It = Callers.find(Symbol);
    if (It == Callers.end())
      continue;
    for (const CallerEdge &E : It->second) {
      unsigned Through = E.Call->Depth + Depth;
      if (Settled.count(E.Caller) ||
          (E.Caller->Has[K] && E.Caller->Reach[K].Depth <= Through))
        continue;
      E.Caller->Has[K] = true;
      E.Caller->Reach[K].Depth = Through;
      Via[E.Caller] = {E.Call, N};
      Queue.push({Through, E.Caller->Record->Symbol, E.Caller});
    }
  }
}

void Project::wordWitnesses(int K, WitnessSteps &Via) {
  std::vector<std::pair<unsigned, Node *>> Order;
  for (auto &[Caller, Step] : Via)
    Order.push_back({Caller->Reach[K].Depth, Caller});
  llvm::sort(Order, [](const auto &A, const auto &B) {
    return std::tie(A.first, A.second->Record->Symbol) <
           std::tie(B.first, B.second->Record->Symbol);
  });
  for (auto [Depth, Caller] : Order) {
    auto [Call, Callee] = Via[Caller];
    Reached R = Callee->Reach[K];
    R.Depth = Depth;
    R.Notes.insert(R.Notes.begin(), Call->Notes.begin(), Call->Notes.end());
    Caller->Reach[K] = std::move(R);
  }
}

void Project::resolve() {
  Functions.clear();
  for (const UnitSummary &U : Units)
    for (const FunctionRecord &F : U.Functions)
      Functions.try_emplace(F.Symbol).first->second.Record = &F;
  for (const FunctionRecord &F : Virtuals)
    Functions.try_emplace(F.Symbol).first->second.Record = &F;
  CallerIndices Callers = indexCallers();
  for (int K = 0; K < VariantCount; ++K) {
    WitnessSteps Via;
    settleVariant(K, Callers[K], Via);
    wordWitnesses(K, Via);
  }
}

const Project::Reached *Project::reach(llvm::StringRef Symbol, WorkKind Kind,
                                       bool GilHeld) const {
  auto It = Functions.find(Symbol);
  int K = variantIndex(Kind, GilHeld);
  if (It == Functions.end() || K < 0)
    return nullptr;
  return It->second.Has[K] ? &It->second.Reach[K] : nullptr;
}

const FunctionRecord *Project::function(llvm::StringRef Symbol) const {
  auto It = Functions.find(Symbol);
  return It == Functions.end() ? nullptr : It->second.Record;
}

std::vector<Finding> Project::findings() const {
  std::vector<Finding> Out;
  // One finding per check and place: the first pending one that holds (a
  // call may lead to several functions defined elsewhere).
  std::set<std::tuple<std::string, std::string, unsigned, unsigned>> Seen;
  for (const UnitSummary &U : Units)
    for (const PendingFinding &P : U.Pending) {
      const Reached *R = reach(P.Symbol, P.Kind, P.GilHeld);
      if (!R ||
          !Seen.insert({P.Check, P.At.File, P.At.Line, P.At.Column}).second)
        continue;
      Finding F{P.Check, P.Level, P.Message, P.At, {}, P.Fixes};
      size_t Pos = F.Message.find(WorkMarker.str());
      if (Pos != std::string::npos)
        F.Message.replace(Pos, WorkMarker.size(), R->Work);
      for (const Note &N : P.Notes) {
        if (N.Text == ChainMarker) {
          F.Notes.insert(F.Notes.end(), R->Notes.begin(), R->Notes.end());
          continue;
        }
        Note Worded = N;
        size_t At = Worded.Text.find(WorkMarker.str());
        if (At != std::string::npos)
          Worded.Text.replace(At, WorkMarker.size(), R->Work);
        F.Notes.push_back(std::move(Worded));
      }
      Out.push_back(std::move(F));
    }
  llvm::sort(Out, [](const Finding &A, const Finding &B) {
    return std::tie(A.At.File, A.At.Line, A.At.Column, A.Check) <
           std::tie(B.At.File, B.At.Line, B.At.Column, B.Check);
  });
  return Out;
}

llvm::Expected<Project> loadProject(llvm::ArrayRef<std::string> Paths) {
  Project Out;
  for (const std::string &Path : Paths) {
    auto Files = summaryFilesIn(Path);
    if (!Files)
      return Files.takeError();
    for (const std::string &File : *Files) {
      auto Summary = readSummaryFile(File);
      if (!Summary)
        return Summary.takeError();
      for (UnitSummary &U : Summary->Units)
        Out.add(std::move(U));
    }
  }
  Out.resolve();
  // Virtual calls settle once their overriders have; a virtual call in an
  // overrider's chain may need another round. Each round adds records, so
  // this ends.
  while (Out.settleVirtualCalls())
    Out.resolve();
  return Out;
}

} // namespace clang::tidy::taskfit::project
