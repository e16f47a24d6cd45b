// tests/core/mask_test.cpp — PII masking (spec 一(三) 保密原则; DESIGN §4 customer view shapes).
#include "core/mask.h"

#include <gtest/gtest.h>

namespace cw {
namespace {

TEST(Spec_1_3, ConfidentialityMasksPhoneNameAndEmail) {
  EXPECT_EQ(mask_phone("13812345678"), "138****5678");
  EXPECT_EQ(mask_name("张三"), "张*");
  EXPECT_EQ(mask_email("zhang@example.com"), "z***@example.com");
}

TEST(Mask, Phones) {
  EXPECT_EQ(mask_phone("13912345678"), "139****5678");
  EXPECT_EQ(mask_phone("010-12345678"), "010-****5678");
  EXPECT_EQ(mask_phone("0755-1234567"), "0755-***4567");
  EXPECT_EQ(mask_phone("01012345678"), "010****5678");
  EXPECT_EQ(mask_phone("075512345678"), "0755****5678");
  EXPECT_EQ(mask_phone("12345"), "*****");
  EXPECT_EQ(mask_phone(""), "");
}

TEST(Mask, NamesCountCodePoints) {
  EXPECT_EQ(mask_name("王"), "王*");
  EXPECT_EQ(mask_name("欧阳娜娜"), "欧***");
  EXPECT_EQ(mask_name("𠮷田"), "𠮷*");
  EXPECT_EQ(mask_name("Li Lei"), "L*****");
  EXPECT_EQ(mask_name(""), "");
  EXPECT_EQ(mask_name("\xFF"), "\xEF\xBF\xBD*");  // invalid bytes never leak through
}

TEST(Mask, Emails) {
  EXPECT_EQ(mask_email("a@b.cn"), "a***@b.cn");
  EXPECT_EQ(mask_email("张三@例子.中国"), "张***@例子.中国");
  EXPECT_EQ(mask_email("no-at-sign"), "***");
  EXPECT_EQ(mask_email("@example.com"), "***");
}

}  // namespace
}  // namespace cw
