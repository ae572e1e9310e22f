//===--- DecisionTable.cpp - taskfit's decision table as data -------------===//
//
// JSON is read with nlohmann_json's SAX interface: the checker is built
// without exceptions, and SAX lets us report a syntax error (and remember
// where every value was) without any throw. The DOM we build is then
// validated field by field, so a wrong-typed value is an error naming the
// file, line, column and JSON pointer, never a call that would abort.
//
//===----------------------------------------------------------------------===//

#include "DecisionTable.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
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

/// An input iterator over the text that counts how far the lexer has read,
/// so the SAX handler can tell where each key and value sits.
class CountingIterator {
public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char *;
  using reference = const char &;

  CountingIterator(const char *P, size_t *Consumed) : P(P), Consumed(Consumed) {}
  reference operator*() const { return *P; }
  CountingIterator &operator++() {
    ++P;
    ++*Consumed;
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator Old = *this;
    ++*this;
    return Old;
  }
  bool operator==(const CountingIterator &O) const { return P == O.P; }
  bool operator!=(const CountingIterator &O) const { return P != O.P; }

private:
  const char *P;
  size_t *Consumed;
};

/// Escapes one JSON pointer reference token (RFC 6901).
std::string escapePointerToken(llvm::StringRef Token) {
  std::string Out;
  for (char C : Token) {
    if (C == '~')
      Out += "~0";
    else if (C == '/')
      Out += "~1";
    else
      Out += C;
  }
  return Out;
}

/// Builds the DOM from SAX events and records the text offset of each value
/// by JSON pointer. Never throws.
class PositionedDomBuilder {
public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  explicit PositionedDomBuilder(const size_t *Consumed) : Consumed(Consumed) {}

  bool null() { return addValue(nullptr); }
  bool boolean(bool V) { return addValue(V); }
  bool number_integer(number_integer_t V) { return addValue(V); }
  bool number_unsigned(number_unsigned_t V) { return addValue(V); }
  bool number_float(number_float_t V, const string_t &) { return addValue(V); }
  bool string(string_t &V) {
    // The lexer is past the closing quote: point at the opening one.
    return addValue(V, V.size() + 2);
  }
  bool binary(binary_t &V) { return addValue(json::binary(V)); }

  bool start_object(std::size_t) {
    json *Slot = addValue(json::object(), /*TokenLength=*/1);
    Stack.push_back({Slot, pointerOfNewValue(), 0});
    return true;
  }
  bool key(string_t &K) {
    PendingKey = K;
    // The lexer has just read the key: point at its opening quote.
    Positions[Stack.back().Pointer + "/" + escapePointerToken(K)] =
        startOf(K.size() + 2);
    return true;
  }
  bool end_object() {
    Stack.pop_back();
    return true;
  }
  bool start_array(std::size_t) {
    json *Slot = addValue(json::array(), /*TokenLength=*/1);
    Stack.push_back({Slot, pointerOfNewValue(), 0});
    return true;
  }
  bool end_array() {
    Stack.pop_back();
    return true;
  }
  bool parse_error(std::size_t Position, const std::string &,
                   const nlohmann::detail::exception &Ex) {
    ErrorOffset = Position;
    ErrorMessage = Ex.what();
    return false;
  }

  json Root;
  std::map<std::string, size_t> Positions;
  std::optional<size_t> ErrorOffset;
  std::string ErrorMessage;

private:
  struct Frame {
    json *Value;
    std::string Pointer;
    size_t NextIndex;
  };

  // The pointer of the value being added now (before addValue bumps the
  // array index).
  std::string LastPointer;

  std::string pointerOfNewValue() const { return LastPointer; }

  size_t startOf(size_t TokenLength) const {
    return *Consumed >= TokenLength ? *Consumed - TokenLength : 0;
  }

