// tests/core/validation_test.cpp — DESIGN §3 field rules (spec 二(二)3 record, 四(三)2 reply method,
// 六 survey): every rule, all errors at once, keyed by path.
#include "core/validation.h"

#include <gtest/gtest.h>

#include <string>

#include "core/field_path.h"
#include "tests/core/test_fixtures.h"

namespace cw {
namespace {

using testing::Now;
using testing::ValidComplaint;
using namespace std::chrono;

std::string Repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(Spec_2_2_3, RecordHasContactTimeTypeProblemDemandEvidence) {
  EXPECT_TRUE(validate_filing(ValidComplaint(), Now()).empty());
  // An empty filing reports every missing part of the record at once.
  const FieldErrors e = validate_filing(Complaint{}, Now());
  EXPECT_EQ(e.at("client_ref"), Errc::validation_required);
  EXPECT_EQ(e.at("channel"), Errc::validation_required);
  EXPECT_EQ(e.at("business_type"), Errc::validation_required);
  EXPECT_EQ(e.at("category"), Errc::validation_required);
  EXPECT_EQ(e.at("occurred_at"), Errc::validation_required);
  EXPECT_EQ(e.at("service_number"), Errc::validation_required);
  EXPECT_EQ(e.at("problem"), Errc::validation_required);
  EXPECT_EQ(e.at("demand"), Errc::validation_required);
  EXPECT_EQ(e.at("customer.name"), Errc::validation_required);
  EXPECT_EQ(e.at("customer.phone"), Errc::validation_required);
  EXPECT_EQ(e.at("customer.reply_method"), Errc::validation_required);
  EXPECT_EQ(e.at("consent"), Errc::validation_consent_required);
  EXPECT_EQ(e.count("evidence"), 0u);  // evidence is "if any"
  EXPECT_EQ(e.count("customer.email"), 0u);
  EXPECT_EQ(e.size(), 12u);
}

TEST(Validation, MobileNumbers) {
  for (const char* ok : {"13812345678", "19912345678", "14012345678"}) EXPECT_TRUE(is_mobile(ok)) << ok;
  for (const char* bad : {"12812345678", "1381234567", "138123456789", "2381234567a", "1381234567x", "",
                          "+8613812345678", "138 1234 5678"})
    EXPECT_FALSE(is_mobile(bad)) << bad;
}

TEST(Validation, FixedLinesNeedAnAreaCode) {
  for (const char* ok : {"010-12345678", "0755-1234567", "0755-12345678", "021-7654321", "01012345678",
                         "07551234567", "075512345678"})
    EXPECT_TRUE(is_fixed_line(ok)) << ok;
  for (const char* bad : {"12345678", "010-123456", "010-123456789", "10-12345678", "00-12345678",
                          "001-12345678", "010-02345678", "01-2345678", "01234-1234567", "010--12345678",
                          "010-1234567a", "0101234", "-12345678", "010-"})
    EXPECT_FALSE(is_fixed_line(bad)) << bad;
  EXPECT_TRUE(is_contact_phone("13812345678"));
  EXPECT_TRUE(is_contact_phone("010-12345678"));
  EXPECT_FALSE(is_contact_phone("12345"));
}

TEST(Validation, ServiceNumberFollowsBusinessType) {
  EXPECT_TRUE(is_service_number(BusinessType::mobile, "13812345678"));
  EXPECT_FALSE(is_service_number(BusinessType::mobile, "010-12345678"));
  EXPECT_TRUE(is_service_number(BusinessType::fixed_line, "010-12345678"));
  EXPECT_FALSE(is_service_number(BusinessType::fixed_line, "13812345678"));
  EXPECT_TRUE(is_service_number(BusinessType::broadband, "bj_user01@adsl"));
  EXPECT_TRUE(is_service_number(BusinessType::broadband, "010-12345678"));
  EXPECT_FALSE(is_service_number(BusinessType::broadband, "ab"));
  EXPECT_FALSE(is_service_number(BusinessType::broadband, "user name"));
  EXPECT_FALSE(is_service_number(BusinessType::broadband, "_user01"));
  EXPECT_FALSE(is_service_number(BusinessType::broadband, std::string(33, 'a')));
  EXPECT_TRUE(is_service_number(BusinessType::data, "13812345678"));
  EXPECT_TRUE(is_service_number(BusinessType::other, "ACC-000123"));
  EXPECT_FALSE(is_service_number(static_cast<BusinessType>(99), "13812345678"));

  Complaint c = ValidComplaint();
  c.business_type = BusinessType::fixed_line;  // number is a mobile
  EXPECT_EQ(validate_filing(c, Now()).at("service_number"), Errc::validation_service_number_invalid);
}

TEST(Validation, Emails) {
  for (const char* ok : {"a@b.cn", "zhang.san+tag@mail.example.com", "x_y-z%1@sub-domain.example.org"})
    EXPECT_TRUE(is_email(ok)) << ok;
  for (const char* bad : {"", "a", "a@", "@b.cn", "a@b", "a@b.c", "a@@b.cn", "a@b@c.cn", ".a@b.cn", "a.@b.cn",
                          "a..b@c.cn", "a b@c.cn", "a@-b.cn", "a@b-.cn", "a@b..cn", "a@b.c1", "张@b.cn",
                          "a@b.cn."})
    EXPECT_FALSE(is_email(bad)) << bad;
  EXPECT_FALSE(is_email(std::string(65, 'a') + "@b.cn"));
  EXPECT_FALSE(is_email("a@" + std::string(250, 'b') + ".cn"));
  EXPECT_FALSE(is_email("a@" + std::string(64, 'b') + ".cn"));
}

TEST(Validation, OccurredAtNotFutureNotOlderThanThreeYears) {
  Complaint c = ValidComplaint();
  c.occurred_at = Now() + minutes{4};  // clock skew allowed
  EXPECT_TRUE(validate_filing(c, Now()).empty());
  c.occurred_at = Now() + minutes{6};
  EXPECT_EQ(validate_filing(c, Now()).at("occurred_at"), Errc::validation_date_future);
  c.occurred_at = shanghai_time(2023, 1, 5, 10, 0, 0);  // exactly three years ago
  EXPECT_TRUE(validate_filing(c, Now()).empty());
  c.occurred_at = shanghai_time(2023, 1, 5, 9, 59, 59);
  EXPECT_EQ(validate_filing(c, Now()).at("occurred_at"), Errc::validation_date_too_old);
  // 29 February: three years before 2028-02-29 is 2025-02-28.
  EXPECT_EQ(earliest_occurred_at(shanghai_time(2028, 2, 29, 12)), shanghai_time(2025, 2, 28, 12));
}

// DESIGN §3 and 民法典 art. 188: three years, not two; spec 二(三): the refusal explains why, politely,
// and points to the other lawful channels, in both languages.
TEST(Spec_2_3, AnEventOlderThanTheLimitationPeriodIsRefusedWithWhyAndTheLawfulChannels) {
  Complaint c = ValidComplaint();
  c.occurred_at = shanghai_time(2023, 6, 1, 10);  // two and a half years ago: accepted now
  EXPECT_TRUE(validate_filing(c, Now()).empty());
  c.occurred_at = shanghai_time(2022, 12, 1, 10);
  EXPECT_EQ(validate_filing(c, Now()).at("occurred_at"), Errc::validation_date_too_old);
  const std::string_view zh = message(Errc::validation_date_too_old, Lang::zh_CN);
  for (std::string_view part : {"三年", "民法典", "第一百八十八条", "营业厅", "客服热线", "消费者协会", "调解", "仲裁", "人民法院"})
    EXPECT_NE(zh.find(part), std::string_view::npos) << part;
  const std::string_view en = message(Errc::validation_date_too_old, Lang::en);
  for (std::string_view part : {"three years", "Civil Code", "188", "hotline", "consumer association", "court"})
    EXPECT_NE(en.find(part), std::string_view::npos) << part;
}

// spec 四(三)2: the reply goes the way the customer chose; an SMS cannot reach a landline, so the
// choice is refused on the reply method, which the customer can change (DESIGN §3).
TEST(Spec_4_3_2, AnSmsReplyNeedsAMobileContact) {
  Complaint c = ValidComplaint();
  c.customer.reply_method = ReplyMethod::sms;
  c.customer.phone = "010-12345678";
  FieldErrors e = validate_filing(c, Now());
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e.at(path_str(Field::customer_reply_method)), Errc::validation_sms_needs_mobile);
  EXPECT_EQ(http_status(Errc::validation_sms_needs_mobile), 422);
  EXPECT_NE(message(Errc::validation_sms_needs_mobile, Lang::zh_CN).find("固定电话"), std::string_view::npos);
  EXPECT_NE(message(Errc::validation_sms_needs_mobile, Lang::en).find("landline"), std::string_view::npos);
  c.customer.phone = "02112345678";  // without the dash too
  EXPECT_EQ(validate_filing(c, Now()).at("customer.reply_method"), Errc::validation_sms_needs_mobile);
  // A mobile contact, or another method, is fine.
  c.customer.phone = "13912345678";
  EXPECT_TRUE(validate_filing(c, Now()).empty());
  c.customer.phone = "010-12345678";
  for (ReplyMethod m : {ReplyMethod::phone, ReplyMethod::email, ReplyMethod::letter, ReplyMethod::in_person}) {
    c.customer.reply_method = m;
    EXPECT_TRUE(validate_filing(c, Now()).empty()) << to_string(m);
  }
}

// Issue 19 item 8, spec 二(二)3 (the specific problem): a network complaint may say where it happens
// (a place from the list, or an address — one of them) and when (time of day, always or sometimes);
// all optional, and only on a network complaint.
TEST(Spec_2_2_3, ANetworkComplaintMayNameThePlaceAndWhenItHappens) {
  Complaint c = ValidComplaint();
  c.category = Category::network;
  EXPECT_TRUE(validate_filing(c, Now()).empty()) << "every detail is optional";
  c.network = NetworkDetails{NetworkPlace::home, "", TimeOfDay::evening, Frequency::always};
  EXPECT_TRUE(validate_filing(c, Now()).empty());
  c.network = NetworkDetails{std::nullopt, "上海市浦东新区世纪大道100号", TimeOfDay::all_day, Frequency::sometimes};
  EXPECT_TRUE(validate_filing(c, Now()).empty());
  // A place and an address: one of them.
  c.network->place = NetworkPlace::office;
  EXPECT_EQ(validate_filing(c, Now()).at(path_str(Field::network_address)), Errc::validation_place_or_address);
  c.network->place.reset();
  c.network->address = Repeat("路", kAddressMax + 1);
  EXPECT_EQ(validate_filing(c, Now()).at("network.address"), Errc::validation_too_long);
  c.network->address = "一号楼\n二层";
  EXPECT_EQ(validate_filing(c, Now()).at("network.address"), Errc::validation_control_char);
  // Not on a billing complaint.
  c.network = NetworkDetails{NetworkPlace::outdoors, "", std::nullopt, std::nullopt};
  c.category = Category::billing;
  const FieldErrors e = validate_filing(c, Now());
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e.at(path_str(Field::network)), Errc::validation_not_applicable);
  EXPECT_NE(message(Errc::validation_not_applicable, Lang::zh_CN).find("网络"), std::string_view::npos);
  EXPECT_NE(message(Errc::validation_place_or_address, Lang::en).find("not both"), std::string_view::npos);
  // The wire names (docs/api.yaml): every value of every list.
  EXPECT_EQ(enum_names<NetworkPlace>().size(), 4u);
  EXPECT_EQ(to_string(NetworkPlace::on_the_move), "on_the_move");
  EXPECT_EQ(to_string(TimeOfDay::all_day), "all_day");
  EXPECT_EQ(to_string(Frequency::sometimes), "sometimes");
}

