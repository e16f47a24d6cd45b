// core/errors.h — the one table of stable error codes (string ids + zh-CN/en messages + HTTP status)
// and the small value types that carry them: Error, Result<T>, FieldErrors. Errors are values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace cw {

// X(name, "stable.id", http status, "zh-CN message", "en message")
// The ids are a public contract (DESIGN §4 error bodies, operators' integrations): never rename one,
// only add. Chinese messages are polite, plain and say how to fix (spec 二(二)1: 规范、文明的服务用语).
#define CW_ERRORS(X)                                                                                   \
  X(ok, "ok", 200, "成功。", "OK.")                                                                    \
  /* validation: one field of a filing or an action payload (DESIGN §3) */                            \
  X(validation_required, "validation.required", 422, "此项为必填项，请填写后再提交。",                \
    "This field is required. Please fill it in.")                                                     \
  X(validation_too_long, "validation.too_long", 422, "内容超出了长度上限，请适当精简后再提交。",      \
    "This text is too long. Please shorten it.")                                                       \
  X(validation_too_short, "validation.too_short", 422, "内容太短，请再补充一些细节。",                \
    "This text is too short. Please add a few more details.")                                          \
  X(validation_utf8_invalid, "validation.utf8_invalid", 422,                                           \
    "内容中有无法识别的字符，请删除后重新输入。",                                                       \
    "This text contains characters that cannot be read. Please retype it.")                            \
  X(validation_control_char, "validation.control_char", 422,                                           \
    "内容中有不可见的控制字符，请删除后重新输入（此处不支持换行）。",                                 \
    "This text contains invisible control characters. Please remove them (line breaks are not "        \
    "allowed here).")                                                                                  \
  X(validation_enum_invalid, "validation.enum_invalid", 422, "请从列表中选择一项。",                 \
    "Please choose one of the listed options.")                                                        \
  X(validation_out_of_range, "validation.out_of_range", 422, "数值超出了允许的范围，请重新选择。",    \
    "This value is out of the allowed range. Please choose again.")                                    \
  X(validation_date_invalid, "validation.date_invalid", 422,                                           \
    "日期时间格式不正确，请重新选择日期和时间。", "This date and time is not valid. Please pick it again.") \
  X(validation_date_future, "validation.date_future", 422,                                             \
    "发生时间不能晚于现在，请检查日期和时间。",                                                         \
    "The time cannot be in the future. Please check the date and time.")                               \
  X(validation_date_too_old, "validation.date_too_old", 422,                                           \
    "发生时间已超过三年。依照《民法典》第一百八十八条，民事权利的诉讼时效一般为三年，本渠道无法受理，"  \
    "敬请谅解。请先核对日期；如此前已就此事提出过主张，时效可能中断，可到营业厅或拨打客服热线咨询，"      \
    "也可以向消费者协会求助，或依法申请调解、仲裁、向人民法院起诉。",                                  \
    "This happened more than three years ago. Under art. 188 of the Civil Code the limitation period "  \
    "for civil claims is generally three years, so it cannot be filed here; we are sorry. Please check " \
    "the date. If you raised this claim before, the period may have been interrupted: ask at one of "  \
    "our shops or call our hotline. You may also turn to a consumer association, or seek mediation, "  \
    "arbitration or a people's court as the law provides.")                                            \
  X(validation_phone_invalid, "validation.phone_invalid", 422,                                         \
    "请填写有效的手机号（11位），或带区号的固定电话（如 010-12345678）。",                               \
    "Please enter a valid mobile number (11 digits) or a landline with its area code (e.g. "           \
    "010-12345678).")                                                                                  \
  X(validation_email_invalid, "validation.email_invalid", 422,                                         \
    "电子邮箱格式不正确，请检查（例如 name@example.com）。",                                            \
    "This e-mail address is not valid. Please check it (e.g. name@example.com).")                      \
  X(validation_email_required, "validation.email_required", 422,                                       \
    "您选择了邮件答复，请填写电子邮箱，或改选其他答复方式。",                                          \
    "You chose a reply by e-mail: please enter an e-mail address or choose another reply method.")    \
  X(validation_sms_needs_mobile, "validation.sms_needs_mobile", 422,                                   \
    "短信只能发到手机上，您留的联系电话是固定电话。请改填手机号码，或选择电话等其他答复方式。",        \
    "A text message can only reach a mobile phone, and your contact number is a landline. Please "    \
    "enter a mobile number or choose another reply method, such as a phone call.")                    \
  X(validation_service_number_invalid, "validation.service_number_invalid", 422,                       \
    "业务号码与所选业务类型不符，请填写手机号、带区号的固话号码或宽带账号。",                          \
    "This number does not match the service type. Please enter the mobile number, the landline with "  \
    "area code, or the broadband account.")                                                            \
  X(validation_evidence_too_many, "validation.evidence_too_many", 422,                                 \
    "最多可上传 5 个附件，请删除多余的附件。",                                                          \
    "You can attach at most 5 files. Please remove the extra ones.")                                   \
  X(validation_evidence_invalid, "validation.evidence_invalid", 422,                                   \
    "附件无效或重复，请删除后重新上传。", "An attachment is not valid or is listed twice. Please "     \
    "remove it and upload it again.")                                                                  \
  X(validation_not_applicable, "validation.not_applicable", 422,                                       \
    "此项与您的选择不符（网络问题的地点和时间只用于网络类投诉，联系时段只用于电话答复），请删除或修改。", \
    "This does not fit your other choices (place and time are for network problems, a contact time "  \
    "for phone replies). Please remove or change it.")                                                \
  X(validation_place_or_address, "validation.place_or_address", 422,                                   \
    "请在常见地点中选一个，或填写具体地址，二选一即可。",                                              \
    "Please choose a place from the list or enter an address, not both.")                             \
  X(validation_consent_required, "validation.consent_required", 422,                                   \
    "请阅读并同意个人信息保护说明后再提交。",                                                          \
    "Please read and accept the privacy notice before you submit.")                                    \
  X(validation_uuid_invalid, "validation.uuid_invalid", 422,                                           \
    "请求编号无效，请刷新页面后重试。", "The request id is not valid. Please reload the page and try "  \
    "again.")                                                                                          \
  /* acceptance numbers (DESIGN §3) */                                                                 \
  X(acceptance_no_incomplete, "acceptance_no.incomplete", 422,                                         \
    "受理编号还没有输完，请继续输入。", "The acceptance number is not complete yet.")                 \
  X(acceptance_no_format, "acceptance_no.format", 422,                                                 \
    "受理编号格式不正确，请对照受理短信核对，格式如 TS-260105-7K3M9QXZ-2。",                           \
    "This is not an acceptance number. Please check it against your receipt (e.g. "                    \
    "TS-260105-7K3M9QXZ-2).")                                                                          \
  X(acceptance_no_checksum, "acceptance_no.checksum", 422,                                             \
    "受理编号中可能有输入错误，请逐位核对后重新输入。",                                               \
    "This number seems to have a typo. Please check each character again.")                           \
  /* workflow (DESIGN §3 lifecycle) */                                                                 \
  X(workflow_transition_not_allowed, "workflow.transition_not_allowed", 409,                           \
    "当前状态下不能进行此操作，请刷新后查看最新进度。",                                               \
    "This step is not possible in the current status. Please refresh to see the latest progress.")    \
  X(workflow_role_forbidden, "workflow.role_forbidden", 403, "您没有进行此操作的权限。",              \
    "You are not allowed to do this.")                                                                 \
  X(workflow_reply_incomplete, "workflow.reply_incomplete", 422,                                       \
    "答复需包含调查结论、处理依据、处理方案和执行情况四部分，请补全后再提交。",                        \
    "A reply needs the conclusion, the basis, the plan and its execution. Please complete all four.") \
  X(workflow_plan_incomplete, "workflow.plan_incomplete", 422,                                         \
    "处理方案需写明具体措施、责任人和完成时限，请补全后再提交。",                                     \
    "A plan needs its measures, an owner and a due date. Please complete them.")                      \
  X(workflow_reason_required, "workflow.reason_required", 422, "请选择不予受理的原因。",             \
    "Please choose the reason for not accepting.")                                                     \
  X(workflow_assignment_incomplete, "workflow.assignment_incomplete", 422,                             \
    "请填写责任部门和责任人。", "Please enter the responsible department and owner.")                 \
  X(workflow_trigger_required, "workflow.trigger_required", 422, "请选择升级的原因。",               \
    "Please choose why the complaint is escalated.")                                                   \
  X(workflow_max_level, "workflow.max_level", 409,                                                     \
    "该投诉已升级到最高级别，将由高级管理人员负责处理。",                                             \
    "This complaint is already at the highest level and is handled by senior management.")            \
  X(workflow_not_eligible, "workflow.not_eligible", 409,                                               \
    "目前还不能申请升级：收到答复后如不满意，或处理超出时限时，可以申请升级。",                       \
    "You can ask to escalate once you have a reply you are not satisfied with, or when a time limit " \
    "has passed.")                                                                                     \
  X(workflow_extend_used, "workflow.extend_used", 409, "本阶段已经延期过一次，不能再次延期。",        \
    "This stage has already been extended once.")                                                      \
  X(workflow_note_required, "workflow.note_required", 422, "请填写说明，客户可以看到这段说明。",     \
    "Please write a note; the customer will see it.")                                                 \
  X(workflow_days_invalid, "workflow.days_invalid", 422, "延期天数须为 1 到 30 天。",                \
    "Extension days must be between 1 and 30.")                                                        \
  X(workflow_complexity_required, "workflow.complexity_required", 422,                                 \
    "请选择投诉的复杂程度（简单或复杂）。", "Please choose the complexity (simple or complex).")      \
  X(workflow_deadline_passed, "workflow.deadline_passed", 409,                                         \
    "本阶段的处理时限已经过了，延期或调整复杂程度都不能改变已超时的事实。",                           \
    "This stage's time limit has already passed; an extension or a change of complexity cannot undo " \
    "a missed deadline.")                                                                              \
  X(workflow_extend_past_ceiling, "workflow.extend_past_ceiling", 409,                                 \
    "答复期限已是上限（受理后 15 天内答复，或升级后的重新处理时限），不能再延长。",                   \
    "The reply deadline is already the ceiling (15 days after filing, or the re-handling's limit "   \
    "after an escalation) and cannot be extended.")                                                    \
  X(workflow_already_owned, "workflow.already_owned", 409,                                              \
    "这件投诉已有首问负责人，请与其协调，或由上级指派。",                                               \
    "This complaint already has an owner. Please coordinate with them or ask a supervisor to assign "  \
    "it.")                                                                                             \
  X(workflow_close_dissatisfied, "workflow.close_dissatisfied", 409,                                   \
    "客户回访表示不满意或问题未解决，客服人员不能直接结案，请升级处理或请上级审核后结案。",           \
    "The customer said they are not satisfied or the problem is not solved: an agent cannot close "    \
    "it. Escalate it, or ask a supervisor to review and close it.")                                    \
  X(workflow_manager_required, "workflow.manager_required", 403,                                       \
    "该投诉已升级到最高级别，须由高级管理人员处理。",                                                  \
    "This complaint is at the highest level and must be handled by a manager.")                        \
  X(workflow_already_held, "workflow.already_held", 409,                                               \
    "这件投诉已被保留（暂不删除个人信息），如需更改请先解除保留。",                                     \
    "This complaint is already on hold (kept from deletion). Release the hold first to change it.")    \
  X(workflow_not_held, "workflow.not_held", 409, "这件投诉没有被保留，无需解除。",                    \
    "This complaint is not on hold, so there is nothing to release.")                                   \
  /* JSON bodies (DESIGN §4: 400) */                                                                   \
  X(json_malformed, "json.malformed", 400, "提交的数据格式有误，请刷新页面后重试。",                  \
    "The request could not be read. Please reload the page and try again.")                           \
  X(json_too_deep, "json.too_deep", 400, "提交的数据层级过深，请刷新页面后重试。",                    \
    "The request is nested too deeply. Please reload the page and try again.")                        \
  X(json_wrong_type, "json.wrong_type", 422, "提交的某项数据类型不正确，请刷新页面后重试。",          \
    "A value in the request has the wrong type. Please reload the page and try again.")               \
  X(json_not_object, "json.not_object", 400, "提交的数据格式有误，请刷新页面后重试。",                \
    "The request must be a JSON object. Please reload the page and try again.")                       \
  /* HTTP-level conditions (server and client share the texts) */                                      \
  X(http_bad_request, "http.bad_request", 400, "请求有误，请刷新页面后重试。",                        \
    "The request is not valid. Please reload the page and try again.")                                \
  X(http_not_found, "http.not_found", 404, "没有找到这条记录，请核对受理编号和手机号。",              \
    "Nothing was found. Please check the acceptance number and phone number.")                        \
  X(http_method_not_allowed, "http.method_not_allowed", 405, "不支持此操作。",                       \
    "This operation is not supported.")                                                                \
  X(http_conflict, "http.conflict", 409, "记录已被更新，请刷新后重试。",                              \
    "The record has changed. Please refresh and try again.")                                          \
  X(http_rate_limited, "http.rate_limited", 429, "操作过于频繁，请稍等片刻再试。",                    \
    "Too many attempts. Please wait a moment and try again.")                                         \
  X(http_payload_too_large, "http.payload_too_large", 413,                                             \
    "提交的内容过大，附件每个不能超过 5 MB，请压缩后重试。",                                          \
    "This is too large. Each attachment may be at most 5 MB; please make it smaller.")                \
  X(http_unsupported_media_type, "http.unsupported_media_type", 415,                                   \
    "仅支持 JPG、PNG 图片或 PDF 文件，请更换文件后重试。",                                             \
    "Only JPG or PNG images and PDF files are accepted. Please choose another file.")                 \
  X(auth_unauthorized, "auth.unauthorized", 401, "请先登录后再操作。", "Please sign in first.")      \
  X(auth_forbidden, "auth.forbidden", 403, "您没有进行此操作的权限。",                               \
    "You are not allowed to do this.")                                                                 \
  X(auth_token_expired, "auth.token_expired", 401, "登录已过期，请重新验证手机号。",                  \
    "Your session has expired. Please verify your phone number again.")                               \
  /* staff reports (DESIGN §4 GET /staff/stats, /staff/export.csv) */                                 \
  X(auth_supervisor_required, "auth.supervisor_required", 403,                                          \
    "统计和导出仅限主管及以上人员使用，如需数据请联系您的主管。",                                      \
    "Statistics and exports are for supervisors and managers. Please ask your supervisor for them.")   \
  /* staff: retrying a failed message (POST /staff/notifications/{id}/retry) */                          \
  X(notify_capped, "notify.capped", 409,                                                               \
    "这条消息超过了该联系人的每日条数上限，为免打扰客户不会发送。请致电客户，或在投诉上添加公开备注。",   \
    "This message was over its contact's daily cap and is never sent, so as not to flood the "         \
    "customer. Call the customer, or add a public note to the complaint.")                            \
  X(notify_not_retryable, "notify.not_retryable", 409,                                                 \
    "验证码和回访链接失效后不再保存，无法重发：请客户重新获取验证码，回访可电话进行并记录结果。",       \
    "Codes and survey links are not kept once they failed, so they cannot be sent again: the "         \
    "customer asks for a new code, and a follow-up can be done by phone and recorded.")              \
  X(notify_not_failed, "notify.not_failed", 409, "这条消息没有发送失败（正在发送或已送达），无需重发。", \
    "This message has not failed (it is waiting or was delivered): there is nothing to retry.")       \
  X(query_invalid, "query.invalid", 400,                                                               \
    "查询条件有误，请检查标出的条件：日期写作 2026-11-01，开始日期不能晚于结束日期，分组方式须从列表中选择。", \
    "The query is not valid. Please check the marked conditions: dates as 2026-11-01, the start not "  \
    "after the end, and a grouping from the list.")                                                    \
  X(idempotency_key_missing, "idempotency.key_missing", 400, "请求缺少编号，请刷新页面后重试。",     \
    "The request has no Idempotency-Key. Please reload the page and try again.")                      \
  X(idempotency_key_reused, "idempotency.key_reused", 422,                                             \
    "此请求编号已用于另一项内容，请刷新页面后重新提交。",                                             \
    "This request id was already used for different content. Please reload and submit again.")       \
  X(survey_already_submitted, "survey.already_submitted", 409, "您已经提交过评价，感谢您的反馈。",    \
    "You have already rated this complaint. Thank you for your feedback.")                            \
  X(survey_token_invalid, "survey.token_invalid", 404,                                                 \
    "评价链接无效或已过期，请通过受理编号查询后再评价。",                                             \
    "This survey link is not valid or has expired. Please look up your complaint to rate it.")       \
  X(survey_not_open, "survey.not_open", 409, "目前还不能评价，请在收到回访后再评价。",                \
    "Rating opens with the follow-up after the reply.")                                                \
  X(lookup_code_invalid, "lookup.code_invalid", 422, "验证码不正确或已过期，请重新获取验证码。",     \
    "The code is wrong or has expired. Please request a new code.")                                   \
  X(upload_not_found, "upload.not_found", 422, "附件已失效，请重新上传。",                            \
    "An attachment is no longer available. Please upload it again.")                                  \
  X(policy_invalid, "policy.invalid", 422, "时限策略文件有误，请检查格式。",                          \
    "The time-limit policy is not valid. Please check the file.")                                     \
  X(network_offline, "network.offline", 0, "网络未连接，内容已保存，联网后将自动提交。",             \
    "You are offline. Your input is saved and will be sent when you are back online.")                \
  X(network_timeout, "network.timeout", 0, "网络响应超时，我们会自动重试，请稍候。",                  \
    "The network timed out. We will retry automatically.")                                            \
  X(network_error, "network.error", 0, "网络连接出现问题，我们会自动重试，请稍候。",                  \
    "There was a network problem. We will retry automatically.")                                      \
  X(storage_error, "storage.error", 0, "无法在本机保存草稿，请检查浏览器是否允许存储。",             \
    "The draft could not be saved on this device. Please check the browser's storage settings.")     \
  X(server_error, "server.error", 500, "系统暂时繁忙，请稍后再试，给您带来不便敬请谅解。",           \
    "Something went wrong on our side. Please try again later.")                                      \
  X(server_unavailable, "server.unavailable", 503, "服务暂时不可用，请稍后再试。",                    \
    "The service is temporarily unavailable. Please try again later.")

