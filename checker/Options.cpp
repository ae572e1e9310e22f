//===--- Options.cpp - bool options without clang-tidy's bool helpers -----===//

#include "Options.h"

#include "llvm/Support/YAMLParser.h"

namespace clang::tidy::taskfit {

std::optional<bool> parseBoolOption(StringRef Text) {
  if (std::optional<bool> Parsed = llvm::yaml::parseBool(Text))
    return Parsed;
  // clang-tidy still accepts numbers for backward compatibility.
  long long Number = 0;
  if (!Text.getAsInteger(10, Number))
    return Number != 0;
  return std::nullopt;
}

std::optional<bool> getBoolOption(const ClangTidyCheck &Check,
                                  const ClangTidyCheck::OptionsView &Options,
                                  StringRef Prefix, StringRef Key) {
  std::optional<StringRef> Text = Options.get(Key);
  if (!Text)
    return std::nullopt;
  if (std::optional<bool> Value = parseBoolOption(*Text))
    return Value;
  // clang-tidy's own wording for the same mistake.
  Check.configurationDiag(
      "invalid configuration value '%0' for option '%1.%2'; expected a bool")
      << *Text << Prefix << Key;
  return std::nullopt;
}

bool getBoolOption(const ClangTidyCheck &Check,
                   const ClangTidyCheck::OptionsView &Options, StringRef Prefix,
                   StringRef Key, bool Default) {
  return getBoolOption(Check, Options, Prefix, Key).value_or(Default);
}

void storeBoolOption(const ClangTidyCheck::OptionsView &Options,
                     ClangTidyOptions::OptionMap &Opts, StringRef Key,
                     bool Value) {
  Options.store(Opts, Key, Value ? StringRef("true") : StringRef("false"));
}

} // namespace clang::tidy::taskfit