  /// Adds a value whose last token (TokenLength characters, if known) the
  /// lexer has just read; keyed values are placed at their key.
  template <typename T> json *addValue(T &&V, size_t TokenLength = 0) {
    if (Stack.empty()) {
      Root = json(std::forward<T>(V));
      LastPointer = "";
      Positions[LastPointer] = startOf(TokenLength);
      return &Root;
    }
    Frame &Top = Stack.back();
    if (Top.Value->is_array()) {
      LastPointer = Top.Pointer + "/" + std::to_string(Top.NextIndex++);
      Positions[LastPointer] = startOf(TokenLength);
      Top.Value->push_back(json(std::forward<T>(V)));
      return &Top.Value->back();
    }
    LastPointer = Top.Pointer + "/" + escapePointerToken(PendingKey);
    json &Slot = (*Top.Value)[PendingKey];
    Slot = json(std::forward<T>(V));
    return &Slot;
  }

  const size_t *Consumed;
  std::vector<Frame> Stack;
  std::string PendingKey;
};

/// llvm::GlobPattern keeps a StringRef into its pattern text, so the text
/// must outlive every copy of the table: patterns are interned for the life
/// of the process (a handful of kilobytes, user tables are cached).
llvm::StringRef internPattern(llvm::StringRef Pattern) {
  static std::mutex InternMutex;
  static llvm::StringSet<> Interned;
  std::lock_guard<std::mutex> Lock(InternMutex);
  return Interned.insert(Pattern).first->getKey();
}

/// Turns a byte offset into a 1-based line and column.
std::pair<unsigned, unsigned> lineAndColumn(llvm::StringRef Text,
                                            size_t Offset) {
  Offset = std::min(Offset, Text.size());
  llvm::StringRef Before = Text.take_front(Offset);
  unsigned Line = 1 + Before.count('\n');
  size_t LastNewline = Before.rfind('\n');
  unsigned Column = LastNewline == llvm::StringRef::npos
                        ? Offset + 1
                        : Offset - LastNewline;
  return {Line, Column};
}

/// Validates one parsed layer and turns it into a DecisionTable, collecting
/// errors with their places.
class LayerReader {
public:
  LayerReader(llvm::StringRef Text, llvm::StringRef FileName,
              const std::map<std::string, size_t> &Positions)
      : Text(Text), FileName(FileName), Positions(Positions) {}

  TableOrigin origin(const std::string &Pointer) const {
    TableOrigin O;
    O.File = FileName.str();
    // A missing key is reported at its object: walk up until a known place.
    std::string P = Pointer;
    while (true) {
      auto It = Positions.find(P);
      if (It != Positions.end()) {
        auto [Line, Column] = lineAndColumn(Text, It->second);
        O.Line = Line;
        O.Column = Column;
        return O;
      }
      size_t Slash = P.rfind('/');
      if (Slash == std::string::npos)
        return O;
      P.resize(Slash);
    }
  }

  void error(const std::string &Pointer, const llvm::Twine &Message) {
    TableOrigin O = origin(Pointer);
    Errors.push_back(llvm::formatv("{0}:{1}:{2}: at '{3}': {4}", O.File,
                                   O.Line, O.Column,
                                   Pointer.empty() ? "/" : Pointer,
                                   Message.str())
                         .str());
  }

  bool expectObject(const json &V, const std::string &Pointer) {
    if (V.is_object())
      return true;
    error(Pointer, "expected an object, found " + std::string(V.type_name()));
    return false;
  }

  /// Reports keys of \p Obj that are not in \p Known (typos must not be
  /// silently ignored).
  void rejectUnknownKeys(const json &Obj, const std::string &Pointer,
                         std::initializer_list<llvm::StringRef> Known) {
    for (auto It = Obj.begin(); It != Obj.end(); ++It) {
      if (llvm::is_contained(Known, llvm::StringRef(It.key())))
        continue;
      std::string KnownList;
      for (llvm::StringRef K : Known)
        KnownList += (KnownList.empty() ? "'" : ", '") + K.str() + "'";
      error(Pointer + "/" + escapePointerToken(It.key()),
            "unknown key '" + It.key() + "' (expected one of " + KnownList +
                ")");
    }
  }