enum class Errc : std::uint16_t {
#define CW_ERRC_ENUM(name, id, http, zh, en) name,
  CW_ERRORS(CW_ERRC_ENUM)
#undef CW_ERRC_ENUM
};

enum class Lang : std::uint8_t { zh_CN, en };

// "zh-CN" / "zh" / "zh-Hans…" → zh_CN, "en…" → en; anything else → zh_CN (the default audience).
Lang lang_from_tag(std::string_view tag);
std::string_view lang_tag(Lang lang);  // "zh-CN" | "en"

std::string_view code_id(Errc code);                      // "validation.phone_invalid"
std::optional<Errc> errc_from_id(std::string_view id);    // inverse of code_id
std::string_view message(Errc code, Lang lang);           // the customer-facing text
int http_status(Errc code);                               // 0 for client-only conditions
std::size_t error_count();                                // number of rows in the table
Errc errc_at(std::size_t index);                          // row i (for tests and catalog dumps)

// Field path ("customer.phone") → error code. Ordered so reports are deterministic.
using FieldErrors = std::map<std::string, Errc>;

// One error: its code, the path of the offending field when there is one, and for validation
// failures every field error at once (DESIGN §4 `fields`).
struct Error {
  Errc code = Errc::server_error;
  std::string path;
  FieldErrors fields;

