// core/i18n.h — the UI string catalog (zh-CN + en) for the screens, the accessibility tree and the
// server's /meta labels. One X-macro table: a key without both languages does not compile.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/errors.h"

namespace cw {

// X(key, "zh-CN", "en"). Keys are stable names used by the UI code; never reuse a removed one.
// Placeholders are {0}, {1} … filled by format(); the order may differ between languages.
#define CW_UI_STRINGS(X)                                                                              \
  /* app and home */                                                                                  \
  X(app_title, "投诉服务", "Complaint service")                                                       \
  X(home_greeting, "您好，遇到问题可以在这里自助投诉", "Hello, you can file a complaint here yourself") \
  X(home_file, "我要投诉", "File a complaint")                                                       \
  X(home_file_hint, "几分钟填写，随时可查进度", "Takes a few minutes; track it any time")              \
  X(home_track, "查询进度", "Track a complaint")                                                      \
  X(home_track_hint, "输入受理编号查询处理进度", "Enter your acceptance number")                     \
  X(home_mine, "我的投诉", "My complaints")                                                           \
  X(home_mine_empty, "这台设备上还没有投诉记录", "No complaints from this device yet")               \
  X(home_settings, "设置", "Settings")                                                                \
  X(home_hotline, "也可拨打{0}客服热线 {1} 咨询", "You can also call the {0} hotline {1}")           \
  /* wizard */                                                                                        \
  X(wizard_step_of, "第 {0} 步，共 {1} 步", "Step {0} of {1}")                                        \
  X(step_type, "业务与类别", "Service and category")                                                  \
  X(step_problem, "问题与诉求", "Problem and demand")                                                 \
  X(step_contact, "联系方式", "Contact")                                                               \
  X(step_evidence, "证据材料", "Evidence")                                                            \
  X(step_review, "确认提交", "Review and submit")                                                     \
  X(field_business_type, "业务类型", "Service type")                                                  \
  X(field_category, "问题类别", "Problem category")                                                   \
  X(field_service_number, "涉及的号码或账号", "Number or account concerned")                          \
  X(hint_service_number_mobile, "11 位手机号", "11-digit mobile number")                               \
  X(hint_service_number_fixed, "带区号的固话号码，如 010-12345678", "Landline with area code, e.g. 010-12345678") \
  X(hint_service_number_broadband, "宽带账号（见账单或装机单）", "Broadband account (on your bill)")  \
  X(field_occurred_at, "发生时间", "When it happened")                                                \
  X(field_problem, "遇到的问题", "What went wrong")                                                  \
  X(hint_problem, "请写清楚时间、经过和影响，至少 10 个字", "When, what happened and how it affected you (10+ characters)") \
  X(field_demand, "您的诉求", "What you ask for")                                                      \
  X(hint_demand, "希望我们怎样处理", "How would you like us to resolve it")                           \
  X(demand_examples_title, "好的诉求示例", "Examples of a clear demand")                              \
  X(demand_example_1, "退还 3 月多收的 30 元流量费", "Refund the 30 yuan data fee overcharged in March") \
  X(demand_example_2, "一周内修复家中宽带并说明原因", "Fix my home broadband within a week and explain why") \
  X(demand_example_3, "取消未经同意开通的增值业务", "Cancel the add-on service opened without my consent") \
  X(field_name, "姓名", "Name")                                                                       \
  X(field_phone, "联系电话", "Contact phone")                                                         \
  X(hint_phone, "手机号或带区号的固话", "Mobile or landline with area code")                         \
  X(field_email, "电子邮箱（选填）", "E-mail (optional)")                                             \
  X(field_reply_method, "希望的答复方式", "How should we reply")                                      \
  X(evidence_add, "添加照片或 PDF", "Add a photo or PDF")                                             \
  X(evidence_hint, "最多 5 个，每个不超过 5 MB（jpg、png、pdf）", "Up to 5 files, 5 MB each (jpg, png, pdf)") \
  X(evidence_remove, "移除", "Remove")                                                                \
  X(evidence_uploading, "正在上传 {0}%", "Uploading {0}%")                                            \
  X(evidence_none, "没有证据材料也可以提交", "You can submit without evidence")                      \
  X(consent_label, "我已阅读并同意《个人信息保护说明》", "I have read and accept the privacy notice")  \
  X(consent_link, "查看说明", "Read the notice")                                                      \
  X(btn_next, "下一步", "Next")                                                                       \
  X(btn_to_review, "返回确认页", "Back to review")                                                  \
  X(btn_back, "上一步", "Back")                                                                       \
  X(btn_submit, "提交投诉", "Submit complaint")                                                       \
  X(btn_cancel, "取消", "Cancel")                                                                     \
  X(btn_confirm, "确定", "Confirm")                                                                   \
  X(btn_copy, "复制", "Copy")                                                                         \
  X(btn_done, "完成", "Done")                                                                         \
  X(btn_retry, "重试", "Retry")                                                                       \
  X(draft_saved, "草稿已自动保存", "Draft saved")                                                     \
  X(chars_count, "{0}/{1} 字", "{0}/{1} characters")                                                  \
  X(when_today, "今天", "Today")                                                                      \
  X(when_yesterday, "昨天", "Yesterday")                                                              \
  X(when_day_before, "前天", "2 days ago")                                                            \
  X(when_other, "更早", "Earlier")                                                                    \
  X(field_date, "日期", "Date")                                                                       \
  X(hint_date, "格式如 2026-10-01", "As 2026-10-01")                                                   \
  X(evidence_title, "照片或 PDF 材料", "Photos or PDFs")                                              \
  X(evidence_ready, "提交时上传", "Uploaded when you submit")                                         \
  X(evidence_sending, "正在上传…", "Uploading…")                                                      \
  X(evidence_sent, "已上传", "Uploaded")                                                              \
  X(evidence_too_big, "超过 5 MB，请压缩后重新选择", "Larger than 5 MB: please choose a smaller file") \
  X(evidence_bad_type, "只支持 jpg、png、pdf 文件", "Only jpg, png and pdf files")                     \
  X(evidence_full, "最多 5 个附件，多选的未添加", "At most 5 files: the extra ones were not added")    \
  X(review_edit, "修改", "Edit")                                                                      \
  X(review_files, "{0} 个附件", "{0} files")                                                          \
  X(review_privacy, "我们只将您的信息用于处理本次投诉，并依法保护。", "We use your data only to handle this complaint and protect it as the law requires.") \
  X(draft_discard, "清空重新填写", "Start over")                                                    \
  X(hint_service_number_any, "手机号、固话或宽带账号", "Mobile, landline or broadband account") \
  X(privacy_summary, "我们收集您的姓名、联系电话和投诉内容，仅用于核实和处理本次投诉、向您答复和回访；按法律要求保存和保护，不向无关方提供。完整说明：{0}", \
    "We collect your name, phone and the complaint only to investigate and handle it, reply and follow up; we keep and protect them as the law requires and share them with no unrelated party. Full notice: {0}") \
  X(draft_restored, "已恢复您上次未提交的内容", "We restored what you had not submitted yet")         \
  X(submit_failed, "提交没有成功，请稍后重试。", "The complaint was not sent. Please try again.")        \
  /* home, my complaints */                                                                           \
  X(home_draft, "您有一份未提交的投诉", "You have a complaint you have not submitted")              \
  X(home_draft_continue, "继续填写", "Continue")                                                      \
  X(home_mine_count, "共 {0} 条", "{0} in total")                                                     \
  X(home_mine_latest, "最近：{0}", "Latest: {0}")                                                     \
  X(mine_empty_hint, "在这台设备上提交的投诉会显示在这里", "Complaints filed on this device appear here") \
  X(mine_queued_hint, "联网后自动提交", "Sent automatically when you are online")                   \
  X(mine_failed, "提交未成功", "Not sent")                                                           \
  X(mine_discard, "放弃", "Discard")                                                                  \
  X(mine_discard_confirm, "确定放弃这条未提交的投诉吗？", "Discard this unsent complaint?")          \
  X(mine_filed_at, "提交于 {0}", "Filed {0}")                                                         \
  X(mine_refresh, "刷新", "Refresh")                                                                  \
  X(mine_find_by_phone, "找不到？用手机号查找", "Can't find it? Look up by phone")                   \
  X(mine_find_by_phone_hint, "在营业厅、热线或其他手机上提交的投诉也能找到", "Also finds complaints filed in a shop, on the hotline or on another phone") \
  X(phone_lookup_title, "用手机号查找投诉", "Find complaints by phone")                              \
  X(phone_lookup_intro, "输入投诉时留的联系电话，我们会发送验证码，验证后显示这个号码的全部投诉。", "Enter the contact phone you gave when filing. We will send a code; once verified, every complaint with that phone is shown.") \
  X(phone_lookup_code_sent, "如这个号码有投诉记录，验证码已发送", "If this phone has complaints, a code has been sent") \
  X(phone_lookup_found, "找到 {0} 件投诉，已加入“我的投诉”", "Found {0} complaint(s); they are now in My complaints") \
  X(phone_lookup_none, "这个号码没有找到投诉记录。如有疑问请拨打客服热线。", "No complaints were found for this phone. If in doubt, call customer service.") \
  X(phone_lookup_change, "修改电话", "Change phone")                                                  \
  X(phone_lookup_verify, "查找", "Find")                                                              \
  /* receipt, more */                                                                                 \
  X(receipt_received, "我们已收到您的投诉", "We have received your complaint")                        \
  X(receipt_copy, "复制编号", "Copy number")                                                         \
  X(receipt_view, "查看进度", "View progress")                                                        \
  X(receipt_home, "返回首页", "Back to home")                                                          \
  X(receipt_reply_by, "将按您选择的方式（{0}）答复", "We will reply by {0}")                          \
  X(next_acceptance_detail, "{0} 前确认是否受理", "We confirm acceptance by {0}")                       \
  X(next_investigation_detail, "受理后 {0} 个工作日内查明（复杂问题 {1} 个工作日，期间告知进度）",   \
    "Within {0} working days of acceptance ({1} if complex; we keep you informed)")                   \
  X(next_acceptance_hours, "提交后 {0} 小时内确认是否受理", "We confirm acceptance within {0} hours") \
  X(next_reply_days, "提交后 {0} 天内答复您", "We reply within {0} days of filing")                  \
  X(next_reply_detail, "最迟 {0} 前答复您", "We reply by {0} at the latest")                          \
  X(next_follow_up_detail, "答复后 {0} 天内回访，不满意可申请升级", "Within {0} days of the reply; if not satisfied you can escalate") \
  X(date_md_hm, "{0}月{1}日 {2}", "{0} {1}, {2}")                                                     \
  /* settings, more */                                                                                \
  X(settings_lang_zh, "简体中文", "Simplified Chinese")                                                         \
  X(settings_lang_en, "英文", "English")                                                              \
  X(settings_cleared, "本机数据已清除", "This device's data was cleared")                             \
  X(settings_clear_title, "本机数据", "Data on this device")                                          \
  /* receipt (spec 二(二)4: the acceptance number and what happens next) */                          \
  X(receipt_title, "投诉已提交", "Complaint submitted")                                              \
  X(receipt_number, "受理编号", "Acceptance number")                                                  \
  X(receipt_copied, "已复制受理编号", "Acceptance number copied")                                    \
  X(receipt_keep, "请保存受理编号，查询进度时需要用到", "Keep this number: you need it to track your complaint") \
  X(receipt_queued_title, "已保存，联网后自动提交", "Saved: it will be sent when you are online")     \
  X(receipt_queued_body, "当前网络不可用。投诉已保存在本机，恢复网络后会自动提交，届时显示受理编号。", \
    "You are offline. The complaint is saved on this device and will be sent automatically; the number appears then.") \
  X(next_title, "接下来会怎样", "What happens next")                                                  \
  X(next_acceptance, "受理反馈", "Acceptance feedback")                                               \
  X(next_investigation, "调查核实", "Investigation")                                                  \
  X(next_reply, "处理答复", "Reply")                                                                  \
  X(next_follow_up, "回访", "Follow-up")                                                               \
  X(deadline_by, "{0} 前", "by {0}")                                                                  \
  X(deadline_left_days, "剩余 {0} 天 {1} 小时", "{0} d {1} h left")                                   \
  X(deadline_left_hours, "剩余 {0} 小时", "{0} h left")                                               \
  X(deadline_overdue, "已超时", "Overdue")                                                            \
  X(deadline_pending, "待定", "Not yet set")                                                          \
  /* track */                                                                                         \
  X(track_title, "查询投诉进度", "Track a complaint")                                                 \
  X(track_number_label, "受理编号", "Acceptance number")                                              \
  X(track_number_hint, "如 TS-260105-7K3M9QXZ-2", "e.g. TS-260105-7K3M9QXZ-2")                       \
  X(track_number_ok, "编号格式正确", "The number looks right")                                        \
  X(track_phone_label, "投诉时留的联系电话", "Contact phone given when filing")                      \
  X(track_send_code, "获取验证码", "Send code")                                                       \
  X(track_resend_in, "{0} 秒后可重发", "Resend in {0} s")                                             \
  X(track_code_label, "短信或语音验证码", "Code from SMS or voice call")                             \
  X(track_code_sent, "如号码与编号匹配，验证码已发送", "If the number matches, a code has been sent")  \
  X(track_verify, "查看进度", "View progress")                                                        \
  X(track_timeline, "处理进度", "Progress")                                                           \
  X(track_reply_title, "处理答复", "Our reply")                                                       \
  X(reply_conclusion, "调查结论", "Conclusion")                                                       \
  X(reply_basis, "处理依据", "Basis")                                                                 \
  X(reply_plan, "处理方案", "Plan")                                                                   \
  X(reply_execution, "执行情况", "Execution")                                                         \
  X(rejection_title, "未能受理的原因", "Why we could not accept it")                                  \
  /* spec 二(三): the guidance by reason code (rejection_guidance in core/workflow.h) */             \
  X(rejection_guidance_out_of_scope,                                                                    \
    "经核实，您反映的问题不属于本公司的责任范围，建议您向相关责任单位反映。如您对此有异议，可以向工业和信息化部电信用户申诉受理中心申诉（电话 12300），或通过其他合法途径解决。", \
    "After checking, the problem you reported is outside our company's responsibility. Please contact the party responsible; if you disagree, you may appeal to the MIIT telecom user appeal centre (phone 12300) or use other lawful channels.") \
  X(rejection_guidance_time_barred,                                                                     \
    "您反映的事项已超过投诉受理时效，我们无法受理，敬请谅解。如有疑问，可以向当地通信管理局咨询，或通过其他合法途径解决。", \
    "The matter you reported is past the time limit for complaints. If you have questions, you may consult the local communications administration or use other lawful channels.") \
  X(rejection_guidance_repeated,                                                                        \
    "该问题此前已有明确的处理结论，本次未提供新的事实或理由。如您对原结论仍有异议，可以向工业和信息化部电信用户申诉受理中心申诉（电话 12300），或通过其他合法途径解决。", \
    "This matter already has a clear conclusion and no new facts were given. If you disagree with that conclusion, you may appeal to the MIIT telecom user appeal centre (phone 12300) or use other lawful channels.") \
  X(rejection_guidance_other,                                                                           \
    "您的投诉暂不符合受理条件，具体原因请见说明。如您有异议，可以向工业和信息化部电信用户申诉受理中心申诉（电话 12300），或通过其他合法途径解决。", \
    "We cannot accept this complaint; the note explains why. If you disagree, you may appeal to the MIIT telecom user appeal centre (phone 12300) or use other lawful channels.") \
  X(rejection_note, "工作人员说明", "Note from our staff")                                            \
  /* DESIGN §3 "The regulator's path" (MIIT order No. 35 art. 10) */                                  \
  X(regulator_title, "向电信监管部门申诉", "Appeal to the telecom regulator")                         \
  X(regulator_why_rejected, "如您对不予受理的决定有异议，可以向电信监管部门申诉。",                     \
    "If you disagree with this decision, you can appeal to the telecom regulator.")                   \
  X(regulator_why_dissatisfied, "很抱歉没能让您满意。如您对处理结果仍有异议，可以向电信监管部门申诉。", \
    "We are sorry we did not satisfy you. If you still disagree with the result, you can appeal to the telecom regulator.") \
  X(regulator_why_reply_overdue, "很抱歉，我们没能在答复期限前答复您。您可以向电信监管部门申诉。",       \
    "We are sorry: we did not reply by the deadline. You can appeal to the telecom regulator.")       \
  X(regulator_why_top_level, "您的投诉已由最高级别督办。如仍不满意，可以向电信监管部门申诉。",           \
    "Your complaint is overseen at the highest level. If you are still not satisfied, you can appeal to the telecom regulator.") \
  X(regulator_why_closed, "投诉已办结。如您对处理结果仍有异议，可以向电信监管部门申诉。",               \
    "Your complaint is closed. If you still disagree with the result, you can appeal to the telecom regulator.") \
  X(regulator_name, "工业和信息化部电信用户申诉受理中心", "MIIT Telecom User Appeal Centre")          \
  X(regulator_phone, "申诉电话", "Phone")                                                             \
  X(regulator_website, "网站", "Website")                                                             \
  X(regulator_dates, "申诉时需要填写受理编号和以下时间", "The appeal asks for your acceptance number and these dates") \
  X(regulator_filed, "投诉时间", "Complaint filed")                                                   \
  X(regulator_accepted, "受理时间", "Accepted")                                                       \
  X(regulator_rejected, "不予受理时间", "Not accepted on")                                            \
  X(regulator_replied, "答复时间", "Replied")                                                         \
  X(regulator_reply_due, "答复期限", "Reply due by")                                                  \
  X(regulator_surveyed, "评价时间", "Rated")                                                          \
  X(regulator_escalated, "升级时间", "Escalated")                                                     \
  X(regulator_closed, "办结时间", "Closed")                                                           \
  X(regulator_after, "申诉受理中心一般在 5 个工作日内告知是否受理。",                                   \
    "The centre usually tells you within 5 working days whether it takes up the appeal.")            \
  X(action_supplement, "补充材料", "Add information")                                                 \
  X(action_escalate, "申请升级处理", "Request escalation")                                            \
  X(action_withdraw, "撤回投诉", "Withdraw complaint")                                                \
  X(action_rate, "评价处理结果", "Rate the handling")                                                 \
  X(withdraw_confirm, "确定要撤回这条投诉吗？撤回后不再处理。", "Withdraw this complaint? It will no longer be handled.") \
  X(escalate_reason, "请说明您不满意的地方", "Tell us what you are not satisfied with")              \
  X(supplement_text, "补充说明", "Additional information")                                            \
  X(masked_contact, "联系人", "Contact")                                                               \
  X(track_view_title, "投诉进度", "Complaint progress")                                               \
  X(track_history, "处理记录", "History")                                                              \
  X(track_intro, "请输入受理编号和投诉时留的联系电话，我们会发送验证码确认是您本人。",                 \
    "Enter your acceptance number and the phone you gave when filing; we send a code to confirm it is you.") \
  X(track_on_device, "这条投诉在本机提交或查询过，无需验证码即可查看。",                              \
    "This complaint was filed or viewed on this device: no code needed.")                             \
  X(track_code_placeholder, "6 位数字", "6 digits")                                                    \
  X(track_resend, "重新获取验证码", "Send a new code")                                                 \
  X(track_change, "修改编号或电话", "Change number or phone")                                          \
  X(track_need_verify, "请验证联系电话后查看这条投诉。", "Please verify your phone to view this complaint.") \
  X(track_status, "状态", "Status")                                                                    \
  X(track_service, "业务", "Service")                                                                  \
  X(track_filed_at, "提交时间", "Filed")                                                               \
  X(track_escalation, "升级处理", "Escalation")                                                       \
  X(track_level, "第 {0} 级", "Level {0}")                                                             \
  X(track_stale, "网络不可用，显示的是本机保存的上次查询结果", "Offline: showing the last result saved on this device") \
  X(track_deadlines, "处理时限", "Time limits")                                                        \
  X(track_deadline_done, "已完成", "Done")                                                             \
  X(track_overdue_banner, "很抱歉，处理已超过承诺的时限。您可以申请升级处理，由上级部门督办。",        \
    "We are sorry: handling is past the promised time limit. You can request escalation to a higher level.") \
  X(track_overdue_no_escalation,                                                                        \
    "很抱歉，处理已超过承诺的时限。您的投诉已由高级管理人员督办；如仍不满意，可以向工业和信息化部电信用户申诉受理中心申诉（网站 yhssglxt.miit.gov.cn 或电话 12300）。", \
    "We are sorry: handling is past the promised time limit. Senior management already oversees your complaint; if you are still not satisfied, you can appeal to the MIIT telecom user appeal centre (yhssglxt.miit.gov.cn or phone 12300).") \
  X(track_progress_note, "处理进展", "Progress update")                                                \
  X(track_customer_note, "您的补充说明", "Your additional information")                               \
  X(track_customer_rated, "您提交了评价", "You rated the handling")                                   \
  X(track_actions, "您还可以", "You can also")                                                         \
  X(track_action_done, "已提交，我们会尽快处理。", "Sent. We will handle it as soon as possible.")   \
  X(track_supplement_send, "提交补充", "Send")                                                         \
  X(track_supplement_files, "照片或 PDF（可选）", "Photos or PDFs (optional)")                          \
  X(track_customer_files, "您补充的材料", "Files you added")                                            \
  X(track_evidence_one, "已附 1 个文件", "1 file attached")                                             \
  X(track_evidence_count, "已附 {0} 个文件", "{0} files attached")                                      \
  X(track_supplement_hint, "补充新的事实、时间或号码，帮助我们核实", "New facts, times or numbers that help us check") \
  X(track_escalate_send, "提交升级申请", "Request escalation")                                          \
  X(track_withdraw_reason, "撤回原因（选填）", "Reason (optional)")                                   \
  X(track_withdraw_yes, "确定撤回", "Yes, withdraw")                                                   \
  X(track_reply_none, "答复后，结论、依据、方案和执行情况会显示在这里。",                             \
    "When we reply, the conclusion, basis, plan and its execution appear here.")                      \
  /* statuses (DESIGN §3) */                                                                          \
  X(status_draft, "草稿", "Draft")                                                                    \
  X(status_queued, "待发送", "Waiting to send")                                                       \
  X(status_received, "已提交", "Received")                                                            \
  X(status_accepted, "已受理", "Accepted")                                                            \
  X(status_rejected, "不予受理", "Not accepted")                                                      \
  X(status_investigating, "调查核实中", "Investigating")                                              \
  X(status_processing, "处理中", "Being handled")                                                     \
  X(status_replied, "已答复", "Replied")                                                              \
  X(status_follow_up, "回访中", "Follow-up")                                                          \
  X(status_closed, "已办结", "Closed")                                                                \
  X(status_escalated, "已升级处理", "Escalated")                                                      \
  X(status_withdrawn, "已撤回", "Withdrawn")                                                          \
  /* enumerations shown to customers and served in /meta */                                          \
  X(bt_fixed_line, "固定电话", "Fixed line")                                                          \
  X(bt_mobile, "移动电话", "Mobile")                                                                  \
  X(bt_broadband, "宽带上网", "Broadband")                                                            \
  X(bt_data, "数据业务", "Data services")                                                             \
  X(bt_other, "其他", "Other")                                                                        \
  X(cat_billing, "费用争议", "Billing")                                                               \
  X(cat_network, "网络质量", "Network quality")                                                       \
  X(cat_service, "服务态度", "Service")                                                               \
  X(cat_product, "业务办理", "Products and plans")                                                    \
  X(cat_privacy, "个人信息", "Personal data")                                                         \
  X(cat_other, "其他问题", "Other")                                                                   \
  X(rm_phone, "电话", "Phone call")                                                                   \
  X(rm_sms, "短信", "SMS")                                                                            \
  X(rm_email, "电子邮件", "E-mail")                                                                   \
  X(rm_letter, "书面信函", "Letter")                                                                  \
  X(rm_in_person, "当面答复", "In person")                                                            \
  /* a network complaint's circumstances and a phone reply's time (issue 19 item 8) */                \
  X(network_title, "在哪里、什么时候出现（选填）", "Where and when it happens (optional)")             \
  X(field_place, "地点", "Place")                                                                      \
  X(field_address, "或填写具体地址", "Or enter the address")                                           \
  X(hint_address, "如：某小区 3 号楼 2 单元", "e.g. Building 3, Unit 2, Garden Estate")              \
  X(field_time_of_day, "出现的时段", "Time of day")                                                    \
  X(field_frequency, "出现的频率", "How often")                                                        \
  X(field_contact_time, "方便接听电话的时段（选填）", "Best time to call you (optional)")             \
  X(place_home, "家里", "Home")                                                                       \
  X(place_office, "单位", "Office")                                                                   \
  X(place_outdoors, "户外", "Outdoors")                                                               \
  X(place_on_the_move, "路上（乘车、行走）", "On the move")                                          \
  X(tod_morning, "上午", "Morning")                                                                   \
  X(tod_afternoon, "下午", "Afternoon")                                                               \
  X(tod_evening, "晚上", "Evening")                                                                   \
  X(tod_night, "深夜", "Night")                                                                       \
  X(tod_all_day, "全天", "All day")                                                                   \
  X(freq_always, "一直如此", "Always")                                                                \
  X(freq_sometimes, "时有时无", "Sometimes")                                                          \
  X(ct_morning, "上午 9–12 点", "Morning, 9–12")                                                     \
  X(ct_afternoon, "下午 12–18 点", "Afternoon, 12–18")                                               \
  X(ct_evening, "晚上 18–21 点", "Evening, 18–21")                                                   \
  X(actor_customer, "您", "You")                                                                      \
  X(actor_agent, "客服人员", "Agent")                                                                 \
  X(actor_supervisor, "上级处理部门", "Supervisor")                                                   \
  X(actor_system, "系统", "System")                                                                   \
  /* survey (spec 六) */                                                                              \
  X(survey_title, "满意度回访", "Follow-up survey")                                                   \
  X(survey_overall, "总体满意度", "Overall satisfaction")                                             \
  X(survey_resolved, "问题是否已解决", "Was your problem solved")                                    \
  X(survey_yes, "已解决", "Yes")                                                                      \
  X(survey_no, "未解决", "No")                                                                        \
  X(survey_attitude, "服务态度", "Attitude")                                                          \
  X(survey_speed, "处理速度", "Speed")                                                                \
  X(survey_result, "处理结果", "Result")                                                              \
  X(survey_comment, "意见和建议（选填）", "Comments (optional)")                                      \
  X(survey_submit, "提交评价", "Submit")                                                              \
  X(survey_stars, "{0} 星", "{0} stars")                                                              \
  X(survey_thanks, "感谢您的评价", "Thank you for your feedback")                                    \
  X(survey_offer_escalation, "很抱歉没能让您满意。您可以申请升级处理，由上级部门重新核查。",           \
    "We are sorry we did not satisfy you. You can ask for escalation: a higher level will review it.") \
  X(survey_question, "您对本次投诉处理满意吗？", "Are you satisfied with how we handled it?")          \
  X(survey_level_1, "非常不满意", "Very dissatisfied")                                                 \
  X(survey_level_2, "不满意", "Dissatisfied")                                                          \
  X(survey_level_3, "一般", "Neutral")                                                                 \
  X(survey_level_4, "满意", "Satisfied")                                                               \
  X(survey_level_5, "非常满意", "Very satisfied")                                                      \
  X(survey_comment_placeholder, "请告诉我们可以改进的地方", "Tell us what we could do better")        \
  X(survey_incomplete, "请完成全部评分后提交", "Please give every rating to submit")                  \
  X(survey_thanks_body, "您的意见会帮助我们改进服务。", "Your views help us improve our service.")     \
  X(survey_cannot, "无法提交评价", "The survey cannot be submitted")                                   \
  X(survey_to_track, "查看投诉进度", "View the complaint")                                             \
  X(survey_home, "返回首页", "Back to home")                                                           \
  /* settings */                                                                                      \
  X(settings_title, "设置", "Settings")                                                               \
  X(settings_language, "语言", "Language")                                                            \
  X(settings_care_mode, "关怀模式（大字、高对比）", "Care mode (large text, high contrast)")          \
  X(settings_clear, "清除本机数据", "Clear this device's data")                                       \
  X(settings_clear_confirm, "将删除本机保存的草稿和投诉记录（已提交到服务器的投诉不受影响）。",        \
    "This deletes drafts and the list of complaints on this device (complaints on the server stay).") \
  /* the staff workbench (DESIGN §5b, wasm/console/) */                                              \
  X(console_title, "投诉工作台", "Complaint workbench")                                                \
  X(console_sign_in, "登录", "Sign in")                                                                \
  X(console_token, "工作令牌", "Staff token")                                                          \
  X(console_token_hint, "粘贴管理员为您创建的令牌；只保存在本标签页，关闭即失效",                      \
    "Paste the token your administrator made for you; kept in this tab only, gone when it closes")    \
  X(console_token_wrong, "令牌无效、已撤销或已过期，请向管理员索取新的令牌。",                          \
    "This token is wrong, revoked or expired. Please ask your administrator for a new one.")          \
  X(console_signed_out, "已退出登录", "Signed out")                                                    \
  X(console_sign_out, "退出", "Sign out")                                                              \
  X(console_role_agent, "坐席", "Agent")                                                               \
  X(console_role_supervisor, "主管", "Supervisor")                                                     \
  X(console_role_manager, "管理层", "Manager")                                                         \
  X(console_queue, "投诉队列", "Queue")                                                                \
  X(console_search, "搜索问题或诉求中的词", "Search words in the problem or demand")                 \
  X(console_all_statuses, "全部状态", "All statuses")                                                  \
  X(console_refresh, "查询", "Search")                                                                \
  X(console_empty, "没有符合条件的投诉", "No complaints match")                                       \
  X(console_count, "共 {0} 件", "{0} complaints")                                                      \
  X(console_more, "加载更多", "Load more")                                                             \
  X(console_nav_queue, "待办队列", "Queue") \
  X(console_nav_intake, "来电录入", "Intake") \
  X(console_nav_stats, "统计分析", "Statistics") \
  X(console_nav_failed, "通知失败", "Failed notifications") \
  X(console_nav_later, "即将提供", "Coming soon") \
  X(console_filter_any, "全部", "All") \
  X(console_filter_category, "类别", "Category") \
  X(console_filter_business, "业务", "Service") \
  X(console_filter_level, "升级", "Level") \
  X(console_filter_overdue, "已超时", "Overdue") \
  X(console_filter_mine, "我负责的", "Mine") \
  X(console_level_none, "未升级", "Not escalated") \
  X(console_level_n, "{0} 级", "L{0}") \
  X(console_over_by, "超时 {0}", "over by {0}") \
  X(console_left, "剩 {0}", "{0} left") \
  X(console_days, "{0} 天", "{0} d") \
  X(console_hours, "{0} 小时", "{0} h") \
  X(console_minutes, "{0} 分钟", "{0} min") \
  X(console_shown, "显示 {0} 件", "{0} shown") \
  X(console_updated, "有新的变化，已更新", "Updated with new changes") \
  X(console_pick_case, "选择一件投诉查看详情（↑↓ 选择，回车打开，/ 搜索）", \
    "Pick a complaint to open it (↑↓ to move, Enter to open, / to search)") \
  X(console_case_customer, "客户", "Customer") \
  X(console_case_service, "业务", "Service") \
  X(console_case_occurred, "发生", "Occurred") \
  X(console_case_filed, "提交", "Filed") \
  X(console_case_problem, "问题", "Problem") \
  X(console_case_demand, "诉求", "Demand") \
  X(console_case_owner, "负责人", "Owner") \
  X(console_case_nobody, "暂无", "Nobody yet") \
  X(console_case_plan, "处理方案", "Plan") \
  X(console_case_reply, "答复", "Reply") \
  X(console_case_evidence, "证据", "Evidence") \
  X(console_case_evidence_item, "附件 {0}", "File {0}") \
  X(console_case_no_evidence, "没有附件", "No files") \
  X(console_case_timeline, "处理记录", "Timeline") \
  X(console_case_internal, "内部", "Internal") \
  X(console_case_customer_actor, "客户", "Customer") \
  X(console_case_system_actor, "系统", "System") \
  X(console_case_actions, "可进行的操作", "Actions") \
  X(console_case_no_actions, "这件投诉已结束，没有可进行的操作", "This complaint is finished: nothing to do") \
  X(console_case_held, "保留中（不清除）", "Held (kept from the purge)") \
  X(console_needs_supervisor, "需主管", "needs a supervisor") \
  X(console_needs_manager, "需管理层", "needs a manager") \
  X(console_done, "已完成：{0}", "Done: {0}") \
  X(console_submit, "确定", "Confirm") \
  X(console_cancel, "取消", "Cancel") \
  X(console_act_file, "提交投诉", "Filed") \
  X(console_act_claim, "认领", "Claim") \
  X(console_act_accept, "受理", "Accept") \
  X(console_act_reject, "不予受理", "Reject") \
  X(console_act_assign, "分派", "Assign") \
  X(console_act_set_complexity, "设定复杂度", "Set complexity") \
  X(console_act_note, "添加备注", "Add a note") \
  X(console_act_extend, "延期", "Extend") \
  X(console_act_propose, "提出处理方案", "Propose a plan") \
  X(console_act_reply, "答复客户", "Reply") \
  X(console_act_escalate, "升级", "Escalate") \
  X(console_act_start_follow_up, "开始回访", "Start the follow-up") \
  X(console_act_close, "办结", "Close") \
  X(console_act_withdraw, "客户撤回", "Withdrawn by the customer") \
  X(console_act_survey, "客户评价", "Rated by the customer") \
  X(console_act_supplement, "客户补充材料", "Information added by the customer") \
  X(console_act_record_survey, "记录回访结果", "Record the follow-up") \
  X(console_act_hold, "保留", "Hold") \
  X(console_act_release, "解除保留", "Release") \
  X(console_f_note, "说明", "Note") \
  X(console_f_note_public, "说明（客户可见）", "Note (the customer sees it)") \
  X(console_f_note_optional, "说明（选填）", "Note (optional)") \
  X(console_f_visibility, "可见范围", "Who sees it") \
  X(console_f_internal, "内部（仅员工）", "Internal (staff only)") \
  X(console_f_public, "公开（客户可见）", "Public (the customer sees it)") \
  X(console_f_department, "部门", "Department") \
  X(console_f_owner, "负责人", "Owner") \
  X(console_f_reason, "原因", "Reason") \
  X(console_f_complexity, "复杂度", "Complexity") \
  X(console_f_days, "延期天数（1–30）", "Days (1–30)") \
  X(console_f_measures, "处理措施", "Measures") \
  X(console_f_plan_owner, "措施负责人", "Owner of the measures") \
  X(console_f_due, "完成日期（如 2026-12-31）", "Due date (e.g. 2026-12-31)") \
  X(console_f_due_invalid, "请按 2026-12-31 的格式填写日期", "Write the date as 2026-12-31") \
  X(console_f_delivered, "答复送达方式", "Delivered by") \
  X(console_f_not_said, "未说明", "Not given") \
  X(console_f_trigger, "升级原因", "Why escalate") \
  X(console_f_via, "回访方式", "Taken by") \
  X(console_f_comment, "客户意见（选填）", "Customer's comment (optional)") \
  X(console_reason_out_of_scope, "不属于受理范围", "Out of scope") \
  X(console_reason_time_barred, "超过投诉时效", "Too late") \
  X(console_reason_repeated, "重复投诉", "Repeated") \
  X(console_reason_other, "其他原因", "Other") \
  X(console_cx_simple, "简单", "Simple") \
  X(console_cx_complex, "复杂", "Complex") \
  X(console_trigger_dissatisfied, "客户不满意", "Customer dissatisfied") \
  X(console_trigger_overdue, "处理超时", "Overdue") \
  X(console_trigger_major_incident, "重大事件", "Major incident") \
  X(console_trigger_group_risk, "群体性风险", "Group risk") \
  X(console_via_phone, "电话回访", "Phone call") \
  X(console_intake_title, "来电录入：登记其他渠道收到的投诉", "Intake: a complaint received on another channel") \
  X(console_intake_channel, "来源渠道", "Received by") \
  X(console_intake_received, "收到时间（留空为现在）", "Received at (empty: now)") \
  X(console_intake_received_hint, "如 2026-12-06 14:30，北京时间", "As 2026-12-06 14:30, Beijing time") \
  X(console_intake_occurred, "发生日期", "Date it happened") \
  X(console_intake_customer, "客户", "Customer") \
  X(console_intake_complaint, "投诉内容", "The complaint") \
  X(console_intake_lang, "通知语言", "Messages in") \
  X(console_intake_consent, "已向客户告知《个人信息保护说明》并获同意", "The customer was told the privacy notice and accepted it") \
  X(console_intake_submit, "登记投诉", "File the complaint") \
  X(console_intake_filed, "已登记，受理编号", "Filed: acceptance number") \
  X(console_intake_filed_hint, "已在队列中打开；客户会按其答复方式收到受理通知", "Opened in the queue; the customer is told by their reply method") \
  X(console_intake_open, "在队列中打开", "Open in the queue") \
  X(console_intake_another, "再录一件", "Take another") \
  X(console_stats_by_month, "按月", "By month") \
  X(console_stats_by_category, "按类别", "By category") \
  X(console_stats_by_business_type, "按业务", "By service") \
  X(console_stats_by_channel, "按渠道", "By channel") \
  X(console_stats_from, "开始日期", "From") \
  X(console_stats_to, "结束日期", "To") \
  X(console_stats_show, "统计", "Show") \
  X(console_stats_filed, "受理", "Filed") \
  X(console_stats_rejected_n, "不予受理 {0}", "Rejected {0}") \
  X(console_stats_on_time_reply, "按时答复", "Replied on time") \
  X(console_stats_replies_n, "已答复 {0} 件", "{0} replied") \
  X(console_stats_satisfaction, "满意度", "Satisfaction") \
  X(console_stats_resolved_n, "已解决 {0}", "Resolved {0}") \
  X(console_stats_escalation, "升级率", "Escalated") \
  X(console_stats_escalated_n, "升级 {0} 件 · 撤回 {1} 件", "{0} escalated · {1} withdrawn") \
  X(console_stats_volume, "受理量与按时答复率", "Filed, and replied on time") \
  X(console_stats_sat_chart, "满意度（1–5）", "Satisfaction (1–5)") \
  X(console_stats_stages, "各阶段按时率", "On time per stage") \
  X(console_stats_stages_note, "阶段结束时记录，延期后不改写", "recorded when each stage ended; an extension does not rewrite it") \
  X(console_stats_none, "暂无数据", "no data") \
  X(console_stats_empty, "这段时间没有投诉", "No complaints in this range") \
  X(console_stats_median, "答复中位时长 {0} 小时", "median {0} h to reply") \
  X(console_stats_only_supervisors, "统计分析仅限主管及管理层使用，如需数据请联系您的主管。", "Statistics are for supervisors and managers; ask your supervisor for figures.") \
  X(console_stage_acceptance, "受理反馈", "Acceptance") \
  X(console_stage_investigation, "调查核实", "Investigation") \
  X(console_stage_reply, "处理答复", "Reply") \
  X(console_stage_follow_up, "回访", "Follow-up") \
  X(console_failed_title, "发送失败的通知", "Messages that could not be delivered") \
  X(console_failed_hint, "接收端恢复后可重发；同一编号重发，接收端按编号去重", "Retry once the receiver is back; it is sent under the same id (the receiver dedupes)") \
  X(console_failed_kind, "类型", "Kind") \
  X(console_failed_to, "联系人", "To") \
  X(console_failed_error, "最后错误", "Last error") \
  X(console_failed_attempts, "尝试", "Tries") \
  X(console_failed_when, "失败时间", "Failed at") \
  X(console_failed_retry, "重发", "Retry") \
  X(console_failed_retried, "已重新排队：{0}", "Queued again: {0}") \
  X(console_failed_none, "没有发送失败的通知", "No failed messages") \
  X(console_failed_no_retry, "不可重发", "Not retryable") \
  X(console_kind_lookup_code, "验证码", "Code") \
  X(console_kind_status, "状态通知", "Status") \
  X(console_kind_progress, "进度通知", "Progress") \
  X(console_kind_survey, "回访邀请", "Survey") \
  X(console_nav_no_access, "需主管", "supervisors") \
  X(console_via_sms_reply, "短信回复", "SMS reply") \
  X(col_no, "受理编号", "Acceptance no.")                                                              \
  X(col_status, "状态", "Status")                                                                      \
  X(col_service, "业务 · 类别", "Service · category")                                                  \
  X(col_channel, "渠道", "Channel")                                                                    \
  X(col_filed, "提交时间", "Filed")                                                                    \
  X(col_deadline, "下一时限", "Next deadline")                                                         \
  X(col_owner, "承办人", "Owner")                                                                      \
  X(col_level, "升级", "Level")                                                                        \
  X(channel_web, "网站", "Website")                                                                    \
  X(channel_app, "手机应用", "App")                                                                    \
  X(channel_hotline, "热线", "Hotline")                                                                \
  X(channel_shop, "营业厅", "Shop")                                                                    \
  X(channel_letter, "信函", "Letter")                                                                  \
  X(channel_email, "电子邮件", "E-mail")                                                               \
  X(channel_social, "社交媒体", "Social media")                                                        \
  /* widget kit and accessibility tree (docs/ACCESSIBILITY.md) */                                    \
  X(nav_back, "返回", "Back")                                                                         \
  /* status messages (aria-live) */                                                                   \
  X(msg_offline, "网络不可用，已保存在本机", "You are offline; saved on this device")                \
  X(msg_sending, "正在提交…", "Sending…")                                                             \
  X(msg_loading, "加载中…", "Loading…")                                                               \
  X(msg_fix_fields, "有 {0} 处需要修改，请查看红色提示", "{0} fields need your attention (shown in red)")

enum class Str : std::uint16_t {
#define CW_STR_ENUM(key, zh, en) key,
  CW_UI_STRINGS(CW_STR_ENUM)
#undef CW_STR_ENUM
};

// The regulator's appeal channel (DESIGN §3 "The regulator's path"), the same in every language; its
// name is the catalog's regulator_name.
inline constexpr std::string_view kRegulatorPhone = "12300";
inline constexpr std::string_view kRegulatorWebsite = "yhssglxt.miit.gov.cn";

std::string_view tr(Str key, Lang lang);
std::string_view str_key(Str key);          // "home_file"
std::size_t str_count();
Str str_at(std::size_t index);

// Replaces {0}…{9} in `pattern` with `args` (missing args leave the placeholder as is).
std::string format(std::string_view pattern, std::initializer_list<std::string_view> args);

}  // namespace cw
