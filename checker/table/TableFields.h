//===--- TableFields.h - the table's objects, declared field by field -----===//
//
// Each kind of table object (a function entry, a context entry, ...) is a
// list of fields: the key, whether it is required, and how its value is
// read into the entry. The same list drives the reading and the errors for
// keys nobody declared, so a new key is one line, and a typo in a user's
// table is never silently ignored. Every error names its file, line,
// column and JSON pointer; reading goes on after one, so a user sees all of
// them at once.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_TABLE_TABLEFIELDS_H
#define TASKFIT_CHECKER_TABLE_TABLEFIELDS_H

#include "PositionedJson.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace clang::tidy::taskfit {

/// Reads values of one table file, collecting every error with its place.
class TableReader {
public:
  using json = nlohmann::json;

  explicit TableReader(const PositionedJson &Doc) : Doc(Doc) {}

  TableOrigin origin(const std::string &Pointer) const {
    return Doc.origin(Pointer);
  }
  void error(const std::string &Pointer, const llvm::Twine &Message) {
    Errors.push_back(tableError(origin(Pointer), Pointer, Message));
  }
  bool expectObject(const json &V, const std::string &Pointer) {
    if (V.is_object())
      return true;
    error(Pointer, "expected an object, found " + std::string(V.type_name()));
    return false;
  }
  bool expectArray(const json &V, const std::string &Pointer) {
    if (V.is_array())
      return true;
    error(Pointer, "expected an array, found " + std::string(V.type_name()));
    return false;
  }
  /// Reports keys of \p Obj that are not in \p Known.
  void rejectUnknownKeys(const json &Obj, const std::string &Pointer,
                         llvm::ArrayRef<llvm::StringRef> Known);

  // Typed reads of a present value at \p Pointer (its key is the last
  // token); each reports a wrong type and returns false.
  bool readString(const json &V, const std::string &Pointer, std::string &Out);
  bool readBool(const json &V, const std::string &Pointer, bool &Out);
  bool readInt(const json &V, const std::string &Pointer, int &Out,
               bool AllowNegative);
  bool readStringList(const json &V, const std::string &Pointer,
                      std::vector<std::string> &Out);

  std::vector<std::string> Errors;

private:
  const PositionedJson &Doc;
};

/// One key of a kind of table object.
template <class T> struct Field {
  llvm::StringRef Key;
  bool Required;
  /// Reads the present value at Pointer into the entry; false after an
  /// error was reported.
  std::function<bool(TableReader &, const nlohmann::json &,
                     const std::string &Pointer, T &)>
      Read;
};

/// Reads the fields of \p Obj at \p Pointer into \p Out: unknown keys and
/// missing required ones are errors, each field's value is read by its
/// field. False if anything was wrong.
template <class T>
bool readFields(TableReader &R, const nlohmann::json &Obj,
                const std::string &Pointer, llvm::ArrayRef<Field<T>> Fields,
                T &Out) {
  if (!R.expectObject(Obj, Pointer))
    return false;
  std::vector<llvm::StringRef> Keys;
  for (const Field<T> &F : Fields)
    Keys.push_back(F.Key);
  R.rejectUnknownKeys(Obj, Pointer, Keys);
  bool Ok = true;
  for (const Field<T> &F : Fields) {
    auto It = Obj.find(F.Key.str());
    if (It == Obj.end()) {
      if (F.Required) {
        R.error(Pointer, "missing required key '" + F.Key + "'");
        Ok = false;
      }
      continue;
    }
    Ok &= F.Read(R, *It, Pointer + "/" + escapePointerToken(F.Key), Out);
  }
  return Ok;
}

// Fields of the common types, stored in a data member of the entry.
template <class T>
Field<T> stringField(llvm::StringRef Key, std::string T::*Member,
                     bool Required = false) {
  return {Key, Required,
          [Member](TableReader &R, const nlohmann::json &V,
                   const std::string &P,
                   T &Out) { return R.readString(V, P, Out.*Member); }};
}
template <class T> Field<T> boolField(llvm::StringRef Key, bool T::*Member) {
  return {Key, false,
          [Member](TableReader &R, const nlohmann::json &V,
                   const std::string &P,
                   T &Out) { return R.readBool(V, P, Out.*Member); }};
}
template <class T>
Field<T> intField(llvm::StringRef Key, int T::*Member, bool AllowNegative) {
  return {Key, false,
          [Member, AllowNegative](TableReader &R, const nlohmann::json &V,
                                  const std::string &P, T &Out) {
            return R.readInt(V, P, Out.*Member, AllowNegative);
          }};
}
/// A non-negative integer field, into an `unsigned` member or, for a key
/// whose absence means "none", a `std::optional<unsigned>` one.
template <class T, class M>
Field<T> unsignedField(llvm::StringRef Key, M T::*Member) {
  static_assert(std::is_same_v<M, unsigned> ||
                    std::is_same_v<M, std::optional<unsigned>>,
                "an unsigned field is stored in an unsigned or an "
                "optional<unsigned> member");
  return {Key, false,
          [Member](TableReader &R, const nlohmann::json &V,
                   const std::string &P, T &Out) {
            int Value = 0;
            if (!R.readInt(V, P, Value, /*AllowNegative=*/false))
              return false;
            Out.*Member = static_cast<unsigned>(Value);
            return true;
          }};
}
template <class T>
Field<T> stringListField(llvm::StringRef Key,
                         std::vector<std::string> T::*Member) {
  return {Key, false,
          [Member](TableReader &R, const nlohmann::json &V,
                   const std::string &P,
                   T &Out) { return R.readStringList(V, P, Out.*Member); }};
}
/// A string field whose value must be one of \p Names, stored as the
/// matching value of \p Values.
template <class T, class E>
Field<T> enumField(llvm::StringRef Key, E T::*Member,
                   std::vector<std::pair<llvm::StringRef, E>> Names,
                   llvm::StringRef What, bool Required = false) {
  return {Key, Required,
          [Member, Names, What](TableReader &R, const nlohmann::json &V,
                                const std::string &P, T &Out) {
            std::string Text;
            if (!R.readString(V, P, Text))
              return false;
            for (const auto &[Name, Value] : Names)
              if (Text == Name) {
                Out.*Member = Value;
                return true;
              }
            std::string Expected;
            for (size_t I = 0; I < Names.size(); ++I)
              Expected += (I == 0                  ? "'"
                           : I + 1 == Names.size() ? " or '"
                                                   : ", '") +
                          Names[I].first.str() + "'";
            R.error(P, "unknown " + What + " '" + Text + "' (expected " +
                           Expected + ")");
            return false;
          }};
}

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_TABLE_TABLEFIELDS_H
