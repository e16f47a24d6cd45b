// core/json.cpp — depth scan, non-throwing parse/dump, and the path-keeping field reader.
#include "core/json.h"

namespace cw {

int json_depth(std::string_view text, int limit) {
  int depth = 0, max_depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) max_depth = depth;
      if (max_depth > limit) return max_depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return max_depth;
}

Result<Json> parse_json(std::string_view text, int max_depth) {
  if (json_depth(text, max_depth) > max_depth) return Error(Errc::json_too_deep);
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Error(Errc::json_malformed);
  return j;
}

std::string dump_json(const Json& j, int indent) {
  return j.dump(indent, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
}

JsonReader::JsonReader(const Json& object, std::string prefix, FieldErrors& errors)
    : object_(object), prefix_(std::move(prefix)), errors_(errors) {}

std::string JsonReader::path(const char* key) const { return prefix_.empty() ? key : prefix_ + "." + key; }

void JsonReader::fail(const std::string& p, Errc code) { errors_.emplace(p, code); }

const Json* JsonReader::member(const char* key) const {
  if (!object_.is_object()) return nullptr;
  const auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

bool JsonReader::has(const char* key) const { return member(key) != nullptr; }

void JsonReader::missing(const char* key, bool required) {
  if (required) fail(path(key), Errc::validation_required);
}

std::optional<std::string> JsonReader::str(const char* key, bool required) {
  const Json* v = member(key);
  if (!v) return missing(key, required), std::nullopt;
  if (!v->is_string()) return fail(path(key), Errc::json_wrong_type), std::nullopt;
  return v->get<std::string>();
}

std::optional<bool> JsonReader::boolean(const char* key, bool required) {
  const Json* v = member(key);
  if (!v) return missing(key, required), std::nullopt;
  if (!v->is_boolean()) return fail(path(key), Errc::json_wrong_type), std::nullopt;
  return v->get<bool>();
}

std::optional<long long> JsonReader::integer(const char* key, long long min, long long max, bool required) {
  const Json* v = member(key);
  if (!v) return missing(key, required), std::nullopt;
  long long value = 0;
  if (v->is_number_integer() && v->is_number_unsigned()) {
    const auto u = v->get<unsigned long long>();
    if (u > static_cast<unsigned long long>(max)) return fail(path(key), Errc::validation_out_of_range), std::nullopt;
    value = static_cast<long long>(u);
  } else if (v->is_number_integer()) {
    value = v->get<long long>();
  } else if (v->is_number_float()) {
    // 3.0 is a fine integer; 3.5 is not.
    const double d = v->get<double>();
    if (!(d >= static_cast<double>(min) && d <= static_cast<double>(max))) {
      return fail(path(key), Errc::validation_out_of_range), std::nullopt;
    }
    value = static_cast<long long>(d);
    if (static_cast<double>(value) != d) return fail(path(key), Errc::json_wrong_type), std::nullopt;
  } else {
    return fail(path(key), Errc::json_wrong_type), std::nullopt;
  }
  if (value < min || value > max) return fail(path(key), Errc::validation_out_of_range), std::nullopt;
  return value;
}

std::optional<std::vector<std::string>> JsonReader::strings(const char* key, std::size_t max_items,
                                                            bool required) {
  const Json* v = member(key);
  if (!v) return missing(key, required), std::nullopt;
  if (!v->is_array()) return fail(path(key), Errc::json_wrong_type), std::nullopt;
  std::vector<std::string> out;
  bool ok = true;
  std::size_t i = 0;
  for (const Json& item : *v) {
    if (i > max_items) break;  // the caller reports "too many"; reading stays bounded
    if (!item.is_string()) {
      fail(path(key) + "[" + std::to_string(i) + "]", Errc::json_wrong_type);
      ok = false;
    } else {
      out.push_back(item.get<std::string>());
    }
    ++i;
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<Timestamp> JsonReader::time(const char* key, bool required) {
  const std::optional<std::string> s = str(key, required);
  if (!s) return std::nullopt;
  const Result<Timestamp> t = parse_iso8601(*s);
  if (!t) return fail(path(key), t.code()), std::nullopt;
  return t.value();
}

const Json* JsonReader::object(const char* key, bool required) {
  const Json* v = member(key);
  if (!v) return missing(key, required), nullptr;
  if (!v->is_object()) return fail(path(key), Errc::json_wrong_type), nullptr;
  return v;
}

const Json* JsonReader::array(const char* key, bool required) {
  const Json* v = member(key);
  if (!v) return missing(key, required), nullptr;
  if (!v->is_array()) return fail(path(key), Errc::json_wrong_type), nullptr;
  return v;
}

std::string str_of(const Json& o, const char* k) {
  if (!o.is_object()) return {};
  const auto it = o.find(k);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t int_of(const Json& o, const char* k) {
  if (!o.is_object()) return 0;
  const auto it = o.find(k);
  if (it == o.end()) return 0;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_number_float()) {
    const double d = it->get<double>();
    return d > -9.2e18 && d < 9.2e18 ? static_cast<std::int64_t>(d) : 0;
  }
  return 0;
}

bool bool_of(const Json& o, const char* k) {
  if (!o.is_object()) return false;
  const auto it = o.find(k);
  return it != o.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace cw
