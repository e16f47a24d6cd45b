// tests/core/version_test.cpp — the version strings are what the API paths and builds rely on.
#include "core/version.h"

#include <gtest/gtest.h>

#include <string>

TEST(Version, ApiVersionMatchesPathPrefix) {
  EXPECT_EQ(std::string(cw::kApiVersion), "v1");
  EXPECT_EQ(std::string(cw::product_version()), cw::kProductVersion);
  EXPECT_GE(cw::kClientSchemaVersion, 1);
}
