// wasm/ui/screens/code_step.h — the one-time code step, shared by the lookup by number (track.cpp)
// and by phone (find_by_phone.cpp): a 6-digit field on a numeric keypad, "resend" once its
// countdown ran out, and a way back to change what was typed.
#pragma once

#include <cstdint>
#include <string>

#include "core/i18n.h"

namespace ui {

inline constexpr std::int64_t kResendSeconds = 60;  // between two codes to the same phone
inline constexpr std::size_t kCodeDigits = 6;

enum class CodeAction { None, Resend, Change };

// Draws the field `id` holding `code` (with `error` under it), the resend button (a countdown until
// `resend_at`, disabled while `sending`) and the `change` button; says which of the two was pressed.
CodeAction CodeInput(const char* id, std::string& code, const std::string& error, std::int64_t resend_at,
                     bool sending, cw::Str change);

}  // namespace ui
