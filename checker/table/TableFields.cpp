//===--- TableFields.cpp - the table's objects, declared field by field ---===//

#include "TableFields.h"

namespace clang::tidy::taskfit {

namespace {

/// The key of the value at \p Pointer: its last token.
std::string keyOf(const std::string &Pointer) {
  size_t Slash = Pointer.rfind('/');
  return Slash == std::string::npos ? Pointer : Pointer.substr(Slash + 1);
}

} // namespace

void TableReader::rejectUnknownKeys(const json &Obj, const std::string &Pointer,
                                    llvm::ArrayRef<llvm::StringRef> Known) {
  for (auto It = Obj.begin(); It != Obj.end(); ++It) {
    if (llvm::is_contained(Known, llvm::StringRef(It.key())))
      continue;
    std::string KnownList;
    for (llvm::StringRef K : Known)
      KnownList += (KnownList.empty() ? "'" : ", '") + K.str() + "'";
    error(Pointer + "/" + escapePointerToken(It.key()),
          "unknown key '" + It.key() + "' (expected one of " + KnownList + ")");
  }
}

bool TableReader::readString(const json &V, const std::string &Pointer,
                             std::string &Out) {
  if (!V.is_string()) {
    error(Pointer,
          "'" + keyOf(Pointer) + "' must be a string, found " + V.type_name());
    return false;
  }
  Out = V.get_ref<const std::string &>();
  return true;
}

bool TableReader::readBool(const json &V, const std::string &Pointer,
                           bool &Out) {
  if (!V.is_boolean()) {
    error(Pointer, "'" + keyOf(Pointer) + "' must be true or false, found " +
                       V.type_name());
    return false;
  }
  Out = V.get<bool>();
  return true;
}

bool TableReader::readInt(const json &V, const std::string &Pointer, int &Out,
                          bool AllowNegative) {
  // Argument indices and counts: small numbers, never more than this.
  constexpr json::number_integer_t Largest = 64;
  if (!V.is_number_integer() ||
      (!AllowNegative && V.get<json::number_integer_t>() < 0)) {
    error(Pointer,
          "'" + keyOf(Pointer) + "' must be " +
              (AllowNegative ? "an integer" : "a non-negative integer") +
              ", found " + V.type_name());
    return false;
  }
  auto Value = V.get<json::number_integer_t>();
  if (Value < -Largest || Value > Largest) {
    error(Pointer,
          "'" + keyOf(Pointer) + "' is out of range: " + std::to_string(Value));
    return false;
  }
  Out = static_cast<int>(Value);
  return true;
}

bool TableReader::readStringList(const json &V, const std::string &Pointer,
                                 std::vector<std::string> &Out) {
  if (!V.is_array()) {
    error(Pointer, "'" + keyOf(Pointer) +
                       "' must be an array of strings, found " + V.type_name());
    return false;
  }
  Out.clear();
  for (size_t I = 0; I < V.size(); ++I) {
    if (!V[I].is_string()) {
      error(Pointer + "/" + std::to_string(I),
            llvm::Twine("expected a string, found ") + V[I].type_name());
      return false;
    }
    Out.push_back(V[I].get_ref<const std::string &>());
  }
  return true;
}

} // namespace clang::tidy::taskfit