  std::optional<std::string> getString(const json &Obj,
                                       const std::string &Pointer,
                                       const char *Key, bool Required) {
    auto It = Obj.find(Key);
    if (It == Obj.end()) {
      if (Required)
        error(Pointer, llvm::Twine("missing required key '") + Key + "'");
      return std::nullopt;
    }
    if (!It->is_string()) {
      error(Pointer + "/" + Key, llvm::Twine("'") + Key +
                                     "' must be a string, found " +
                                     It->type_name());
      return std::nullopt;
    }
    return It->get_ref<const std::string &>();
  }

  std::optional<std::vector<std::string>>
  getStringList(const json &Obj, const std::string &Pointer, const char *Key) {
    auto It = Obj.find(Key);
    if (It == Obj.end())
      return std::vector<std::string>{};
    std::string P = Pointer + "/" + Key;
    if (!It->is_array()) {
      error(P, llvm::Twine("'") + Key +
                   "' must be an array of strings, found " + It->type_name());
      return std::nullopt;
    }
    std::vector<std::string> Out;
    for (size_t I = 0; I < It->size(); ++I) {
      const json &E = (*It)[I];
      if (!E.is_string()) {
        error(P + "/" + std::to_string(I),
              llvm::Twine("expected a string, found ") + E.type_name());
        return std::nullopt;
      }
      Out.push_back(E.get_ref<const std::string &>());
    }
    return Out;
  }

