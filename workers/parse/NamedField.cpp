#include "workers/parse/NamedField.hpp"

#include <deque>
#include <mutex>
#include <stdexcept>

#include "workers/parse/fieldSyntax.hpp"

namespace logmill::workers {
namespace {

struct Registry {
  std::mutex mutex;
  std::deque<std::string> names;  ///< by namedFieldIndex
};

Registry& registry() {
  static Registry instance;
  return instance;
}

}  // namespace

Field namedField(std::string_view name) {
  Registry& r = registry();
  const std::lock_guard lock(r.mutex);
  for (std::size_t i = 0; i < r.names.size(); ++i) {
    if (r.names[i] == name) return static_cast<Field>(kFirstNamedField + static_cast<int>(i));
  }
  if (r.names.size() == kMaxNamedFields) {
    throw std::length_error("more than " + std::to_string(kMaxNamedFields) +
                            " named fields in one run");
  }
  r.names.emplace_back(name);
  return static_cast<Field>(kFirstNamedField + static_cast<int>(r.names.size() - 1));
}

std::string_view namedFieldName(Field field) {
  if (!isNamedField(field)) return {};
  Registry& r = registry();
  const std::lock_guard lock(r.mutex);
  const std::size_t index = namedFieldIndex(field);
  // A deque never moves its elements, and names are never removed.
  return index < r.names.size() ? std::string_view(r.names[index]) : std::string_view();
}

bool isFieldNameSyntax(std::string_view name) {
  constexpr std::size_t kMaxName = 64;
  if (name.empty() || name.size() > kMaxName) return false;
  if (!syntax::isAlpha(name[0]) && name[0] != '_') return false;
  for (const char c : name) {
    if (!syntax::isAlpha(c) && !syntax::isDigit(c) && c != '_' && c != '-' && c != '.' &&
        c != '@') {
      return false;
    }
  }
  return true;
}

bool parseNamedNumber(std::string_view text, std::int64_t& millionths) {
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  // `-` alone is "not measured" to parseDecimalSeconds; here it is no number.
  if (text.empty() || text == "-" || !syntax::parseDecimalSeconds(text, millionths)) return false;
  if (negative) millionths = -millionths;
  return true;
}

}  // namespace logmill::workers
