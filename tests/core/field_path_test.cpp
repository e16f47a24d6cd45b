// tests/core/field_path_test.cpp — the field path table: list items spelled one way, parsed back,
// and every path validation names is in the table (so the server and the screens can find it).
#include "core/field_path.h"

#include <gtest/gtest.h>

#include "core/validation.h"
#include "tests/core/test_fixtures.h"

namespace {

TEST(FieldPath, NamesAndItems) {
  EXPECT_EQ(cw::path(cw::Field::customer_name), "customer.name");
  EXPECT_EQ(cw::item_path(cw::Field::evidence, 0), "evidence[0]");
  EXPECT_EQ(cw::item_path(cw::Field::evidence, 12), "evidence[12]");
  EXPECT_EQ(cw::item_of("evidence[3]", cw::Field::evidence), 3u);
  EXPECT_TRUE(cw::names("evidence", cw::Field::evidence));
  EXPECT_TRUE(cw::names("evidence[0]", cw::Field::evidence));
  EXPECT_FALSE(cw::names("evidence[0]", cw::Field::consent));
}

// Regression (issue 18): the screen looked for "evidence.0" while the server and core said
// "evidence[0]"; other spellings are not items.
TEST(FieldPath, OnlyOneSpellingOfAnItem) {
  for (const char* p : {"evidence.0", "evidence[]", "evidence[01]", "evidence[x]", "evidence[1", "evidencex[1]",
                        "evidence[1234567]", "evidence[-1]"}) {
    EXPECT_FALSE(cw::item_of(p, cw::Field::evidence)) << p;
    EXPECT_FALSE(cw::names(p, cw::Field::evidence)) << p;
  }
  EXPECT_FALSE(cw::field_of("evidence.0"));
  EXPECT_FALSE(cw::field_of("nope"));
  EXPECT_EQ(cw::field_of("evidence[4]"), cw::Field::evidence);
  EXPECT_EQ(cw::field_of("plan.due"), cw::Field::plan_due);
}

TEST(FieldPath, EveryPathValidationNamesIsDeclared) {
  cw::Complaint c;  // empty: every field refused
  c.evidence = {"not an upload", "up_1a2b3c", "up_1a2b3c"};
  cw::FieldErrors all = cw::validate_filing(c, cw::testing::Now());
  cw::Survey s;
  s.comment = std::string("\x01");
  all.merge(cw::validate_survey(s));
  ASSERT_GT(all.size(), 10u);
  for (const auto& [p, code] : all) EXPECT_TRUE(cw::field_of(p)) << p << " is not in CW_FIELD_PATHS";
  EXPECT_TRUE(all.count(cw::item_path(cw::Field::evidence, 0)));
  EXPECT_TRUE(all.count(cw::item_path(cw::Field::evidence, 2))) << "a repeated upload is named by its place";
}

}  // namespace
