//===--- DecisionTable.cpp - taskfit's decision table as data -------------===//
//
// How each part of a table file is read (table/TableFields.h: fields
// declared once drive reading and unknown-key errors; table/PositionedJson.h:
// every error names file, line, column and JSON pointer), how a user layer
// is merged over the built-in table, and the queries the checks make.
//
//===----------------------------------------------------------------------===//

#include "DecisionTable.h"
#include "table/PositionedJson.h"
#include "table/TableFields.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include <cctype>
#include <iterator>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

namespace clang::tidy::taskfit {

using nlohmann::json;

namespace {

// The built-in table, embedded by the build (see checker/CMakeLists.txt).
const char BuiltinTableText[] =
#include "decision_table.json.inc"
    ;

/// llvm::GlobPattern keeps a StringRef into its pattern text, so the text
/// must outlive every copy of the table: patterns are interned for the life
/// of the process (a handful of kilobytes, user tables are cached).
llvm::StringRef internPattern(llvm::StringRef Pattern) {
  static std::mutex InternMutex;
  static llvm::StringSet<> Interned;
  std::lock_guard<std::mutex> Lock(InternMutex);
  return Interned.insert(Pattern).first->getKey();
}

/// How each kind of table object is read: its fields, then the checks
/// that span fields.
class LayerReader : public TableReader {
public:
  using TableReader::TableReader;

  std::optional<llvm::GlobPattern> compilePattern(const std::string &Pattern,
                                                  const std::string &Pointer) {
    if (Pattern.empty()) {
      error(Pointer, "a name pattern must not be empty");
      return std::nullopt;
    }
    // Qualified names are matched with a leading "::"; "std::sort" is
    // accepted for "::std::sort" (and "{a,b}" groups spell their own).
    char First = Pattern.front();
    bool StartsWithName =
        std::isalpha(static_cast<unsigned char>(First)) || First == '_';
    std::string Full = StartsWithName ? "::" + Pattern : Pattern;
    auto P = llvm::GlobPattern::create(internPattern(Full),
                                       /*MaxSubPatterns=*/1024);
    if (!P) {
      error(Pointer, "invalid name pattern '" + Pattern +
                         "': " + llvm::toString(P.takeError()));
      return std::nullopt;
    }
    return std::move(*P);
  }

  /// Compiles every pattern of \p Names (each error reported).
  bool compilePatterns(const std::vector<std::string> &Names,
                       const std::string &Pointer,
                       std::vector<llvm::GlobPattern> &Out) {
    bool Ok = true;
    for (size_t I = 0; I < Names.size(); ++I) {
      auto Pattern =
          compilePattern(Names[I], Pointer + "/" + std::to_string(I));
      if (Pattern)
        Out.push_back(std::move(*Pattern));
      else
        Ok = false;
    }
    return Ok;
  }

  /// Reads each member of the object at \p Pointer with \p Read.
  template <class Fn>
  void forEachMember(const json &Obj, const std::string &Pointer, Fn Read) {
    if (!expectObject(Obj, Pointer))
      return;
    for (auto It = Obj.begin(); It != Obj.end(); ++It)
      Read(It.key(), *It, Pointer + "/" + escapePointerToken(It.key()));
  }
  /// Reads each element of the array at \p Pointer with \p Read.
  template <class Fn>
  void forEachElement(const json &Arr, const std::string &Pointer, Fn Read) {
    if (!expectArray(Arr, Pointer))
      return;
    for (size_t I = 0; I < Arr.size(); ++I)
      Read(Arr[I], Pointer + "/" + std::to_string(I));
  }

  void readRows(const json &Rows, DecisionTable::Layer &Out) {
    static const Field<TableRow> Fields[] = {
        stringField("model", &TableRow::Model, /*Required=*/true),
        stringField("fits", &TableRow::Fits, true),
        stringField("does_not_fit", &TableRow::DoesNotFit, true),
        stringField("recommends", &TableRow::Recommends),
    };
    forEachMember(
        Rows, "/rows",
        [&](const std::string &Id, const json &V, const std::string &P) {
          TableRow R;
          R.Id = Id;
          if (readFields<TableRow>(*this, V, P, Fields, R))
            Out.Rows.push_back(std::move(R));
        });
  }

