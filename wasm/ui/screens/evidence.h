// wasm/ui/screens/evidence.h — photos and PDFs the customer picks (DESIGN §3 `evidence`): the
// filing wizard's step 4 and the track screen's 补充材料 panel share this one list, its checks (type,
// size, count, as the server will apply them) and its rows with the add button.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/i18n.h"
#include "core/json.h"

namespace ui {

enum class FileState { Ready, Sending, Sent };
struct PickedFile {
  std::string key, name, type;  // key: "file:…", swapped for the File by the element
  double size = 0;
  FileState state = FileState::Ready;
  cw::Str problem = cw::Str::app_title;  // app_title = none; evidence_too_big / evidence_bad_type
  bool bad = false;                      // never sent (its problem says why)
};

struct PickedFiles {
  std::vector<PickedFile> items;
  bool full = false;  // the picker gave more than fit (kEvidenceMax): the extra ones were dropped
};

// The element's "files" event ([{key, name, size, type}]): each file is added, marked bad with why
// when the server would refuse its type or size; beyond kEvidenceMax it is forgotten at once.
void Files_Add(PickedFiles& f, const cw::Json& picked);
// What goes into a request's `evidence`: the good files' keys, or (for the core's checks before
// anything is sent) stand-in ids, one per good file.
std::vector<std::string> Files_Evidence(const PickedFiles& f, bool for_wire);
int Files_Good(const PickedFiles& f);
void Files_SetState(PickedFiles& f, FileState s);  // every good file
void Files_MarkSent(PickedFiles& f, int n);        // the first n good files (uploads go in order)
// Drops every file (and the element's copy of it).
void Files_Clear(PickedFiles& f);

struct FilesListOpts {
  bool busy = false;                             // a request is sending them: no removing, no adding
  const cw::FieldErrors* server_errors = nullptr;  // `evidence[n]` refused by the server, on its row
  bool none_hint = true;                         // "you can submit without evidence" when empty
  std::vector<std::string> errors;               // messages about the list, shown under it
};
// The rows (name, size, state or problem, remove) and the add button. True when a file was removed
// (a server error about the list no longer applies).
bool FilesList(PickedFiles& f, const FilesListOpts& o);

}  // namespace ui
