// wasm/ui/screens/evidence.cpp — see evidence.h.
#include "wasm/ui/screens/evidence.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/field_path.h"
#include "core/validation.h"
#include "wasm/ui/data.h"
#include "wasm/ui/screens/screens.h"
#include "wasm/ui/theme.h"
#include "wasm/ui/widgets.h"

namespace ui {
namespace {

std::string SizeText(double bytes) {
  char buf[32];
  if (bytes >= 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f MB", bytes / (1024 * 1024));
  else std::snprintf(buf, sizeof buf, "%.0f KB", std::max(1.0, bytes / 1024));
  return buf;
}

// The server sniffs the bytes (DESIGN §3: jpg/png/pdf); the browser's type, or the name when it
// gives none, catches the obvious mistakes before the upload.
bool TypeOk(const PickedFile& p) {
  const std::size_t dot = p.name.find_last_of('.');
  std::string ext = dot == std::string::npos ? std::string() : p.name.substr(dot);
  for (char& c : ext) c = (char)std::tolower((unsigned char)c);
  return p.type == "image/jpeg" || p.type == "image/png" || p.type == "application/pdf" ||
         (p.type.empty() && (ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".pdf"));
}

}  // namespace

void Files_Add(PickedFiles& f, const cw::Json& picked) {
  if (!picked.is_array()) return;
  for (const cw::Json& j : picked) {
    PickedFile p;
    p.key = cw::str_of(j, "key");
    p.name = cw::str_of(j, "name");
    p.type = cw::str_of(j, "type");
    const auto size = j.find("size");
    p.size = size != j.end() && size->is_number() ? size->get<double>() : 0;
    if (p.key.empty()) continue;
    if (f.items.size() >= cw::kEvidenceMax) {
      f.full = true;
      Call<cw::ClientMethod::forget_file>({p.key}).Forget();
      continue;
    }
    if (!TypeOk(p)) {
      p.bad = true;
      p.problem = cw::Str::evidence_bad_type;
    } else if (p.size > (double)cw::kUploadMaxBytes) {
      p.bad = true;
      p.problem = cw::Str::evidence_too_big;
    }
    f.items.push_back(std::move(p));
  }
}

std::vector<std::string> Files_Evidence(const PickedFiles& f, bool for_wire) {
  std::vector<std::string> out;
  int n = 0;
  for (const PickedFile& p : f.items) {
    if (!p.bad) out.push_back(for_wire ? p.key : "picked-" + std::to_string(++n));
  }
  return out;
}

int Files_Good(const PickedFiles& f) {
  int good = 0;
  for (const PickedFile& p : f.items) good += !p.bad;
  return good;
}

void Files_SetState(PickedFiles& f, FileState s) {
  for (PickedFile& p : f.items)
    if (!p.bad) p.state = s;
}

void Files_MarkSent(PickedFiles& f, int n) {
  int i = 0;
  for (PickedFile& p : f.items)
    if (!p.bad && ++i <= n) p.state = FileState::Sent;
}

void Files_Clear(PickedFiles& f) {
  for (const PickedFile& p : f.items) Call<cw::ClientMethod::forget_file>({p.key}).Forget();
  f.items.clear();
  f.full = false;
}

bool FilesList(PickedFiles& f, const FilesListOpts& o) {
  using cw::Str;
  const Theme& t = T();
  const std::string remove(S(Str::evidence_remove));
  int gone = -1;
  std::size_t wire = 0;  // the file's place in the request's `evidence` (bad files are not sent)
  for (std::size_t i = 0; i < f.items.size(); ++i) {
    const PickedFile& p = f.items[i];
    RowOpts ro;
    std::string detail = SizeText(p.size) + " · ";
    // The server refused this one file (evidence[n]: upload.not_found, ...).
    const cw::FieldErrors none;
    const cw::FieldErrors& errors = o.server_errors ? *o.server_errors : none;
    const auto refused = p.bad ? errors.end() : errors.find(cw::item_path(cw::Field::evidence, wire));
    if (!p.bad) ++wire;
    if (p.bad) {
      detail += std::string(S(p.problem));
      ro.detail_color = t.error;
    } else if (refused != errors.end()) {
      detail += std::string(cw::message(refused->second, Ctx().lang));
      ro.detail_color = t.error;
    } else {
      detail += std::string(S(p.state == FileState::Sent      ? Str::evidence_sent
                              : p.state == FileState::Sending ? Str::evidence_sending
                                                              : Str::evidence_ready));
      if (p.state == FileState::Sent) ro.detail_color = t.success;
    }
    ro.detail = detail;
    ro.action = o.busy ? nullptr : remove.c_str();
    ro.divider = i > 0;
    if (ListRow(p.key.c_str(), p.name, ro) == RowHit::Action) gone = (int)i;
  }
  if (gone >= 0) {
    Call<cw::ClientMethod::forget_file>({f.items[(std::size_t)gone].key}).Forget();
    f.items.erase(f.items.begin() + gone);
    f.full = false;
  }
  if (f.full) Hint(S(Str::evidence_full), t.error);
  for (const std::string& e : o.errors) Hint(e, t.error);
  if (f.items.empty() && o.none_hint) Hint(S(Str::evidence_none));
  Space(4);
  FilePickButton(std::string(S(Str::evidence_add)).c_str(), "image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf",
                 Files_Good(f) < (int)cw::kEvidenceMax && !o.busy);
  return gone >= 0;
}

}  // namespace ui