  Error() = default;
  Error(Errc c) : code(c) {}  // NOLINT: implicit on purpose, `return Errc::x;` reads well
  Error(Errc c, std::string p) : code(c), path(std::move(p)) {}
  Error(Errc c, FieldErrors f) : code(c), fields(std::move(f)) {}
};

// A value or an Error. No exceptions: check ok() before value().
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT
  Result(Errc code) : v_(std::in_place_index<1>, Error(code)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  // Precondition ok(). Defensive anyway (the wasm module must never abort on a bad answer): on an
  // error these give a default-constructed T instead of undefined behaviour.
  const T& value() const& { return ok() ? *std::get_if<0>(&v_) : fallback(); }
  T& value() & { return ok() ? *std::get_if<0>(&v_) : fallback(); }
  T value() && { return ok() ? std::move(*std::get_if<0>(&v_)) : T{}; }
  const T* operator->() const { return &value(); }
  const T& operator*() const { return value(); }
  // Precondition !ok(); on success gives Errc::ok.
  const Error& error() const {
    static const Error none(Errc::ok);
    return ok() ? none : *std::get_if<1>(&v_);
  }
  Errc code() const { return ok() ? Errc::ok : error().code; }

 private:
  static T& fallback() {
    static T empty;
    empty = T{};
    return empty;
  }
  std::variant<T, Error> v_;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : err_(std::move(error)) {}  // NOLINT
  Result(Errc code) : err_(Error(code)) {}  // NOLINT
  bool ok() const { return !err_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const {
    static const Error none(Errc::ok);
    return ok() ? none : *err_;
  }
  Errc code() const { return ok() ? Errc::ok : err_->code; }

 private:
  std::optional<Error> err_;
};

}  // namespace cw
