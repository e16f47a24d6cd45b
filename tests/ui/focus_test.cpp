// tests/ui/focus_test.cpp — the one focus order (wasm/ui/focus.h): Tab, Enter=next, the arrows and
// the tap on a field all ask it, so the text agent (library_cw.js) and the accessibility tree
// (web/a11y.js) can never disagree about what comes next.
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "tests/ui/ui_harness.h"
#include "wasm/ui/focus.h"

namespace {

bool Is(const ui::RegistryItem& it, const char* role) { return std::strcmp(it.role, role) == 0; }

class FocusOrder : public UiHarness {
 protected:
  void SetUp() override {
    UiHarness::SetUp();
    ASSERT_TRUE(ui::App_SetOption("mode", "gallery"));
    Frame();
    Frame();
  }
  // Walks the whole order from outside, as Tab would, returning the ids met.
  std::vector<unsigned> Walk(int dir, ui::FocusScope scope) {
    std::vector<unsigned> ids;
    for (unsigned id = ui::Focus_Next(0, dir, scope); id != 0; id = ui::Focus_Next(id, dir, scope)) {
      ids.push_back(id);
      if (ids.size() > 500) break;  // a cycle would be a bug: stop and let the checks fail
    }
    return ids;
  }
  const ui::RegistryItem* ById(unsigned id) {
    for (int i = 0; i < ui::Registry_Count(); ++i) {
      if (ui::Registry_Items()[i].id == id) return &ui::Registry_Items()[i];
    }
    return nullptr;
  }
};

TEST_F(FocusOrder, TabVisitsEveryControlOnceInVisualOrderAndStopsAtTheEnds) {
  const std::vector<unsigned> forward = Walk(+1, ui::FocusScope::Any);
  ASSERT_GT(forward.size(), 5u) << Labels();
  // Registry order is visual order (the kit registers top to bottom); each stop comes later.
  int last = -1;
  for (unsigned id : forward) {
    int at = -1;
    for (int i = 0; i < ui::Registry_Count(); ++i) {
      if (ui::Registry_Items()[i].id == id) at = i;
    }
    ASSERT_GE(at, 0);
    EXPECT_GT(at, last) << ui::Registry_Items()[at].label;
    last = at;
    const ui::RegistryItem& it = ui::Registry_Items()[at];
    EXPECT_FALSE(Is(it, "text") || Is(it, "heading") || Is(it, "radiogroup") || Is(it, "progressbar")) << it.label;
  }
  // Shift+Tab is the same order backwards; past either end there is nothing (the browser leaves).
  std::vector<unsigned> backward = Walk(-1, ui::FocusScope::Any);
  std::reverse(backward.begin(), backward.end());
  EXPECT_EQ(backward, forward);
  EXPECT_EQ(ui::Focus_Next(forward.back(), +1, ui::FocusScope::Any), 0u);
  EXPECT_EQ(ui::Focus_Next(forward.front(), -1, ui::FocusScope::Any), 0u);
}

TEST_F(FocusOrder, ARadioGroupIsOneStopEnteredAtItsCheckedRadio) {
  // A group no other test reads: a radio cannot be unchecked again.
  const ui::RegistryItem* chip = Find("处理速度 4", "radio");
  ASSERT_NE(chip, nullptr) << Labels();
  const unsigned group = chip->group;
  std::vector<unsigned> radios;
  for (int i = 0; i < ui::Registry_Count(); ++i) {
    const ui::RegistryItem& it = ui::Registry_Items()[i];
    if (Is(it, "radio") && it.group == group) radios.push_back(it.id);
  }
  ASSERT_GT(radios.size(), 1u);
  ui::A11y_Activate(chip->id);  // checks it (it may lie below the fold)
  Frame();
  Frame();
  ui::A11y_Focus(0);
  chip = Find("处理速度 4", "radio");
  ASSERT_TRUE(chip->state & ui::kStateChecked);
  const std::vector<unsigned> stops = Walk(+1, ui::FocusScope::Any);
  int in_group = 0;
  for (unsigned id : stops) {
    for (unsigned r : radios) in_group += id == r;
  }
  EXPECT_EQ(in_group, 1) << "one stop per group";
  EXPECT_NE(std::find(stops.begin(), stops.end(), chip->id), stops.end()) << "the stop is the checked radio";
  // Tab from any radio of the group leaves the group (not the next radio).
  const unsigned after = ui::Focus_Next(chip->id, +1, ui::FocusScope::Any);
  for (unsigned other : radios) {
    EXPECT_EQ(ui::Focus_Next(other, +1, ui::FocusScope::Any), after);
  }
}

TEST_F(FocusOrder, EnterNextWalksTextFieldsOnly) {
  const std::vector<unsigned> fields = Walk(+1, ui::FocusScope::Text);
  ASSERT_GE(fields.size(), 2u) << Labels();
  for (unsigned id : fields) {
    const ui::RegistryItem* it = ById(id);
    ASSERT_NE(it, nullptr);
    EXPECT_TRUE(Is(*it, "textbox")) << it->label;
  }
  // Every text field of the screen is in it.
  size_t all = 0;
  for (int i = 0; i < ui::Registry_Count(); ++i) all += Is(ui::Registry_Items()[i], "textbox");
  EXPECT_EQ(fields.size(), all);
}

TEST_F(FocusOrder, TheItemUnderAPointIsTheTapTargetAndTextOnlyFindsFieldsOnly) {
  const std::vector<unsigned> fields = Walk(+1, ui::FocusScope::Text);
  ASSERT_FALSE(fields.empty());
  const ui::RegistryItem* field = ById(fields.front());
  ASSERT_NE(field, nullptr);
  const float cx = field->x + field->w / 2, cy = field->y + field->h / 2;
  EXPECT_EQ(ui::Focus_At(cx, cy, ui::FocusScope::Text), field->id);
  EXPECT_EQ(ui::Focus_At(cx, cy, ui::FocusScope::Any), field->id);
  const ui::RegistryItem* chip = Find("固定电话", "radio");
  ASSERT_NE(chip, nullptr);
  EXPECT_EQ(ui::Focus_At(chip->x + chip->w / 2, chip->y + chip->h / 2, ui::FocusScope::Any), chip->id);
  EXPECT_EQ(ui::Focus_At(chip->x + chip->w / 2, chip->y + chip->h / 2, ui::FocusScope::Text), 0u);
  EXPECT_EQ(ui::Focus_At(-50, -50, ui::FocusScope::Any), 0u);
}

// A press from the keyboard (no pointer release follows it) asks for its settling frames, so what
// it changed shows without another event. (Pressed once: gallery_test's keyboard test.)
TEST_F(FocusOrder, AKeyboardPressAsksForSettlingFrames) {
  const char* consent = "我已阅读并同意《个人信息保护说明》";
  ASSERT_NE(Find(consent, "checkbox"), nullptr) << Labels();
  while (ui::WantsAnimationFrame()) {
  }
  for (int round = 0; round < 2; ++round) {  // twice: the gallery is left as it was
    ui::A11y_Activate(Find(consent, "checkbox")->id);
    Frame();
    EXPECT_TRUE(ui::WantsAnimationFrame());
    EXPECT_TRUE(ui::WantsAnimationFrame());
    EXPECT_FALSE(ui::WantsAnimationFrame()) << "two settling frames, then idle";
  }
  ui::A11y_Focus(0);
}

// A new page focuses its title (a heading, no Tab stop): Tab goes on from there, not from the top.
TEST_F(FocusOrder, FromAnItemThatIsNoStopTabContinuesFromWhereItStands) {
  int title = -1;
  for (int i = 0; i < ui::Registry_Count(); ++i) {
    if (Is(ui::Registry_Items()[i], "heading") && title < 0) title = i;
  }
  ASSERT_GE(title, 0) << Labels();
  const unsigned heading = ui::Registry_Items()[title].id;
  const unsigned next = ui::Focus_Next(heading, +1, ui::FocusScope::Any);
  const unsigned prev = ui::Focus_Next(heading, -1, ui::FocusScope::Any);
  int next_at = -1, prev_at = -1;
  for (int i = 0; i < ui::Registry_Count(); ++i) {
    if (ui::Registry_Items()[i].id == next) next_at = i;
    if (prev && ui::Registry_Items()[i].id == prev) prev_at = i;
  }
  ASSERT_GT(next_at, title) << "the first stop after the title";
  for (int i = title + 1; i < next_at; ++i) {
    const ui::RegistryItem& it = ui::Registry_Items()[i];
    EXPECT_FALSE(Is(it, "button") || Is(it, "textbox") || Is(it, "link") || Is(it, "checkbox")) << it.label << " was skipped";
  }
  if (prev) {
    EXPECT_LT(prev_at, title) << "Shift+Tab: the last stop before it";
  }
}

}  // namespace