  std::optional<llvm::GlobPattern> compilePattern(const std::string &Pattern,
                                                  const std::string &Pointer) {
    if (Pattern.empty()) {
      error(Pointer, "a name pattern must not be empty");
      return std::nullopt;
    }
    // Qualified names are matched with a leading "::"; "std::sort" is
    // accepted for "::std::sort" (and "{a,b}" groups spell their own).
    char First = Pattern.front();
    bool StartsWithName = std::isalpha(static_cast<unsigned char>(First)) ||
                          First == '_';
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

  void readRows(const json &Rows, DecisionTable::Layer &Out) {
    if (!expectObject(Rows, "/rows"))
      return;
    for (auto It = Rows.begin(); It != Rows.end(); ++It) {
      std::string P = "/rows/" + escapePointerToken(It.key());
      if (!expectObject(*It, P))
        continue;
      rejectUnknownKeys(*It, P,
                        {"model", "fits", "does_not_fit", "recommends"});
      TableRow R;
      R.Id = It.key();
      auto Model = getString(*It, P, "model", /*Required=*/true);
      auto Fits = getString(*It, P, "fits", true);
      auto Not = getString(*It, P, "does_not_fit", true);
      auto Rec = getString(*It, P, "recommends", false);
      if (!Model || !Fits || !Not)
        continue;
      R.Model = *Model;
      R.Fits = *Fits;
      R.DoesNotFit = *Not;
      R.Recommends = Rec.value_or("");
      Out.Rows.push_back(std::move(R));
    }
  }

  void readCategories(const json &Cats, DecisionTable::Layer &Out) {
    if (!expectObject(Cats, "/categories"))
      return;
    for (auto It = Cats.begin(); It != Cats.end(); ++It) {
      std::string P = "/categories/" + escapePointerToken(It.key());
      if (!expectObject(*It, P))
        continue;
      rejectUnknownKeys(*It, P, {"kind", "label"});
      if (It.key() == "none" || It.key() == "blocking" ||
          It.key() == "cpu-heavy") {
        error(P, "'" + It.key() +
                     "' is reserved and cannot name a work category");
        continue;
      }
      auto Kind = getString(*It, P, "kind", true);
      auto Label = getString(*It, P, "label", true);
      if (!Kind || !Label)
        continue;
      WorkCategory C;
      C.Id = It.key();
      C.Label = *Label;
      if (*Kind == "blocking")
        C.Kind = WorkKind::Blocking;
      else if (*Kind == "cpu-heavy")
        C.Kind = WorkKind::CpuHeavy;
      else {
        error(P + "/kind", "unknown work kind '" + *Kind +
                               "' (expected 'blocking' or 'cpu-heavy')");
        continue;
      }
      Out.Categories.push_back(std::move(C));
    }
  }

  void readAdvice(const json &Adv, DecisionTable::Layer &Out) {
    if (!expectObject(Adv, "/advice"))
      return;
    for (auto It = Adv.begin(); It != Adv.end(); ++It) {
      std::string P = "/advice/" + escapePointerToken(It.key());
      if (!expectObject(*It, P))
        continue;
      if (llvm::StringRef(It.key()).count('@') != 1) {
        error(P, "advice keys have the form '<work>@<context>', e.g. "
                 "'blocking@async', not '" +
                     It.key() + "'");
        continue;
      }
      rejectUnknownKeys(*It, P, {"row", "effect", "fix"});
      auto Row = getString(*It, P, "row", true);
      auto Effect = getString(*It, P, "effect", true);
      auto Fix = getString(*It, P, "fix", true);
      if (!Row || !Effect || !Fix)
        continue;
      Out.Advice.push_back({It.key(), Advice{*Row, *Effect, *Fix}, origin(P)});
    }
  }

  void readFunctions(const json &Fns, DecisionTable::Layer &Out) {
    if (!Fns.is_array()) {
      error("/functions", llvm::Twine("expected an array, found ") +
                              Fns.type_name());
      return;
    }
    for (size_t I = 0; I < Fns.size(); ++I) {
      std::string P = "/functions/" + std::to_string(I);
      const json &E = Fns[I];
      if (!expectObject(E, P))
        continue;
      rejectUnknownKeys(E, P,
                        {"name", "work", "receiver_types", "receiver_objects",
                         "receiver_arg", "min_args", "zero_timeout_arg",
                         "fix", "invokes_callables", "nonblocking_flag_arg",
                         "nonblocking_flag_mask", "reactor", "cheap"});
      bool Invokes = false, Reactor = false, Cheap = false;
      if (!readBool(E, P, "invokes_callables", Invokes) ||
          !readBool(E, P, "reactor", Reactor) || !readBool(E, P, "cheap", Cheap))
        continue;
      auto Name = getString(E, P, "name", true);
      // An entry that only says its callables run inline, or that the call
      // is cheap, needs no work.
      auto Work = getString(E, P, "work", /*Required=*/!Invokes && !Cheap);
      if (!Work && (Invokes || Cheap) && !E.contains("work"))
        Work = std::string();
      if (Cheap && Work && !Work->empty() && *Work != "none") {
        error(P + "/cheap", "a cheap function does no work: 'work' must be "
                            "\"none\" or left out, not '" + *Work + "'");
        continue;
      }
      auto Types = getStringList(E, P, "receiver_types");
      auto Objects = getStringList(E, P, "receiver_objects");
      auto Fix = getString(E, P, "fix", false);
      if (!Name || !Work || !Types || !Objects)
        continue;
      FunctionEntry F;
      F.Name = *Name;
      F.Origin = origin(P);
      auto Pattern = compilePattern(*Name, P + "/name");
      if (!Pattern)
        continue;
      F.Pattern = std::move(*Pattern);
      F.Work = *Work == "none" ? "" : *Work;
      F.InvokesCallables = Invokes;
      F.Reactor = Reactor;
      F.Cheap = Cheap;
      F.WorkOrigin = origin(P + "/work");
      bool TypesOk = true;
      for (size_t T = 0; T < Types->size(); ++T) {
        auto TP = compilePattern((*Types)[T],
                                 P + "/receiver_types/" + std::to_string(T));
        if (!TP) {
          TypesOk = false;
          continue;
        }
        F.ReceiverTypePatterns.push_back(std::move(*TP));
      }
      if (!TypesOk)
        continue;
      F.ReceiverTypes = std::move(*Types);
      for (std::string &Obj : *Objects)
        F.ReceiverObjects.push_back(llvm::StringRef(Obj).starts_with("::")
                                        ? Obj
                                        : "::" + Obj);
      if (!readInt(E, P, "receiver_arg", F.ReceiverArg, /*AllowNegative=*/true) ||
          !readUnsigned(E, P, "min_args", F.MinArgs) ||
          !readOptionalUnsigned(E, P, "zero_timeout_arg", F.ZeroTimeoutArg) ||
          !readOptionalUnsigned(E, P, "nonblocking_flag_arg",
                                F.NonBlockingFlagArg))
        continue;
      if (auto Mask = E.find("nonblocking_flag_mask"); Mask != E.end()) {
        if (!Mask->is_number_unsigned() || Mask->get<uint64_t>() == 0) {
          error(P + "/nonblocking_flag_mask",
                "'nonblocking_flag_mask' must be a positive integer");
          continue;
        }
        F.NonBlockingFlagMask = Mask->get<uint64_t>();
      }
      if (F.NonBlockingFlagArg.has_value() != (F.NonBlockingFlagMask != 0)) {
        error(P, "'nonblocking_flag_arg' and 'nonblocking_flag_mask' go "
                 "together");
        continue;
      }
      if (Fix) {
        static const std::pair<const char *, FixStyle> Styles[] = {
            {"offload", FixStyle::Offload},
            {"sleep-duration", FixStyle::SleepDuration},
            {"sleep-until", FixStyle::SleepUntil},
            {"sleep-seconds", FixStyle::SleepSeconds},
            {"sleep-microseconds", FixStyle::SleepMicroseconds},
            {"none", FixStyle::None}};
        auto S = llvm::find_if(Styles, [&](const auto &KV) {
          return *Fix == KV.first;
        });
        if (S == std::end(Styles)) {
          error(P + "/fix", "unknown fix '" + *Fix +
                                "' (expected 'offload', 'sleep-duration', "
                                "'sleep-until', 'sleep-seconds', "
                                "'sleep-microseconds' or 'none')");
          continue;
        }
        F.Fix = S->second;
      }
      Out.Functions.push_back(std::move(F));
    }
  }

  bool readBool(const json &Obj, const std::string &Pointer, const char *Key,
                bool &Out) {
    auto It = Obj.find(Key);
    if (It == Obj.end())
      return true;
    if (!It->is_boolean()) {
      error(Pointer + "/" + Key, llvm::Twine("'") + Key +
                                     "' must be true or false, found " +
                                     It->type_name());
      return false;
    }
    Out = It->get<bool>();
    return true;
  }

  std::optional<std::vector<llvm::GlobPattern>>
  compilePatterns(const std::vector<std::string> &Names,
                  const std::string &Pointer) {
    std::vector<llvm::GlobPattern> Out;
    bool Ok = true;
    for (size_t I = 0; I < Names.size(); ++I) {
      auto Pattern = compilePattern(Names[I], Pointer + "/" + std::to_string(I));
      if (Pattern)
        Out.push_back(std::move(*Pattern));
      else
        Ok = false;
    }
    if (!Ok)
      return std::nullopt;
    return Out;
  }

  void readContexts(const json &Ctxs, DecisionTable::Layer &Out) {
    if (!Ctxs.is_array()) {
      error("/contexts", llvm::Twine("expected an array, found ") +
                             Ctxs.type_name());
      return;
    }
    for (size_t I = 0; I < Ctxs.size(); ++I) {
      std::string P = "/contexts/" + std::to_string(I);
      const json &E = Ctxs[I];
      if (!expectObject(E, P))
        continue;
      rejectUnknownKeys(E, P,
                        {"name", "context", "args", "executor_arg",
                         "executors", "pool"});
      auto Name = getString(E, P, "name", true);
      auto Context = getString(E, P, "context", true);
      if (!Name || !Context)
        continue;
      ContextEntry C;
      C.Name = *Name;
      C.Context = *Context;
      C.Origin = origin(P);
      auto Pattern = compilePattern(*Name, P + "/name");
      if (!Pattern)
        continue;
      C.Pattern = std::move(*Pattern);
      if (!readPoolKind(E, P, C.Pool))
        continue;
      if (auto Args = E.find("args"); Args != E.end()) {
        bool Ok = Args->is_array();
        for (size_t A = 0; Ok && A < Args->size(); ++A)
          Ok = (*Args)[A].is_number_integer();
        if (!Ok) {
          error(P + "/args", "'args' must be an array of argument indices");
          continue;
        }
        for (const json &A : *Args)
          C.Args.push_back(static_cast<int>(A.get<json::number_integer_t>()));
      }
      int ExecutorArg = 0;
      if (E.contains("executor_arg")) {
        if (!readInt(E, P, "executor_arg", ExecutorArg, /*AllowNegative=*/true))
          continue;
        C.ExecutorArg = ExecutorArg;
      }
      bool RulesOk = true;
      if (auto Rules = E.find("executors"); Rules != E.end()) {
        if (!Rules->is_array()) {
          error(P + "/executors", "'executors' must be an array of objects");
          continue;
        }
        for (size_t R = 0; R < Rules->size(); ++R) {
          std::string RP = P + "/executors/" + std::to_string(R);
          const json &Rule = (*Rules)[R];
          if (!expectObject(Rule, RP)) {
            RulesOk = false;
            continue;
          }
          rejectUnknownKeys(Rule, RP, {"types", "context", "pool"});
          auto Types = getStringList(Rule, RP, "types");
          auto RuleContext = getString(Rule, RP, "context", true);
          PoolKind RulePool = PoolKind::Unknown;
          if (!Types || !RuleContext || !readPoolKind(Rule, RP, RulePool)) {
            RulesOk = false;
            continue;
          }
          auto Patterns = compilePatterns(*Types, RP + "/types");
          if (!Patterns) {
            RulesOk = false;
            continue;
          }
          C.Executors.push_back(
              {*Types, std::move(*Patterns), *RuleContext, RulePool});
        }
      }
      if (!RulesOk)
        continue;
      Out.Contexts.push_back(std::move(C));
    }
  }

  void readLibraries(const json &Libs, DecisionTable::Layer &Out) {
    if (!Libs.is_array()) {
      error("/libraries", llvm::Twine("expected an array, found ") +
                              Libs.type_name());
      return;
    }
    for (size_t I = 0; I < Libs.size(); ++I) {
      std::string P = "/libraries/" + std::to_string(I);
      const json &E = Libs[I];
      if (!expectObject(E, P))
        continue;
      rejectUnknownKeys(E, P, {"namespace", "path"});
      auto Namespace = getString(E, P, "namespace", false);
      auto Path = getString(E, P, "path", false);
      if (Namespace.has_value() == Path.has_value()) {
        if (!E.contains("namespace") && !E.contains("path"))
          error(P, "a library entry names a 'namespace' or a 'path'");
        else if (Namespace && Path)
          error(P, "a library entry names a 'namespace' or a 'path', not "
                   "both");
        continue;
      }
      LibraryEntry L;
      L.Origin = origin(P);
      if (Namespace) {
        llvm::StringRef NS = *Namespace;
        NS.consume_front("::");
        if (NS.empty() || NS.contains("::") ||
            NS.find_first_of("*?[]{} ") != llvm::StringRef::npos) {
          error(P + "/namespace",
                "'namespace' is one outermost namespace such as '::asio', "
                "not '" + *Namespace + "'");
          continue;
        }
        L.Namespace = "::" + NS.str();
      } else {
        if (Path->empty()) {
          error(P + "/path", "a library path pattern must not be empty");
          continue;
        }
        auto Pattern = llvm::GlobPattern::create(internPattern(*Path));
        if (!Pattern) {
          error(P + "/path", "invalid path pattern '" + *Path +
                                 "': " + llvm::toString(Pattern.takeError()));
          continue;
        }
        L.Path = *Path;
        L.PathPattern = std::move(*Pattern);
      }
      Out.Libraries.push_back(std::move(L));
    }
  }

  /// The optional "pool" field of a context entry or executor rule.
  bool readPoolKind(const json &Obj, const std::string &Pointer,
                    PoolKind &Out) {
    auto It = Obj.find("pool");
    if (It == Obj.end())
      return true;
    std::string Value = It->is_string() ? It->get<std::string>() : "";
    if (Value == "io" || Value == "cpu") {
      Out = Value == "io" ? PoolKind::Io : PoolKind::Cpu;
      return true;
    }
    if (It->is_string())
      error(Pointer + "/pool",
            "unknown pool kind '" + Value + "' (expected 'io' or 'cpu')");
    else
      error(Pointer + "/pool", llvm::Twine("'pool' must be \"io\" or "
                                           "\"cpu\", found ") +
                                   It->type_name());
    return false;
  }

  bool readInt(const json &Obj, const std::string &Pointer, const char *Key,
               int &Out, bool AllowNegative) {
    auto It = Obj.find(Key);
    if (It == Obj.end())
      return true;
    if (!It->is_number_integer() ||
        (!AllowNegative && It->get<json::number_integer_t>() < 0)) {
      error(Pointer + "/" + Key,
            llvm::Twine("'") + Key + "' must be " +
                (AllowNegative ? "an integer" : "a non-negative integer") +
                ", found " + It->type_name());
      return false;
    }
    auto V = It->get<json::number_integer_t>();
    if (V < -64 || V > 64) {
      error(Pointer + "/" + Key,
            llvm::Twine("'") + Key + "' is out of range: " +
                std::to_string(V));
      return false;
    }
    Out = static_cast<int>(V);
    return true;
  }

  bool readUnsigned(const json &Obj, const std::string &Pointer,
                    const char *Key, unsigned &Out) {
    int V = static_cast<int>(Out);
    if (!readInt(Obj, Pointer, Key, V, /*AllowNegative=*/false))
      return false;
    Out = static_cast<unsigned>(V);
    return true;
  }

  bool readOptionalUnsigned(const json &Obj, const std::string &Pointer,
                            const char *Key, std::optional<unsigned> &Out) {
    if (!Obj.contains(Key))
      return true;
    unsigned V = 0;
    if (!readUnsigned(Obj, Pointer, Key, V))
      return false;
    Out = V;
    return true;
  }

  llvm::StringRef Text;
  llvm::StringRef FileName;
  const std::map<std::string, size_t> &Positions;
  std::vector<std::string> Errors;
};

llvm::Error joinErrors(const std::vector<std::string> &Errors) {
  std::string All;
  for (const std::string &E : Errors)
    All += (All.empty() ? "" : "\n") + E;
  return llvm::createStringError(llvm::inconvertibleErrorCode(), All);
}

/// The part of nlohmann's parse error after its "[json.exception...]" and
/// "parse error at line N, column M: " prefixes, which we print ourselves.
std::string stripNlohmannPrefix(llvm::StringRef Message) {
  size_t Colon = Message.find(": ");
  if (Message.starts_with("[json.exception") && Colon != llvm::StringRef::npos)
    Message = Message.drop_front(Colon + 2);
  return Message.str();
}

} // namespace

