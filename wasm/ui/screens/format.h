// wasm/ui/screens/format.h — how every screen says a status, a service, a time and a countdown, in
// the current language: one place, so the same deadline reads the same on the receipt, the list and
// the complaint, and an operator's relabelled category (/meta) shows wherever the category does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/i18n.h"
#include "core/model.h"

namespace ui {

// The label of a wire id: /meta's list `meta_list` ("business_types", "categories",
// "reply_methods") in the current language, else the catalog's `prefix` + id ("bt_mobile"), else
// the id itself.
std::string Label(const char* meta_list, std::string_view prefix, std::string_view id);
std::string BusinessTypeLabel(cw::BusinessType b);
std::string CategoryLabel(cw::Category c);
std::string ReplyMethodLabel(std::string_view id);
// "移动电话 · 费用争议" (either part may be missing; "" when both are).
std::string ServiceLabel(std::optional<cw::BusinessType> b, std::optional<cw::Category> c);
// The catalog's status text ("处理中").
std::string StatusLabel(cw::Status s);
// "11月29日 14:32" / "Nov 29, 14:32" in Asia/Shanghai, whatever the device's zone (every deadline
// is counted in Shanghai days, DESIGN §3).
std::string TimeText(cw::Timestamp t);
// "剩余 2 天 3 小时" / "剩余 5 小时" / "已超时" until `deadline` on the server's clock (Now()). A
// running countdown asks for a frame at the next minute (DESIGN §3: redrawn at most once a minute).
std::string Countdown(cw::Timestamp deadline);
// The operator the policy names (/meta policy.operator; the built-in policy's until /meta came):
// its name in the current language and its hotline.
std::string OperatorName();
std::string OperatorHotline();
// A catalog text with the operator's name and hotline as {0} and {1} ("也可拨打中国移动客服热线 10086 咨询").
std::string WithOperator(cw::Str key);

// A catalog text by its key's name ("status_closed"); "" when there is none.
std::string_view CatalogByName(std::string_view name);

}  // namespace ui