// Issue 19 item 8, spec 四(三)2 (reply as the customer chose): a phone reply may name when to call.
TEST(Spec_4_3_2, APhoneReplyMayNameAContactTime) {
  Complaint c = ValidComplaint();
  c.customer.reply_method = ReplyMethod::phone;
  c.customer.contact_time = ContactTime::evening;
  EXPECT_TRUE(validate_filing(c, Now()).empty());
  c.customer.reply_method = ReplyMethod::sms;
  EXPECT_EQ(validate_filing(c, Now()).at(path_str(Field::customer_contact_time)), Errc::validation_not_applicable);
  c.customer.contact_time.reset();
  EXPECT_TRUE(validate_filing(c, Now()).empty());
}

TEST(Validation, LengthsCountCodePoints) {
  Complaint c = ValidComplaint();
  c.problem = Repeat("字", 10);
  c.demand = Repeat("诉", 500);
  c.customer.name = Repeat("𠮷", 40);  // 4 bytes each, still 40 characters
  EXPECT_TRUE(validate_filing(c, Now()).empty());
  c.problem = Repeat("字", 9);
  c.demand = Repeat("诉", 501);
  c.customer.name = Repeat("名", 41);
  FieldErrors e = validate_filing(c, Now());
  EXPECT_EQ(e.at("problem"), Errc::validation_too_short);
  EXPECT_EQ(e.at("demand"), Errc::validation_too_long);
  EXPECT_EQ(e.at("customer.name"), Errc::validation_too_long);
  c = ValidComplaint();
  c.problem = Repeat("a", 2001);
  c.customer.name = "   ";
  e = validate_filing(c, Now());
  EXPECT_EQ(e.at("problem"), Errc::validation_too_long);
  EXPECT_EQ(e.at("customer.name"), Errc::validation_required);
  c.problem = Repeat("a", 2000);
  EXPECT_EQ(validate_filing(c, Now()).count("problem"), 0u);
}

