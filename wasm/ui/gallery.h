// wasm/ui/gallery.h — a screen with every widget of the kit (mode="gallery"): the visual and
// behavioural test bed for the platform (glyphs, IME, touch, theme) before the real screens exist.
#pragma once

namespace ui {

void GalleryScreen();
// Strings shown by the gallery, ensured at start in every face.
const char* GalleryStrings();

}  // namespace ui
