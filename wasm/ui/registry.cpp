// wasm/ui/registry.cpp — the widget registry and its JSON form (built by hand: no JSON library in
// the widget, TOOLCHAIN.md counts nlohmann's dump at ~29 KB brotli).
#include "wasm/ui/registry.h"

#include <cstdio>
#include <string_view>
#include <vector>

namespace ui {
namespace {

struct Registry {
  std::vector<RegistryItem> items;
  std::string json, previous;
};

Registry& R() {
  static Registry r;
  return r;
}

void AppendNum(std::string& out, float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", (double)v);
  std::string_view s(buf);
  if (s.size() > 2 && s.substr(s.size() - 2) == ".0") s.remove_suffix(2);
  out += s;
}

void AppendKey(std::string& out, const char* key) {
  out += ",\"";
  out += key;
  out += "\":";
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    const unsigned char c = (unsigned char)ch;
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  out += '"';
}

void Registry_BeginFrame() { R().items.clear(); }

void Registry_Add(RegistryItem item) { R().items.push_back(std::move(item)); }

int Registry_Count() { return (int)R().items.size(); }

const RegistryItem* Registry_Items() { return R().items.data(); }

RegistryItem* Registry_Last() { return R().items.empty() ? nullptr : &R().items.back(); }

const std::string& Registry_Json(bool* changed) {
  Registry& r = R();
  r.previous.swap(r.json);
  std::string& out = r.json;
  out.clear();
  out += '[';
  for (const RegistryItem& it : r.items) {
    if (out.size() > 1) out += ',';
    out += "{\"id\":";
    out += std::to_string(it.id);
    AppendKey(out, "role");
    AppendJsonString(out, it.role);
    AppendKey(out, "label");
    AppendJsonString(out, it.label);
    AppendKey(out, "x");
    AppendNum(out, it.x);
    AppendKey(out, "y");
    AppendNum(out, it.y);
    AppendKey(out, "w");
    AppendNum(out, it.w);
    AppendKey(out, "h");
    AppendNum(out, it.h);
    if (it.state & kStateFocused) out += ",\"focused\":true";
    if (it.state & kStateChecked) out += ",\"checked\":true";
    if (it.state & kStateDisabled) out += ",\"disabled\":true";
    if (it.state & kStateInvalid) out += ",\"invalid\":true";
    if (it.state & kStatePressed) out += ",\"pressed\":true";
    if (it.state & kStateHidden) out += ",\"hidden\":true";
    if (it.group) {
      AppendKey(out, "group");
      out += std::to_string(it.group);
    }
    if (it.level > 0) {
      AppendKey(out, "level");
      out += std::to_string(it.level);
    }
    if (it.lang) {
      AppendKey(out, "lang");
      AppendJsonString(out, it.lang);
    }
    if (!it.description.empty()) {
      AppendKey(out, "description");
      AppendJsonString(out, it.description);
    }
    if (!it.value.empty()) {
      AppendKey(out, "value");
      AppendJsonString(out, it.value);
    }
    if (it.inputmode) {
      if (it.multiline) out += ",\"multiline\":true";
      AppendKey(out, "inputmode");
      AppendJsonString(out, it.inputmode);
      AppendKey(out, "enterkeyhint");
      AppendJsonString(out, it.enterkeyhint ? it.enterkeyhint : "next");
      AppendKey(out, "autocomplete");
      AppendJsonString(out, it.autocomplete ? it.autocomplete : "off");
      AppendKey(out, "type");
      AppendJsonString(out, it.type ? it.type : "text");
      AppendKey(out, "placeholder");
      AppendJsonString(out, it.placeholder);
      if (it.max_chars > 0) {
        AppendKey(out, "maxlength");
        out += std::to_string(it.max_chars);
      }
    }
    out += '}';
  }
  out += ']';
  *changed = out != r.previous;
  return out;
}

}  // namespace ui