  void readCategories(const json &Cats, DecisionTable::Layer &Out) {
    static const Field<WorkCategory> Fields[] = {
        enumField("kind", &WorkCategory::Kind,
                  {{"blocking", WorkKind::Blocking},
                   {"cpu-heavy", WorkKind::CpuHeavy}},
                  "work kind", /*Required=*/true),
        stringField("label", &WorkCategory::Label, true),
    };
    forEachMember(
        Cats, "/categories",
        [&](const std::string &Id, const json &V, const std::string &P) {
          if (Id == "none" || Id == "blocking" || Id == "cpu-heavy") {
            error(P,
                  "'" + Id + "' is reserved and cannot name a work category");
            return;
          }
          WorkCategory C;
          C.Id = Id;
          if (readFields<WorkCategory>(*this, V, P, Fields, C))
            Out.Categories.push_back(std::move(C));
        });
  }

  void readAdvice(const json &Adv, DecisionTable::Layer &Out) {
    static const Field<Advice> Fields[] = {
        stringField("row", &Advice::Row, true),
        stringField("effect", &Advice::Effect, true),
        stringField("fix", &Advice::Fix, true),
    };
    forEachMember(
        Adv, "/advice",
        [&](const std::string &Key, const json &V, const std::string &P) {
          if (!expectObject(V, P))
            return;
          if (llvm::StringRef(Key).count('@') != 1) {
            error(P, "advice keys have the form '<work>@<context>', e.g. "
                     "'blocking@async', not '" +
                         Key + "'");
            return;
          }
          Advice A;
          if (readFields<Advice>(*this, V, P, Fields, A))
            Out.Advice.push_back({Key, std::move(A), origin(P)});
        });
  }

  void readFunctions(const json &Fns, DecisionTable::Layer &Out) {
    static const Field<FunctionEntry> Fields[] = {
        stringField("name", &FunctionEntry::Name, /*Required=*/true),
        stringField("work", &FunctionEntry::Work),
        stringListField("receiver_types", &FunctionEntry::ReceiverTypes),
        stringListField("receiver_objects", &FunctionEntry::ReceiverObjects),
        intField("receiver_arg", &FunctionEntry::ReceiverArg,
                 /*AllowNegative=*/true),
        unsignedField("min_args", &FunctionEntry::MinArgs),
        unsignedField("zero_timeout_arg", &FunctionEntry::ZeroTimeoutArg),
        enumField("fix", &FunctionEntry::Fix,
                  {{"offload", FixStyle::Offload},
                   {"sleep-duration", FixStyle::SleepDuration},
                   {"sleep-until", FixStyle::SleepUntil},
                   {"sleep-seconds", FixStyle::SleepSeconds},
                   {"sleep-microseconds", FixStyle::SleepMicroseconds},
                   {"none", FixStyle::None}},
                  "fix"),
        boolField("invokes_callables", &FunctionEntry::InvokesCallables),
        boolField("starts_coroutine", &FunctionEntry::StartsCoroutine),
        unsignedField("nonblocking_flag_arg",
                      &FunctionEntry::NonBlockingFlagArg),
        {"nonblocking_flag_mask", false,
         [](TableReader &R, const json &V, const std::string &P,
            FunctionEntry &F) {
           if (!V.is_number_unsigned() || V.get<uint64_t>() == 0) {
             R.error(P, "'nonblocking_flag_mask' must be a positive integer");
             return false;
           }
           F.NonBlockingFlagMask = V.get<uint64_t>();
           return true;
         }},
        boolField("reactor", &FunctionEntry::Reactor),
        boolField("cheap", &FunctionEntry::Cheap),
    };
    forEachElement(Fns, "/functions", [&](const json &E, const std::string &P) {
      FunctionEntry F;
      F.Origin = origin(P);
      F.WorkOrigin = origin(P + "/work");
      if (readFields<FunctionEntry>(*this, E, P, Fields, F) &&
          finishFunction(E, P, F))
        Out.Functions.push_back(std::move(F));
    });
  }

