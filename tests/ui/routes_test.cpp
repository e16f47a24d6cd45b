// tests/ui/routes_test.cpp — hash routes (DESIGN §5 deep links) parse and print back; hostile hashes
// cannot smuggle characters into the acceptance number or token.
#include <gtest/gtest.h>

#include "wasm/ui/screens/screens.h"

using ui::ParseRoute;
using ui::Route;
using ui::RouteHash;
using ui::Screen;

TEST(Routes, EveryScreenRoundTrips) {
  for (const char* h : {"#/", "#/file/1", "#/file/3", "#/file/5", "#/file/done", "#/track", "#/track/A1B2C3",
                        "#/survey/A1B2C3?t=tok_9", "#/mine", "#/mine/phone", "#/settings", "#/gallery"}) {
    EXPECT_EQ(RouteHash(ParseRoute(h)), h);
  }
}

TEST(Routes, SurveyDeepLinkCarriesNumberAndToken) {
  const Route r = ParseRoute("#/survey/2026ABCD?x=1&t=s3cr3t-_x");
  EXPECT_EQ(r.screen, Screen::Survey);
  EXPECT_EQ(r.no, "2026ABCD");
  EXPECT_EQ(r.token, "s3cr3t-_x");
}

TEST(Routes, UnknownOrHostileHashesAreSafe) {
  EXPECT_EQ(ParseRoute("#/nowhere").screen, Screen::Home);
  EXPECT_EQ(ParseRoute("").screen, Screen::Home);
  EXPECT_EQ(ParseRoute("#/file/9").step, 1);  // out of range → first step
  const Route r = ParseRoute("#/track/<script>\"x");
  EXPECT_EQ(r.screen, Screen::Track);
  EXPECT_EQ(r.no, "scriptx");
  EXPECT_LE(ParseRoute("#/survey/" + std::string(500, 'A')).no.size(), 32u);
}
