//===--- PositionedJson.cpp - JSON that remembers where each value was ---===//

#include "PositionedJson.h"

#include "llvm/Support/FormatVariadic.h"
#include <iterator>

namespace clang::tidy::taskfit {

using nlohmann::json;

namespace {

/// An input iterator over the text that counts how far the lexer has read,
/// so the SAX handler can tell where each key and value sits.
class CountingIterator {
public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char *;
  using reference = const char &;

  CountingIterator(const char *P, size_t *Consumed)
      : P(P), Consumed(Consumed) {}
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

/// Turns a byte offset into a 1-based line and column.
std::pair<unsigned, unsigned> lineAndColumn(llvm::StringRef Text,
                                            size_t Offset) {
  Offset = std::min(Offset, Text.size());
  llvm::StringRef Before = Text.take_front(Offset);
  unsigned Line = 1 + Before.count('\n');
  size_t LastNewline = Before.rfind('\n');
  unsigned Column =
      LastNewline == llvm::StringRef::npos ? Offset + 1 : Offset - LastNewline;
  return {Line, Column};
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

std::string tableError(const TableOrigin &O, llvm::StringRef Pointer,
                       const llvm::Twine &Message) {
  return llvm::formatv("{0}:{1}:{2}: at '{3}': {4}", O.File, O.Line, O.Column,
                       Pointer.empty() ? "/" : Pointer, Message.str())
      .str();
}

llvm::Expected<PositionedJson> PositionedJson::parse(llvm::StringRef Text,
                                                     llvm::StringRef FileName) {
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
  PositionedJson Doc(Text, FileName);
  Doc.Root = std::move(Builder.Root);
  Doc.Positions = std::move(Builder.Positions);
  return Doc;
}

TableOrigin PositionedJson::origin(const std::string &Pointer) const {
  TableOrigin O;
  O.File = FileName;
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

} // namespace clang::tidy::taskfit