  /// The checks of a function entry that span its fields, and its patterns
  /// compiled; false after an error was reported.
  bool finishFunction(const json &E, const std::string &P, FunctionEntry &F) {
    // An entry that only says its callables run inline, or that the call
    // is cheap, needs no work.
    if (!E.contains("work") && !F.InvokesCallables && !F.Cheap) {
      error(P, "missing required key 'work'");
      return false;
    }
    if (F.Work == "none")
      F.Work.clear();
    if (F.Cheap && !F.Work.empty()) {
      error(P + "/cheap", "a cheap function does no work: 'work' must be "
                          "\"none\" or left out, not '" +
                              F.Work + "'");
      return false;
    }
    if (F.NonBlockingFlagArg.has_value() != (F.NonBlockingFlagMask != 0)) {
      error(P, "'nonblocking_flag_arg' and 'nonblocking_flag_mask' go "
               "together");
      return false;
    }
    auto Pattern = compilePattern(F.Name, P + "/name");
    if (!Pattern || !compilePatterns(F.ReceiverTypes, P + "/receiver_types",
                                     F.ReceiverTypePatterns))
      return false;
    F.Pattern = std::move(*Pattern);
    for (std::string &Obj : F.ReceiverObjects)
      if (!llvm::StringRef(Obj).starts_with("::"))
        Obj = "::" + Obj;
    return true;
  }

  /// The "pool" field of a context entry or executor rule.
  template <class T> static Field<T> poolField(PoolKind T::*Member) {
    return {
        "pool", false,
        [Member](TableReader &R, const json &V, const std::string &P, T &Out) {
          std::string Value = V.is_string() ? V.get<std::string>() : "";
          if (Value == "io" || Value == "cpu") {
            Out.*Member = Value == "io" ? PoolKind::Io : PoolKind::Cpu;
            return true;
          }
          if (V.is_string())
            R.error(P, "unknown pool kind '" + Value +
                           "' (expected 'io' or 'cpu')");
          else
            R.error(P, llvm::Twine("'pool' must be \"io\" or \"cpu\", "
                                   "found ") +
                           V.type_name());
          return false;
        }};
  }

  /// The "context" field of a context entry or executor rule: where the
  /// callables run, parsed here once.
  template <class T> static Field<T> runsOnField(RunsOn T::*Member) {
    return enumField("context", Member,
                     {runsOnNames().begin(), runsOnNames().end()}, "context",
                     /*Required=*/true);
  }

  /// A context entry's "executors": rules, each read field by field.
  static bool readExecutorRules(TableReader &R, const json &V,
                                const std::string &P, ContextEntry &C) {
    static const Field<ExecutorRule> RuleFields[] = {
        stringListField("types", &ExecutorRule::Types),
        runsOnField(&ExecutorRule::Context),
        poolField(&ExecutorRule::Pool),
    };
    if (!V.is_array()) {
      R.error(P, "'executors' must be an array of objects");
      return false;
    }
    auto &Reader = static_cast<LayerReader &>(R);
    bool Ok = true;
    for (size_t I = 0; I < V.size(); ++I) {
      std::string RP = P + "/" + std::to_string(I);
      ExecutorRule Rule;
      if (!readFields<ExecutorRule>(R, V[I], RP, RuleFields, Rule) ||
          !Reader.compilePatterns(Rule.Types, RP + "/types",
                                  Rule.TypePatterns)) {
        Ok = false;
        continue;
      }
      C.Executors.push_back(std::move(Rule));
    }
    return Ok;
  }

