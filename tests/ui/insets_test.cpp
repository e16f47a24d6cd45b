// tests/ui/insets_test.cpp — the screens inside the insets (issue 17 item 4): an on-screen keyboard
// that only covers the canvas lifts the bottom bar above it and brings the active field back into
// view; the safe area keeps the top bar's content under the notch and the column off the edges.
#include <cmath>
#include <string>

#include "tests/ui/ui_harness.h"

namespace {

constexpr float kW = 390, kH = 844;  // the harness's display (an iPhone 12-14 in CSS px)

class Insets : public UiHarness {
 protected:
  void SetUp() override {
    UiHarness::SetUp();
    ASSERT_TRUE(ui::App_SetOption("mode", "gallery"));
    Frame();
    Frame();
  }
  void TearDown() override {
    ui::SetInsets({});
    UiHarness::TearDown();
  }
  const ui::RegistryItem& Get(const std::string& label, const char* role) {
    const ui::RegistryItem* it = Find(label, role);
    EXPECT_NE(it, nullptr) << "no " << role << " " << label << " in " << Labels();
    static const ui::RegistryItem none;
    return it ? *it : none;
  }
};

}  // namespace

// iOS and Android Chrome ≥ 108 keep the canvas's size when the keyboard opens: the platform reports
// the covered part as a bottom inset instead of a resize.
TEST_F(Insets, AKeyboardInsetLiftsTheBottomBarAndRevealsTheActiveField) {
  const ui::RegistryItem& next0 = Get("下一步", "button");
  EXPECT_GT(next0.y + next0.h, kH - ui::T().bottom_bar_h) << "without insets the bar is at the bottom";

  // The customer edits the phone number, low on the page but visible before the keyboard.
  const unsigned phone = Get("联系电话", "textbox").id;
  ui::Agent_OnFocus(phone);
  Frame();
  Frame();
  const ui::RegistryItem& before = Get("联系电话", "textbox");
  ASSERT_FALSE(before.state & ui::kStateHidden);
  constexpr float kKeyboard = 336;
  const float keyboard_top = kH - kKeyboard;
  ASSERT_GT(before.y + before.h, keyboard_top - ui::T().bottom_bar_h)
      << "the test needs a field the keyboard and the lifted bar would cover";

  ui::SetInsets({0, 0, kKeyboard, 0});
  Frame();  // the bar moves and the field is revealed (the scroll lands on the next frame)
  Frame();
  const ui::RegistryItem& next = Get("下一步", "button");
  EXPECT_LE(next.y + next.h, keyboard_top);
  EXPECT_GT(next.y + next.h, keyboard_top - ui::T().bottom_bar_h) << "right above the keyboard";
  EXPECT_FALSE(next.state & ui::kStateHidden);
  const ui::RegistryItem& field = Get("联系电话", "textbox");
  EXPECT_TRUE(field.state & ui::kStateFocused);
  EXPECT_FALSE(field.state & ui::kStateHidden);
  EXPECT_GE(field.y, ui::T().topbar_h) << "below the top bar";
  EXPECT_LE(field.y + field.h, next.y) << "above the bottom bar, so above the keyboard";

  // The keyboard closes: the bar goes back down to the bottom edge.
  ui::SetInsets({});
  Frame();
  Frame();
  const ui::RegistryItem& after = Get("下一步", "button");
  EXPECT_NEAR(after.y, next0.y, 0.5f);
}

// viewport-fit=cover on a phone with a notch and a home indicator: portrait, then landscape.
TEST_F(Insets, TheSafeAreaKeepsTheBarsContentAndTheColumnOffTheEdges) {
  const ui::RegistryItem& title0 = Get("我要投诉 · 组件库", "heading");
  const float title_x0 = title0.x;
  ui::SetInsets({47, 0, 34, 0});
  Frame();
  Frame();
  const ui::RegistryItem& title = Get("我要投诉 · 组件库", "heading");
  EXPECT_GE(title.y, 47) << "the title is under the status bar, not behind the notch";
  const ui::RegistryItem& back = Get(std::string(ui::Tr(cw::Str::nav_back)), "button");
  EXPECT_GE(back.y, 47);
  const ui::RegistryItem& next = Get("下一步", "button");
  EXPECT_LE(next.y + next.h, kH - 34) << "above the home indicator";
  // The page starts below the taller top bar: its first item is not under it.
  for (int i = 0; i < ui::Registry_Count(); ++i) {
    const ui::RegistryItem& it = ui::Registry_Items()[i];
    if (std::string(it.role) == "textbox" && !(it.state & ui::kStateHidden)) {
      EXPECT_GE(it.y, 47 + ui::T().topbar_h) << it.label;
      EXPECT_LE(it.y + it.h, next.y) << it.label;
    }
  }

  // Landscape: the notch is on a side, rounded corners on both.
  ui::SetInsets({0, 47, 21, 47});
  Frame();
  Frame();
  EXPECT_GE(Get("我要投诉 · 组件库", "heading").x, title_x0 + 47);
  int seen = 0;
  for (int i = 0; i < ui::Registry_Count(); ++i) {
    const ui::RegistryItem& it = ui::Registry_Items()[i];
    if (it.state & ui::kStateHidden) continue;
    const std::string role = it.role;
    if (role != "textbox" && role != "button" && role != "radio") continue;
    ++seen;
    EXPECT_GE(it.x, 47) << it.label;
    EXPECT_LE(it.x + it.w, kW - 47) << it.label;
  }
  EXPECT_GT(seen, 3);
}

// A keyboard taller than the canvas allows (a landscape phone) still leaves the top bar, a strip of
// page and the button; nonsense values count as nothing.
TEST_F(Insets, AnOversizedInsetLeavesTheBarsAndSomePage) {
  ui::SetInsets({0, 0, kH, 0});
  Frame();
  Frame();
  const ui::RegistryItem& next = Get("下一步", "button");
  EXPECT_FALSE(next.state & ui::kStateHidden);
  EXPECT_GE(next.y, ui::T().topbar_h + 40);
  ui::SetInsets({-5, std::nanf(""), -1, 0});
  const ui::Insets in = ui::GetInsets();
  EXPECT_EQ(in.top, 0);
  EXPECT_EQ(in.right, 0);
  EXPECT_EQ(in.bottom, 0);
}
