// core/mask.h — PII masking for customer views and logs (spec 一(三) 保密原则: personal data is never
// shown or logged in full). Pure functions over UTF-8; they never fail.
#pragma once

#include <string>
#include <string_view>

namespace cw {

// Mobile "13812345678" → "138****5678"; fixed line "010-12345678" → "010-****5678" (area code and the
// last four digits kept); anything shorter than 7 digits → all digits masked.
std::string mask_phone(std::string_view phone);
// "张三" → "张*", "欧阳娜娜" → "欧***", "王" → "王*": first character, then one * per remaining one
// (at least one). Counts code points, so characters beyond the BMP stay whole.
std::string mask_name(std::string_view name);
// "zhang@example.com" → "z***@example.com"; without an @ the whole text is masked as "***".
std::string mask_email(std::string_view email);

}  // namespace cw