  void readContexts(const json &Ctxs, DecisionTable::Layer &Out) {
    static const Field<ContextEntry> Fields[] = {
        stringField("name", &ContextEntry::Name, /*Required=*/true),
        runsOnField(&ContextEntry::Context),
        {"args", false,
         [](TableReader &R, const json &V, const std::string &P,
            ContextEntry &C) {
           bool Ok = V.is_array();
           for (size_t A = 0; Ok && A < V.size(); ++A)
             Ok = V[A].is_number_integer();
           if (!Ok) {
             R.error(P, "'args' must be an array of argument indices");
             return false;
           }
           for (const json &A : V)
             C.Args.push_back(
                 static_cast<int>(A.get<json::number_integer_t>()));
           return true;
         }},
        {"executor_arg", false,
         [](TableReader &R, const json &V, const std::string &P,
            ContextEntry &C) {
           int Arg = 0;
           if (!R.readInt(V, P, Arg, /*AllowNegative=*/true))
             return false;
           C.ExecutorArg = Arg;
           return true;
         }},
        {"executors", false, readExecutorRules},
        poolField(&ContextEntry::Pool),
        enumField("per", &ContextEntry::Per,
                  {{"request", RunsPer::Request},
                   {"message", RunsPer::Message},
                   {"connection", RunsPer::Connection}},
                  "'per' value"),
    };
    forEachElement(Ctxs, "/contexts", [&](const json &E, const std::string &P) {
      ContextEntry C;
      C.Origin = origin(P);
      if (!readFields<ContextEntry>(*this, E, P, Fields, C))
        return;
      auto Pattern = compilePattern(C.Name, P + "/name");
      if (!Pattern)
        return;
      C.Pattern = std::move(*Pattern);
      Out.Contexts.push_back(std::move(C));
    });
  }

  void readWorkerLoops(const json &Loops, DecisionTable::Layer &Out) {
    static const Field<WorkerLoopTypes> Fields[] = {
        stringListField("loop_types", &WorkerLoopTypes::LoopTypes),
        stringListField("thread_types", &WorkerLoopTypes::ThreadTypes),
    };
    WorkerLoopTypes &W = Out.WorkerLoops;
    if (readFields<WorkerLoopTypes>(*this, Loops, "/worker_loops", Fields, W)) {
      compilePatterns(W.LoopTypes, "/worker_loops/loop_types",
                      W.LoopTypePatterns);
      compilePatterns(W.ThreadTypes, "/worker_loops/thread_types",
                      W.ThreadTypePatterns);
    }
  }

  void readCoroutineTypes(const json &Types, DecisionTable::Layer &Out) {
    static const Field<CoroutineTypeEntry> Fields[] = {
        stringField("type", &CoroutineTypeEntry::Type, /*Required=*/true),
        runsOnField(&CoroutineTypeEntry::Context),
    };
    forEachElement(
        Types, "/coroutine_types", [&](const json &E, const std::string &P) {
          CoroutineTypeEntry T;
          T.Origin = origin(P);
          if (!readFields<CoroutineTypeEntry>(*this, E, P, Fields, T))
            return;
          if (T.Context == RunsOn::Python) {
            error(P + "/context", "a coroutine does not run as a Python "
                                  "binding ('async', 'thread', 'pool', "
                                  "'io-pool' or 'cpu-pool')");
            return;
          }
          auto Pattern = compilePattern(T.Type, P + "/type");
          if (!Pattern)
            return;
          T.Pattern = std::move(*Pattern);
          Out.CoroutineTypes.push_back(std::move(T));
        });
  }

