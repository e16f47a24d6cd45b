// tests/core/notify_text_test.cpp — the customers' message texts (issue 20 item 2): every purpose in
// both languages and on every channel, what each must say, SMS sizes counted in code points.
#include "core/notify_text.h"

#include <gtest/gtest.h>

#include <string>

#include "core/utf8.h"

namespace cw {
namespace {

constexpr NotifyPurpose kPurposes[] = {NotifyPurpose::filed,      NotifyPurpose::status,      NotifyPurpose::note,
                                       NotifyPurpose::extended,   NotifyPurpose::complexity,  NotifyPurpose::lookup_code,
                                       NotifyPurpose::survey};
constexpr NotifyChannel kChannels[] = {NotifyChannel::sms, NotifyChannel::voice, NotifyChannel::email};
constexpr Lang kLangs[] = {Lang::zh_CN, Lang::en};

NotifyFacts facts() {
  NotifyFacts f;
  f.acceptance_no = "TS20261205-7KQ2-M4XD";
  f.status = Status::accepted;
  f.deadline = shanghai_time(2026, 12, 8, 23, 59, 59);
  f.note = "已调取计费记录，正在核实";
  f.days = 5;
  f.complexity = Complexity::complex;
  f.code = "042917";
  f.link = "https://complaints.example.test/#/survey/TS20261205-7KQ2-M4XD?t=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd";
  return f;
}

TEST(NotifyText, EveryPurposeChannelAndLanguageHasAFilledText) {
  for (NotifyPurpose p : kPurposes)
    for (NotifyChannel c : kChannels)
      for (Lang l : kLangs) {
        const std::string t = notify_text(p, facts(), c, l);
        SCOPED_TRACE(t);
        EXPECT_FALSE(t.empty());
        EXPECT_EQ(t.find('{'), std::string::npos) << "a placeholder left";
        EXPECT_TRUE(utf8::is_valid(t));
        if (p != NotifyPurpose::lookup_code) {
          EXPECT_NE(t.find(facts().acceptance_no), std::string::npos);
        }
        // No personal data: the texts never name anyone (facts carry none), and a lookup code
        // does not even name the complaint.
        if (p == NotifyPurpose::lookup_code) {
          EXPECT_EQ(t.find(facts().acceptance_no), std::string::npos);
        }
        const bool has_note = p == NotifyPurpose::note || p == NotifyPurpose::extended;
        if (l == Lang::en && !has_note) {
          EXPECT_EQ(utf8::count(t), t.size()) << "English texts stay ASCII (GSM 7-bit)";
        }
      }
}

TEST(NotifyText, TheAcceptanceMessageHasTheNumberAndTheNextDeadline) {
  NotifyFacts f = facts();
  f.status = Status::received;
  const std::string zh = notify_text(NotifyPurpose::filed, f, NotifyChannel::sms, Lang::zh_CN);
  EXPECT_NE(zh.find("受理编号 TS20261205-7KQ2-M4XD"), std::string::npos) << zh;
  EXPECT_NE(zh.find("12月8日"), std::string::npos) << zh;
  const std::string en = notify_text(NotifyPurpose::filed, f, NotifyChannel::sms, Lang::en);
  EXPECT_NE(en.find("by 8 Dec"), std::string::npos) << en;
}

TEST(NotifyText, StatusChangesSayWhatHappensNext) {
  NotifyFacts f = facts();
  const std::string accepted = notify_text(NotifyPurpose::status, f, NotifyChannel::sms, Lang::zh_CN);
  EXPECT_NE(accepted.find("已受理，将于 12月8日 前答复您"), std::string::npos) << accepted;
  f.status = Status::rejected;
  f.deadline.reset();
  const std::string rejected = notify_text(NotifyPurpose::status, f, NotifyChannel::sms, Lang::zh_CN);
  EXPECT_NE(rejected.find("其他反映渠道"), std::string::npos) << rejected;
  f.status = Status::replied;
  EXPECT_NE(notify_text(NotifyPurpose::status, f, NotifyChannel::sms, Lang::en).find("read the reply"),
            std::string::npos);
}

TEST(NotifyText, AnExtensionHasTheNewDateAndWhy) {
  const std::string zh = notify_text(NotifyPurpose::extended, facts(), NotifyChannel::sms, Lang::zh_CN);
  EXPECT_NE(zh.find("延长 5 天，新期限 12月8日。原因：已调取计费记录"), std::string::npos) << zh;
  const std::string en = notify_text(NotifyPurpose::extended, facts(), NotifyChannel::email, Lang::en);
  EXPECT_NE(en.find("5 more days, until 8 Dec"), std::string::npos) << en;
}

TEST(NotifyText, VoiceSpellsTheCodeAndCarriesNoLink) {
  const std::string code = notify_text(NotifyPurpose::lookup_code, facts(), NotifyChannel::voice, Lang::zh_CN);
  EXPECT_NE(code.find("0 4 2 9 1 7"), std::string::npos) << code;
  EXPECT_EQ(code.find("【"), std::string::npos) << "no SMS sign read out";
  const std::string survey = notify_text(NotifyPurpose::survey, facts(), NotifyChannel::voice, Lang::zh_CN);
  EXPECT_EQ(survey.find("https://"), std::string::npos) << survey;
  const std::string sms = notify_text(NotifyPurpose::survey, facts(), NotifyChannel::sms, Lang::zh_CN);
  EXPECT_NE(sms.find(facts().link), std::string::npos) << sms;
}

// 3GPP TS 23.038/23.040 (see core/notify_text.h): 70 UCS-2 units in one SMS, 67 per part after.
TEST(NotifyText, SmsSizeCountsCodePointsAsUcs2Or7Bit) {
  auto zh = [](std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += "投";
    return s;
  };
  EXPECT_EQ(sms_size(zh(70)).segments, 1);
  EXPECT_EQ(sms_size(zh(70)).units, 70u);
  EXPECT_TRUE(sms_size(zh(70)).ucs2);
  EXPECT_EQ(sms_size(zh(71)).segments, 2);
  EXPECT_EQ(sms_size(zh(134)).segments, 2);
  EXPECT_EQ(sms_size(zh(135)).segments, 3);
  EXPECT_EQ(sms_size(std::string(160, 'a')).segments, 1);
  EXPECT_FALSE(sms_size(std::string(160, 'a')).ucs2);
  EXPECT_EQ(sms_size(std::string(161, 'a')).segments, 2);
  EXPECT_EQ(sms_size(std::string(80, '{')).units, 160u) << "extension-table characters take two septets";
  EXPECT_EQ(sms_size("a\xF0\x9F\x98\x80").units, 3u) << "an emoji is a surrogate pair in UCS-2";
  EXPECT_EQ(sms_size("").segments, 0);
}

TEST(NotifyText, ALookupCodeFitsOneSmsInBothLanguages) {
  const std::string zh = notify_text(NotifyPurpose::lookup_code, facts(), NotifyChannel::sms, Lang::zh_CN);
  EXPECT_LE(utf8::count(zh), kSmsUcs2Single) << zh;
  EXPECT_EQ(sms_size(zh).segments, 1) << zh;
  const std::string en = notify_text(NotifyPurpose::lookup_code, facts(), NotifyChannel::sms, Lang::en);
  EXPECT_FALSE(sms_size(en).ucs2);
  EXPECT_EQ(sms_size(en).segments, 1) << en;
}

TEST(NotifyText, EverySmsFitsThreeSegmentsAndALongNoteIsCut) {
  NotifyFacts f = facts();
  for (int i = 0; i < 100; ++i) f.note += "计费系统记录显示本月流量费重复扣除";  // 1,700 code points
  for (NotifyPurpose p : kPurposes)
    for (Lang l : kLangs) {
      const std::string t = notify_text(p, f, NotifyChannel::sms, l);
      EXPECT_LE(sms_size(t).segments, kSmsMaxSegments) << t;
      // Counted in code points: a Chinese SMS of 3 parts holds 3 × 67.
      if (sms_size(t).ucs2) {
        EXPECT_LE(utf8::count(t), 3 * kSmsUcs2Part) << t;
      }
    }
  const std::string note = notify_text(NotifyPurpose::note, f, NotifyChannel::sms, Lang::zh_CN);
  EXPECT_NE(note.find("…详情凭编号查看。"), std::string::npos) << note;
  // E-mail carries the whole note.
  EXPECT_NE(notify_text(NotifyPurpose::note, f, NotifyChannel::email, Lang::zh_CN).find(f.note), std::string::npos);
}

TEST(NotifyText, KindsAndChannelsHaveTheirWireNames) {
  EXPECT_EQ(notify_kind(NotifyPurpose::filed), "status");
  EXPECT_EQ(notify_kind(NotifyPurpose::extended), "progress");
  EXPECT_EQ(notify_kind(NotifyPurpose::note), "progress");
  EXPECT_EQ(notify_kind(NotifyPurpose::lookup_code), "lookup_code");
  EXPECT_EQ(notify_kind(NotifyPurpose::survey), "survey");
  EXPECT_EQ(channel_name(NotifyChannel::voice), "voice");
  EXPECT_EQ(lang_tag(Lang::en), "en");
}

}  // namespace
}  // namespace cw