TEST(Validation, TextEncodingAndControlCharacters) {
  Complaint c = ValidComplaint();
  c.problem = "第一行说明情况。\n第二行\t补充细节。";  // newline and tab allowed in problem/demand
  c.demand = "退费\n道歉";
  EXPECT_TRUE(validate_filing(c, Now()).empty());
  c.customer.name = "张\n三";
  c.problem = "坏的字节\xFF在这里，足够长的说明";
  c.demand = std::string("退费\x07", 7);
  const FieldErrors e = validate_filing(c, Now());
  EXPECT_EQ(e.at("customer.name"), Errc::validation_control_char);
  EXPECT_EQ(e.at("problem"), Errc::validation_utf8_invalid);
  EXPECT_EQ(e.at("demand"), Errc::validation_control_char);
}

TEST(Spec_4_3_2, EmailReplyNeedsAnEmailAddress) {
  Complaint c = ValidComplaint();
  c.customer.reply_method = ReplyMethod::email;
  c.customer.email = "";
  EXPECT_EQ(validate_filing(c, Now()).at("customer.email"), Errc::validation_email_required);
  c.customer.email = "not-an-email";
  EXPECT_EQ(validate_filing(c, Now()).at("customer.email"), Errc::validation_email_invalid);
  c.customer.reply_method = ReplyMethod::letter;
  c.customer.email = "";
  EXPECT_TRUE(validate_filing(c, Now()).empty());  // e-mail is optional otherwise
}

