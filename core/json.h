// core/json.h — safe JSON text handling on top of nlohmann without exceptions: a nesting-depth cap
// checked before parsing, typed field readers that never abort and record the path of what is wrong.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "core/iso_time.h"
#include "core/model.h"

namespace cw {

using Json = nlohmann::json;

inline constexpr int kMaxJsonDepth = 32;  // DESIGN §4: deeper bodies are a 400

// Nesting depth of arrays/objects, scanned outside strings (so it is safe on any input). Stops
// counting once it exceeds `limit`. "{}" has depth 1, "1" depth 0.
int json_depth(std::string_view text, int limit = kMaxJsonDepth);

// Parses text: json_too_deep when nested deeper than max_depth (checked BEFORE nlohmann sees it,
// whose recursive parser could overflow the small wasm stack), json_malformed when not JSON.
Result<Json> parse_json(std::string_view text, int max_depth = kMaxJsonDepth);

// Serialises without ever aborting: invalid UTF-8 in strings is replaced by U+FFFD.
std::string dump_json(const Json& j, int indent = -1);

// Lenient readers of stored and received JSON that never abort on a wrong type (TOOLCHAIN.md): "",
// 0 or false when `o` is not an object, the member is absent, of another type, or (a float beyond
// int64, e.g. 1e300) not representable. For what must be checked, JsonReader below.
std::string str_of(const Json& o, const char* k);
std::int64_t int_of(const Json& o, const char* k);
bool bool_of(const Json& o, const char* k);

// The Result of a decoder: the value when no field failed, else an Error listing every path (its
// code is the first path's).
template <class T>
Result<T> decoded(T value, FieldErrors& errors) {
  if (errors.empty()) return value;
  const Errc first = errors.begin()->second;
  return Error(first, std::move(errors));
}

// Reads members of one object, collecting errors by path ("customer.phone"). Every reader checks
// the type before get<T>(), so no input can abort (TOOLCHAIN.md nlohmann rules).
class JsonReader {
 public:
  // `prefix` is the path of this object ("" at the root, "customer" inside it).
  JsonReader(const Json& object, std::string prefix, FieldErrors& errors);

  bool has(const char* key) const;  // present and not null
  // Readers: missing or null → nullopt and, if `required`, validation.required; wrong type →
  // json.wrong_type; out of range → validation.out_of_range; unknown enum value → validation.enum_invalid.
  std::optional<std::string> str(const char* key, bool required = false);
  std::optional<bool> boolean(const char* key, bool required = false);
  std::optional<long long> integer(const char* key, long long min, long long max, bool required = false);
  // Reads at most max_items + 1 strings, so the caller can still tell "too many" from the size.
  std::optional<std::vector<std::string>> strings(const char* key, std::size_t max_items, bool required = false);
  std::optional<Timestamp> time(const char* key, bool required = false);  // ISO-8601 with offset
  template <class E>
  std::optional<E> enumeration(const char* key, bool required = false) {
    const std::optional<std::string> s = str(key, required);
    if (!s) return std::nullopt;
    const std::optional<E> e = parse_enum<E>(*s);
    if (!e) fail(path(key), Errc::validation_enum_invalid);
    return e;
  }
  const Json* object(const char* key, bool required = false);  // nullptr when absent or wrong type
  const Json* array(const char* key, bool required = false);

  std::string path(const char* key) const;  // prefix + "." + key
  void fail(const std::string& path, Errc code);  // first error per path wins
  FieldErrors& errors() { return errors_; }

 private:
  const Json* member(const char* key) const;
  void missing(const char* key, bool required);

  const Json& object_;
  std::string prefix_;
  FieldErrors& errors_;
};

}  // namespace cw