  void readLibraries(const json &Libs, DecisionTable::Layer &Out) {
    static const Field<LibraryEntry> Fields[] = {
        stringField("namespace", &LibraryEntry::Namespace),
        stringField("path", &LibraryEntry::Path),
    };
    forEachElement(
        Libs, "/libraries", [&](const json &E, const std::string &P) {
          LibraryEntry L;
          L.Origin = origin(P);
          if (!readFields<LibraryEntry>(*this, E, P, Fields, L))
            return;
          bool HasNamespace = E.contains("namespace"),
               HasPath = E.contains("path");
          if (HasNamespace == HasPath) {
            error(P, HasNamespace ? "a library entry names a 'namespace' or a "
                                    "'path', not both"
                                  : "a library entry names a 'namespace' or a "
                                    "'path'");
            return;
          }
          if (HasNamespace) {
            llvm::StringRef NS = L.Namespace;
            NS.consume_front("::");
            if (NS.empty() || NS.contains("::") ||
                NS.find_first_of("*?[]{} ") != llvm::StringRef::npos) {
              error(P + "/namespace",
                    "'namespace' is one outermost namespace such as '::asio', "
                    "not '" +
                        L.Namespace + "'");
              return;
            }
            L.Namespace = "::" + NS.str();
          } else {
            if (L.Path.empty()) {
              error(P + "/path", "a library path pattern must not be empty");
              return;
            }
            auto Pattern = llvm::GlobPattern::create(internPattern(L.Path));
            if (!Pattern) {
              error(P + "/path", "invalid path pattern '" + L.Path + "': " +
                                     llvm::toString(Pattern.takeError()));
              return;
            }
            L.PathPattern = std::move(*Pattern);
          }
          Out.Libraries.push_back(std::move(L));
        });
  }
};

llvm::Error joinErrors(const std::vector<std::string> &Errors) {
  std::string All;
  for (const std::string &E : Errors)
    All += (All.empty() ? "" : "\n") + E;
  return llvm::createStringError(llvm::inconvertibleErrorCode(), All);
}

} // namespace

llvm::ArrayRef<std::pair<llvm::StringRef, RunsOn>> runsOnNames() {
  static const std::pair<llvm::StringRef, RunsOn> Names[] = {
      {"async", RunsOn::Async},      {"thread", RunsOn::Thread},
      {"pool", RunsOn::Pool},        {"io-pool", RunsOn::IoPool},
      {"cpu-pool", RunsOn::CpuPool}, {"python", RunsOn::Python}};
  return Names;
}

llvm::StringRef runsOnName(RunsOn Where) {
  for (const auto &[Name, Value] : runsOnNames())
    if (Value == Where)
      return Name;
  llvm_unreachable("a RunsOn without a table name");
}

llvm::StringRef poolKindName(PoolKind K) {
  switch (K) {
  case PoolKind::Io:
    return "io";
  case PoolKind::Cpu:
    return "cpu";
  case PoolKind::Unknown:
    break;
  }
  return "unknown";
}

llvm::StringRef runsPerName(RunsPer P) {
  switch (P) {
  case RunsPer::Request:
    return "request";
  case RunsPer::Message:
    return "message";
  case RunsPer::Connection:
    return "connection";
  case RunsPer::Unknown:
    break;
  }
  return "";
}

llvm::StringRef workKindName(WorkKind K) {
  switch (K) {
  case WorkKind::None:
    return "none";
  case WorkKind::Blocking:
    return "blocking";
  case WorkKind::CpuHeavy:
    return "cpu-heavy";
  case WorkKind::PythonApi:
    return "python-api";
  case WorkKind::ThreadStart:
    return "thread-start";
  }
  return "none";
}

llvm::Expected<DecisionTable::Layer>
DecisionTable::parseLayer(llvm::StringRef Text, llvm::StringRef FileName) {
  auto Doc = PositionedJson::parse(Text, FileName);
  if (!Doc)
    return Doc.takeError();
  LayerReader Reader(*Doc);
  Layer Out;
  const json &Root = Doc->root();
  if (!Root.is_object()) {
    Reader.error("", llvm::Twine("a decision table is a JSON object, found ") +
                         Root.type_name());
    return joinErrors(Reader.Errors);
  }
  Reader.rejectUnknownKeys(Root, "",
                           {"version", "rows", "categories", "advice",
                            "functions", "contexts", "libraries",
                            "worker_loops", "coroutine_types"});
  if (auto V = Root.find("version"); V != Root.end()) {
    if (!V->is_number_unsigned() || V->get<json::number_unsigned_t>() != 1)
      Reader.error("/version", "unsupported table version (this taskfit "
                               "reads version 1)");
  }
  if (auto It = Root.find("rows"); It != Root.end())
    Reader.readRows(*It, Out);
  if (auto It = Root.find("categories"); It != Root.end())
    Reader.readCategories(*It, Out);
  if (auto It = Root.find("advice"); It != Root.end())
    Reader.readAdvice(*It, Out);
  if (auto It = Root.find("functions"); It != Root.end())
    Reader.readFunctions(*It, Out);
  if (auto It = Root.find("contexts"); It != Root.end())
    Reader.readContexts(*It, Out);
  if (auto It = Root.find("libraries"); It != Root.end())
    Reader.readLibraries(*It, Out);
  if (auto It = Root.find("worker_loops"); It != Root.end())
    Reader.readWorkerLoops(*It, Out);
  if (auto It = Root.find("coroutine_types"); It != Root.end())
    Reader.readCoroutineTypes(*It, Out);
  if (!Reader.Errors.empty())
    return joinErrors(Reader.Errors);
  return Out;
}

llvm::Expected<DecisionTable> DecisionTable::parse(llvm::StringRef Text,
                                                   llvm::StringRef FileName) {
  auto L = parseLayer(Text, FileName);
  if (!L)
    return L.takeError();
  DecisionTable T;
  if (llvm::Error E = T.merge(std::move(*L)))
    return std::move(E);
  return T;
}

llvm::Error DecisionTable::merge(Layer Overlay) {
  for (TableRow &R : Overlay.Rows) {
    auto It = llvm::find_if(
        Rows, [&](const TableRow &Old) { return Old.Id == R.Id; });
    if (It != Rows.end())
      *It = std::move(R);
    else
      Rows.push_back(std::move(R));
  }
  for (WorkCategory &C : Overlay.Categories) {
    auto It = llvm::find_if(
        Categories, [&](const WorkCategory &Old) { return Old.Id == C.Id; });
    if (It != Categories.end())
      *It = std::move(C);
    else
      Categories.push_back(std::move(C));
  }
  for (AdviceEntry &A : Overlay.Advice) {
    AdviceByKey[A.Key] = A.Text;
    AdviceOrigins[A.Key] = A.Origin;
  }
  for (FunctionEntry &F : Overlay.Functions)
    Functions.push_back(std::move(F));
  for (ContextEntry &C : Overlay.Contexts)
    Contexts.push_back(std::move(C));
  for (LibraryEntry &L : Overlay.Libraries) {
    if (L.PathPattern)
      LibraryPathPatterns.push_back(std::move(*L.PathPattern));
    else
      LibraryNamespaces.insert(L.Namespace);
  }
  llvm::append_range(EventLoopTypePatterns,
                     Overlay.WorkerLoops.LoopTypePatterns);
  llvm::append_range(WorkerThreadTypePatterns,
                     Overlay.WorkerLoops.ThreadTypePatterns);
  for (CoroutineTypeEntry &T : Overlay.CoroutineTypes)
    CoroutineTypes.push_back(std::move(T));
  reindex();
  return validateReferences();
}

llvm::Error DecisionTable::validateReferences() const {
  std::vector<std::string> Errors;
  auto Report = [&](const TableOrigin &O, const llvm::Twine &Msg) {
    Errors.push_back(
        llvm::formatv("{0}:{1}:{2}: {3}", O.File, O.Line, O.Column, Msg.str())
            .str());
  };
  for (const FunctionEntry &F : Functions) {
    if (!F.Work.empty() && !category(F.Work))
      Report(F.WorkOrigin, "function entry '" + F.Name +
                               "' names unknown work category '" + F.Work +
                               "'");
  }
  for (const auto &KV : AdviceByKey) {
    llvm::StringRef Work = KV.getKey().split('@').first;
    const TableOrigin &O = AdviceOrigins.find(KV.getKey())->second;
    if (Work != "blocking" && Work != "cpu-heavy" && !category(Work) &&
        !llvm::is_contained(findingAdviceKinds(), Work))
      Report(O, "advice '" + KV.getKey() + "' names unknown work '" + Work +
                    "' (a category, 'blocking', 'cpu-heavy' or a finding: " +
                    llvm::join(findingAdviceKinds(), ", ") + ")");
    if (!row(KV.getValue().Row))
      Report(O, "advice '" + KV.getKey() + "' names unknown row '" +
                    KV.getValue().Row + "'");
  }
  if (Errors.empty())
    return llvm::Error::success();
  return joinErrors(Errors);
}

void NameIndex::build(llvm::ArrayRef<std::string> Names) {
  ByLastName.clear();
  Wildcards.clear();
  for (unsigned I = 0; I < Names.size(); ++I) {
    llvm::StringRef Name = Names[I];
    size_t Sep = Name.rfind("::");
    llvm::StringRef Last =
        Sep == llvm::StringRef::npos ? Name : Name.drop_front(Sep + 2);
    // A brace group can hold "::" itself; anything glob-like is a wildcard.
    if (Last.empty() ||
        Last.find_first_of("*?[]{}\\,") != llvm::StringRef::npos ||
        Name.find_first_of("{}") != llvm::StringRef::npos)
      Wildcards.push_back(I);
    else
      ByLastName[Last].push_back(I);
  }
}

llvm::SmallVector<unsigned, 8>
NameIndex::lookup(llvm::StringRef QualifiedName) const {
  size_t Sep = QualifiedName.rfind("::");
  llvm::StringRef Last = Sep == llvm::StringRef::npos
                             ? QualifiedName
                             : QualifiedName.drop_front(Sep + 2);
  llvm::SmallVector<unsigned, 8> Out;
  if (auto It = ByLastName.find(Last); It != ByLastName.end())
    Out.append(It->second.begin(), It->second.end());
  Out.append(Wildcards.begin(), Wildcards.end());
  llvm::sort(Out);
  return Out;
}

void DecisionTable::reindex() {
  std::vector<std::string> Names;
  for (const FunctionEntry &F : Functions)
    Names.push_back(F.Name);
  FunctionIndex.build(Names);
  Names.clear();
  for (const ContextEntry &C : Contexts)
    Names.push_back(C.Name);
  ContextIndex.build(Names);
}

llvm::SmallVector<const FunctionEntry *, 4>
DecisionTable::candidates(llvm::StringRef QualifiedName) const {
  llvm::SmallVector<const FunctionEntry *, 4> Out;
  // Later entries win: a user table overrides the built-in one.
  auto Indices = FunctionIndex.lookup(QualifiedName);
  for (unsigned I : llvm::reverse(Indices))
    if (Functions[I].Pattern.match(QualifiedName))
      Out.push_back(&Functions[I]);
  return Out;
}

llvm::SmallVector<const ContextEntry *, 2>
DecisionTable::contextCandidates(llvm::StringRef QualifiedName) const {
  llvm::SmallVector<const ContextEntry *, 2> Out;
  auto Indices = ContextIndex.lookup(QualifiedName);
  for (unsigned I : llvm::reverse(Indices))
    if (Contexts[I].Pattern.match(QualifiedName))
      Out.push_back(&Contexts[I]);
  return Out;
}

bool DecisionTable::isLibraryPath(llvm::StringRef Path) const {
  return llvm::any_of(LibraryPathPatterns, [&](const llvm::GlobPattern &P) {
    return P.match(Path);
  });
}

bool DecisionTable::isEventLoopType(llvm::StringRef QualifiedName) const {
  return llvm::any_of(EventLoopTypePatterns, [&](const llvm::GlobPattern &P) {
    return P.match(QualifiedName);
  });
}

bool DecisionTable::isWorkerThreadType(llvm::StringRef QualifiedName) const {
  return llvm::any_of(
      WorkerThreadTypePatterns,
      [&](const llvm::GlobPattern &P) { return P.match(QualifiedName); });
}

std::optional<RunsOn>
DecisionTable::coroutineContext(llvm::StringRef QualifiedName) const {
  for (const CoroutineTypeEntry &T : llvm::reverse(CoroutineTypes))
    if (T.Pattern.match(QualifiedName))
      return T.Context;
  return std::nullopt;
}

const WorkCategory *DecisionTable::category(llvm::StringRef Id) const {
  for (const WorkCategory &C : Categories)
    if (C.Id == Id)
      return &C;
  return nullptr;
}

const TableRow *DecisionTable::row(llvm::StringRef Id) const {
  for (const TableRow &R : Rows)
    if (R.Id == Id)
      return &R;
  return nullptr;
}

const Advice *DecisionTable::advice(const WorkCategory &Category,
                                    RunsOn Context) const {
  llvm::StringRef Where = runsOnName(Context);
  auto It = AdviceByKey.find((Category.Id + "@" + Where).str());
  if (It != AdviceByKey.end())
    return &It->second;
  It = AdviceByKey.find((workKindName(Category.Kind) + "@" + Where).str());
  if (It != AdviceByKey.end())
    return &It->second;
  return nullptr;
}

const Advice &DecisionTable::findingAdvice(llvm::StringRef Key) const {
  auto It = AdviceByKey.find(Key);
  // The built-in table has every finding's advice and a user layer can only
  // replace it (validateReferences checks the built-in table).
  assert(It != AdviceByKey.end() && "no advice for a finding");
  if (It == AdviceByKey.end()) {
    static const Advice None;
    return None;
  }
  return It->second;
}

llvm::ArrayRef<llvm::StringRef> DecisionTable::findingAdviceKinds() {
  static const llvm::StringRef Kinds[] = {"tiny-task",
                                          "thread-per-task",
                                          "global-lock",
                                          "hand-rolled-queue",
                                          "busy-wait",
                                          "python-api",
                                          "python-object-destroyed"};
  return Kinds;
}

std::shared_ptr<const DecisionTable> DecisionTable::builtin() {
  static const std::shared_ptr<const DecisionTable> Table = [] {
    auto T = parse(BuiltinTableText, "<built-in decision table>");
    if (!T) {
      // The built-in table is checked by the unit tests; this is a build bug.
      llvm::report_fatal_error(llvm::Twine("taskfit: the built-in decision "
                                           "table is invalid: ") +
                               llvm::toString(T.takeError()));
    }
    return std::make_shared<const DecisionTable>(std::move(*T));
  }();
  return Table;
}

llvm::Expected<std::shared_ptr<const DecisionTable>>
DecisionTable::load(llvm::StringRef UserPath) {
  if (UserPath.empty())
    return builtin();

  llvm::sys::fs::file_status Status;
  if (std::error_code EC = llvm::sys::fs::status(UserPath, Status))
    return llvm::createStringError(EC, "%s: cannot read the decision table: %s",
                                   UserPath.str().c_str(),
                                   EC.message().c_str());

  // clangd builds many files at once in one process: guard the cache.
  static std::mutex CacheMutex;
  static std::map<std::string, std::pair<llvm::sys::TimePoint<>,
                                         std::shared_ptr<const DecisionTable>>>
      Cache;
  std::lock_guard<std::mutex> Lock(CacheMutex);
  auto Cached = Cache.find(UserPath.str());
  if (Cached != Cache.end() &&
      Cached->second.first == Status.getLastModificationTime())
    return Cached->second.second;

  auto Buffer = llvm::MemoryBuffer::getFile(UserPath, /*IsText=*/true);
  if (!Buffer)
    return llvm::createStringError(
        Buffer.getError(), "%s: cannot read the decision table: %s",
        UserPath.str().c_str(), Buffer.getError().message().c_str());
  auto Layer = parseLayer((*Buffer)->getBuffer(), UserPath);
  if (!Layer)
    return Layer.takeError();
  DecisionTable Merged = *builtin();
  if (llvm::Error E = Merged.merge(std::move(*Layer)))
    return std::move(E);
  auto Shared = std::make_shared<const DecisionTable>(std::move(Merged));
  Cache[UserPath.str()] = {Status.getLastModificationTime(), Shared};
  return Shared;
}

} // namespace clang::tidy::taskfit