TEST(Validation, ContactPhoneAndClientRef) {
  Complaint c = ValidComplaint();
  c.customer.phone = "0755-1234567";
  c.customer.reply_method = ReplyMethod::phone;  // a landline takes calls, not SMS (Spec_4_3_2 below)
  EXPECT_TRUE(validate_filing(c, Now()).empty());
  c.customer.phone = "12345";
  c.client_ref = "not-a-uuid";
  const FieldErrors e = validate_filing(c, Now());
  EXPECT_EQ(e.at("customer.phone"), Errc::validation_phone_invalid);
  EXPECT_EQ(e.at("client_ref"), Errc::validation_uuid_invalid);
  EXPECT_TRUE(is_uuid("6F1C2A4E-8B7D-4C3E-9A10-0B2C3D4E5F60"));
  EXPECT_FALSE(is_uuid("6f1c2a4e-8b7d-4c3e-9a10-0b2c3d4e5f6g"));
  EXPECT_FALSE(is_uuid("6f1c2a4e08b7d-4c3e-9a10-0b2c3d4e5f60"));
}

TEST(Validation, EvidenceAtMostFiveValidDistinctIds) {
  Complaint c = ValidComplaint();
  c.evidence = {"a1", "a2", "a3", "a4", "a5"};
  EXPECT_TRUE(validate_filing(c, Now()).empty());
  c.evidence.push_back("a6");
  EXPECT_EQ(validate_filing(c, Now()).at("evidence"), Errc::validation_evidence_too_many);
  c.evidence = {"a1", "a1", "bad id", ""};
  const FieldErrors e = validate_filing(c, Now());
  EXPECT_EQ(e.count("evidence[0]"), 0u);
  EXPECT_EQ(e.at("evidence[1]"), Errc::validation_evidence_invalid);  // duplicate
  EXPECT_EQ(e.at("evidence[2]"), Errc::validation_evidence_invalid);
  EXPECT_EQ(e.at("evidence[3]"), Errc::validation_evidence_invalid);
  EXPECT_FALSE(is_upload_id(std::string(65, 'a')));
}

TEST(Validation, ConsentIsRequired) {
  Complaint c = ValidComplaint();
  c.consent = false;
  const FieldErrors e = validate_filing(c, Now());
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e.at("consent"), Errc::validation_consent_required);
}