// The platform's events are one queue applied at the start of a frame, in arrival order: between
// two frames nothing the frame draws from moves, and a burst (focus, text, blur, focus elsewhere,
// a ring press) ends where its last event says.
TEST_F(FocusOrder, PlatformEventsWaitForTheNextFrameAndApplyInArrivalOrder) {
  const std::vector<unsigned> fields = Walk(+1, ui::FocusScope::Text);
  ASSERT_GE(fields.size(), 2u) << Labels();
  const unsigned a = fields[0], b = fields[1];
  const std::string la = ById(a)->label;

  ui::Agent_OnFocus(a);
  ui::Agent_OnText(a, "王先生");
  ui::Agent_OnBlur(a);
  ui::Agent_OnFocus(b);
  ui::A11y_Focus(b);
  EXPECT_EQ(ui::Agent_ActiveId(), 0u) << "applied before any frame";
  EXPECT_EQ(ui::A11y_FocusedId(), 0u) << "applied before any frame";
  Frame();
  EXPECT_EQ(ui::Agent_ActiveId(), b) << "the last focus wins, not the first";
  EXPECT_EQ(ui::A11y_FocusedId(), b);
  const ui::RegistryItem* first = Find(la, "textbox");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->value, "王先生") << "text typed before the blur reached its field";

  // Blur after focus in one burst: nothing is edited afterwards, whatever order a frame would
  // have seen them in had they been applied when they came.
  ui::Agent_OnBlur(b);
  ui::A11y_Focus(0);
  Frame();
  EXPECT_EQ(ui::Agent_ActiveId(), 0u);
  EXPECT_EQ(ui::A11y_FocusedId(), 0u);
}
