// server/search.cpp — the staff list's derived columns and the search terms (server/search.h).
#include "server/search.h"

#include <vector>

#include "core/utf8.h"
#include "server/crypto.h"
#include "server/log.h"
#include "server/service.h"

namespace cw::server {
namespace {

enum class Kind { gap, word, cjk };

// CJK ideographs (with extensions and compatibility forms), kana and hangul: no spaces between words.
bool is_cjk(char32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

// Full-width Latin letters and digits (ＡＢＣ１２３, common in Chinese input) as their ASCII forms, and
// ASCII letters in lower case.
char32_t fold(char32_t c) {
  if (c >= 0xFF10 && c <= 0xFF19) c = c - 0xFF10 + '0';
  else if (c >= 0xFF21 && c <= 0xFF3A) c = c - 0xFF21 + 'a';
  else if (c >= 0xFF41 && c <= 0xFF5A) c = c - 0xFF41 + 'a';
  if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
  return c;
}

Kind kind_of(char32_t c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) return Kind::word;
  if (is_cjk(c)) return Kind::cjk;
  // Other letters (Latin with accents, Cyrillic, …) are words too; punctuation and symbols are gaps.
  if (c >= 0xC0 && c < 0x2000 && c != 0xD7 && c != 0xF7) return Kind::word;
  return Kind::gap;
}

struct Run {
  Kind kind;
  std::vector<char32_t> chars;
};

std::vector<Run> runs_of(std::string_view text) {
  std::vector<Run> runs;
  for (char32_t c : utf8::decode(text)) {
    c = fold(c);
    const Kind k = kind_of(c);
    if (k == Kind::gap) {
      if (!runs.empty() && runs.back().kind != Kind::gap) runs.push_back({Kind::gap, {}});
      continue;
    }
    if (runs.empty() || runs.back().kind != k) runs.push_back({k, {}});
    runs.back().chars.push_back(c);
  }
  return runs;
}

std::string text_of(const std::vector<char32_t>& cs, std::size_t from, std::size_t n) {
  std::string out;
  for (std::size_t i = from; i < from + n && i < cs.size(); ++i) utf8::append(out, cs[i]);
  return out;
}

// The terms of one run: a word whole; a CJK run as its pairs (and its last character, so that a
// search for one character finds it at the end of a run too).
void terms_of(const Run& r, std::vector<std::string>& out, bool with_last) {
  if (r.kind == Kind::word) {
    out.push_back(text_of(r.chars, 0, r.chars.size()));
    return;
  }
  for (std::size_t i = 0; i + 1 < r.chars.size(); ++i) out.push_back(text_of(r.chars, i, 2));
  if (with_last || r.chars.size() == 1) out.push_back(text_of(r.chars, r.chars.size() - 1, 1));
}

}  // namespace

void derive_list_columns(const Policy& policy, const Case& c, ComplaintRecord& rec) {
  rec.category = std::string(to_string(c.filing.category.value_or(Category::other)));
  rec.business_type = std::string(to_string(c.filing.business_type.value_or(BusinessType::other)));
  rec.channel = std::string(to_string(c.filing.channel.value_or(Channel::web)));
  rec.owner = c.owner;
  rec.escalation_level = c.escalation ? c.escalation->level : 0;
  const std::optional<Timestamp> next = next_deadline(c, compute_deadlines(policy, c));
  rec.next_deadline = next ? unix_seconds(*next) : kNoDeadline;
  rec.service_key = c.filing.service_number.empty() ? std::string() : service_key(c.filing.service_number);
}

Result<int> index_old_complaints(Storage& storage, const Policy& policy) {
  int total = 0;
  std::int64_t after = 0;
  for (int batch = 1; batch > 0;) {
    batch = 0;
    Result<void> w = storage.write([&](Tx& tx) -> Result<void> {
      auto rows = tx.list_unindexed(after, 500);
      if (!rows) return rows.error();
      for (ComplaintRecord& rec : rows.value()) {
        // status and filed_at come with the record; a purge's document still decodes (index_complaint
        // drops what names the customer).
        if (Result<Case> c = decode_case(rec)) {
          derive_list_columns(policy, c.value(), rec);
          rec.words = search_words(c.value().filing.problem, c.value().filing.demand);
        }
        if (auto i = tx.index_complaint(rec); !i) return i;
        after = rec.id;
        ++batch;
      }
      return {};
    });
    if (!w) return w.error();
    total += batch;
  }
  if (total > 0) log_event("info", "complaints_indexed", {{"count", log_num(total)}});
  return total;
}

std::string service_key(std::string_view service_number) {
  std::string norm;
  for (char32_t c : utf8::decode(service_number)) {
    c = fold(c);
    if (kind_of(c) == Kind::word) utf8::append(norm, c);
  }
  return sha256_hex("service_number:" + norm);
}

std::string search_words(std::string_view problem, std::string_view demand) {
  std::vector<std::string> terms;
  for (std::string_view text : {problem, demand})
    for (const Run& r : runs_of(text))
      if (r.kind != Kind::gap) terms_of(r, terms, true);
  std::string out;
  for (const std::string& t : terms) {
    if (!out.empty()) out.push_back(' ');
    out += t;
  }
  return out;
}

std::optional<std::string> search_match(std::string_view q) {
  std::string match;
  // Each run of a query word is its own term (AND), a phrase of its pairs: "5G网络" finds "5G 网络".
  for (const Run& r : runs_of(q)) {
    if (r.kind == Kind::gap) continue;
    std::vector<std::string> terms;
    terms_of(r, terms, false);
    const bool prefix = r.kind == Kind::cjk && r.chars.size() == 1;  // pairs that start with it, or the last
    std::string phrase = "\"";
    for (std::size_t i = 0; i < terms.size(); ++i) phrase += (i ? " " : "") + terms[i];
    phrase += prefix ? "\"*" : "\"";
    match += (match.empty() ? "" : " AND ") + phrase;
  }
  if (match.empty()) return std::nullopt;
  return match;
}

}  // namespace cw::server