llvm::ArrayRef<llvm::StringRef> knownContexts() {
  static const llvm::StringRef Names[] = {"async", "thread", "pool",
                                          "io-pool", "cpu-pool", "python"};
  return Names;
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

llvm::StringRef workKindName(WorkKind K) {
  switch (K) {
  case WorkKind::None:
    return "none";
  case WorkKind::Blocking:
    return "blocking";
  case WorkKind::CpuHeavy:
    return "cpu-heavy";
  }
  return "none";
}

llvm::Expected<DecisionTable::Layer>
DecisionTable::parseLayer(llvm::StringRef Text, llvm::StringRef FileName) {
  size_t Consumed = 0;
  PositionedDomBuilder Builder(&Consumed);
  CountingIterator Begin(Text.data(), &Consumed);
  CountingIterator End(Text.data() + Text.size(), &Consumed);
  json::sax_parse(Begin, End, &Builder, json::input_format_t::json,
                  /*strict=*/true, /*ignore_comments=*/true);
  if (Builder.ErrorOffset) {
    // nlohmann counts the offending character as read.
    size_t Offset = *Builder.ErrorOffset ? *Builder.ErrorOffset - 1 : 0;
    auto [Line, Column] = lineAndColumn(Text, Offset);
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        llvm::formatv("{0}:{1}:{2}: invalid JSON: {3}", FileName, Line, Column,
                      stripNlohmannPrefix(Builder.ErrorMessage))
            .str());
  }

  LayerReader Reader(Text, FileName, Builder.Positions);
  Layer Out;
  const json &Root = Builder.Root;
  if (!Root.is_object()) {
    Reader.error("", llvm::Twine("a decision table is a JSON object, found ") +
                         Root.type_name());
    return joinErrors(Reader.Errors);
  }
  Reader.rejectUnknownKeys(Root, "",
                           {"version", "rows", "categories", "advice",
                            "functions", "contexts", "libraries"});
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
    auto It = llvm::find_if(Rows, [&](const TableRow &Old) {
      return Old.Id == R.Id;
    });
    if (It != Rows.end())
      *It = std::move(R);
    else
      Rows.push_back(std::move(R));
  }
  for (WorkCategory &C : Overlay.Categories) {
    auto It = llvm::find_if(Categories, [&](const WorkCategory &Old) {
      return Old.Id == C.Id;
    });
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
  for (const ContextEntry &C : Contexts) {
    auto Known = [](llvm::StringRef Name) {
      return llvm::is_contained(knownContexts(), Name);
    };
    if (!Known(C.Context))
      Report(C.Origin, "context entry '" + C.Name + "' names unknown context '" +
                           C.Context + "'");
    for (const ExecutorRule &R : C.Executors)
      if (!Known(R.Context))
        Report(C.Origin, "context entry '" + C.Name +
                             "' has an executor rule with unknown context '" +
                             R.Context + "'");
  }
  for (const auto &KV : AdviceByKey) {
    llvm::StringRef Work = KV.getKey().split('@').first;
    const TableOrigin &O = AdviceOrigins.find(KV.getKey())->second;
    if (Work != "blocking" && Work != "cpu-heavy" && Work != "tiny-task" &&
        !category(Work))
      Report(O, "advice '" + KV.getKey() + "' names unknown work '" + Work +
                    "' (a category, 'blocking', 'cpu-heavy' or 'tiny-task')");
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
                                    llvm::StringRef Context) const {
  auto It = AdviceByKey.find((Category.Id + "@" + Context).str());
  if (It != AdviceByKey.end())
    return &It->second;
  It = AdviceByKey.find((workKindName(Category.Kind) + "@" + Context).str());
  if (It != AdviceByKey.end())
    return &It->second;
  return nullptr;
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
    return llvm::createStringError(
        EC, "%s: cannot read the decision table: %s", UserPath.str().c_str(),
        EC.message().c_str());

  // clangd builds many files at once in one process: guard the cache.
  static std::mutex CacheMutex;
  static std::map<std::string,
                  std::pair<llvm::sys::TimePoint<>,
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