TEST(Spec_6, SurveyRatingsOneToFiveAndCommentUpTo500) {
  Survey s{5, true, {4, 3, 5}, "处理及时，态度很好。"};
  EXPECT_TRUE(validate_survey(s).empty());
  s = Survey{0, true, {6, 1, -1}, Repeat("好", 501)};
  const FieldErrors e = validate_survey(s);
  EXPECT_EQ(e.at("overall"), Errc::validation_out_of_range);
  EXPECT_EQ(e.at("aspects.attitude"), Errc::validation_out_of_range);
  EXPECT_EQ(e.count("aspects.speed"), 0u);
  EXPECT_EQ(e.at("aspects.result"), Errc::validation_out_of_range);
  EXPECT_EQ(e.at("comment"), Errc::validation_too_long);
  s = Survey{1, false, {1, 1, 1}, ""};  // an empty comment is fine
  EXPECT_TRUE(validate_survey(s).empty());
}

TEST(Validation, ActionPayloadShapes) {
  ActionPayload p;
  p.note = Repeat("x", kNoteMax + 1);
  p.department = "客服\n部";
  p.owner = Repeat("李", kShortTextMax + 1);
  FieldErrors e = validate_action_payload(Action::assign, Actor::agent, p);
  EXPECT_EQ(e.at("note"), Errc::validation_too_long);
  EXPECT_EQ(e.at("department"), Errc::validation_control_char);
  EXPECT_EQ(e.at("owner"), Errc::validation_too_long);
  p = ActionPayload{};
  p.reply = Reply{"结论", "依据\xFF", "方案", Repeat("执", kNoteMax + 1)};
  e = validate_action_payload(Action::reply, Actor::agent, p);
  EXPECT_EQ(e.at("basis"), Errc::validation_utf8_invalid);
  EXPECT_EQ(e.at("execution"), Errc::validation_too_long);
  EXPECT_EQ(e.size(), 2u);
  p = ActionPayload{};
  p.plan = Plan{"退费", "王\t经理", std::nullopt};
  EXPECT_EQ(validate_action_payload(Action::propose, Actor::agent, p).at("plan.owner"), Errc::validation_control_char);
  p = ActionPayload{};
  p.survey = Survey{9, true, {1, 1, 1}, ""};
  EXPECT_EQ(validate_action_payload(Action::survey, Actor::agent, p).at("overall"), Errc::validation_out_of_range);
  p = ActionPayload{};
  p.evidence = {"a", "b", "c", "d", "e", "f", "bad id"};
  e = validate_action_payload(Action::supplement, Actor::customer, p);
  EXPECT_EQ(e.at("evidence"), Errc::validation_evidence_too_many);
  EXPECT_EQ(e.at("evidence[6]"), Errc::validation_evidence_invalid);
  EXPECT_TRUE(validate_action_payload(Action::accept, Actor::agent, ActionPayload{}).empty());
}

// DESIGN §4: `fields` keys are paths in the request body, and the customer's actions name their text
// `text` (supplement) or `reason` (escalation, withdrawal); only staff bodies say `note`.
TEST(Validation, ActionNoteIsKeyedByItsBodyPath) {
  ActionPayload p;
  p.note = Repeat("x", kNoteMax + 1);
  const auto key = [&](Action a, Actor role) {
    const FieldErrors e = validate_action_payload(a, role, p);
    return e.size() == 1 ? e.begin()->first : std::string("?");
  };
  EXPECT_EQ(key(Action::supplement, Actor::customer), "text");
  EXPECT_EQ(key(Action::escalate, Actor::customer), "reason");
  EXPECT_EQ(key(Action::withdraw, Actor::customer), "reason");
  EXPECT_EQ(key(Action::escalate, Actor::supervisor), "note");
  EXPECT_EQ(key(Action::reject, Actor::agent), "note");
  EXPECT_EQ(key(Action::extend, Actor::agent), "note");
}

TEST(Validation, UploadsAreSniffedFromTheBytes) {
  EXPECT_EQ(sniff_upload_type("\xFF\xD8\xFF\xE0rest").value(), "image/jpeg");
  EXPECT_EQ(sniff_upload_type(std::string("\x89PNG\r\n\x1A\n....", 12)).value(), "image/png");
  EXPECT_EQ(sniff_upload_type("%PDF-1.7\n").value(), "application/pdf");
  EXPECT_FALSE(sniff_upload_type("GIF89a").has_value());
  EXPECT_FALSE(sniff_upload_type("").has_value());
  EXPECT_EQ(check_upload("%PDF-1.4"), Errc::ok);
  EXPECT_EQ(check_upload("<html>"), Errc::http_unsupported_media_type);
  EXPECT_EQ(check_upload("%PDF-" + std::string(kUploadMaxBytes, 'x')), Errc::http_payload_too_large);
}

}  // namespace
}  // namespace cw
