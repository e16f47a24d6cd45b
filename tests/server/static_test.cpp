// tests/server/static_test.cpp — the bundle at `/` (DESIGN §6): types, precompressed variants,
// cache policy, ETag, isolation headers, the strict CSP on pages, no escape from the folder.
#include <fstream>
#include <regex>

#include "server/static_files.h"
#include "tests/server/test_server.h"

namespace cw::test {
namespace {

void write(const std::filesystem::path& p, const std::string& bytes) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

class StaticFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    web_ = make_temp_dir();
    write(web_ / "index.html", "<!doctype html><title>x</title>");
    write(web_ / "complaint-widget.js", "export const x = 1;");
    write(web_ / "complaint-widget.js.br", "BROTLI-BYTES");
    write(web_ / "complaint-widget.js.gz", "GZIP-BYTES");
    write(web_ / "cw_widget.0123abcd.wasm", std::string("\0asm\1\0\0\0", 8));
    write(web_ / "demo" / "app.html", "<!doctype html><title>app</title>");
    server_ = std::make_unique<TestServer>([this](server::Config& c) { c.static_dir = web_.string(); });
  }
  void TearDown() override {
    server_.reset();
    std::error_code ec;
    std::filesystem::remove_all(web_, ec);
  }
  std::filesystem::path web_;
  std::unique_ptr<TestServer> server_;
};

TEST_F(StaticFiles, PagesGetTheStrictCspAndIsolationHeaders) {
  auto r = server_->get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
  const std::string csp = r->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("script-src 'self' 'wasm-unsafe-eval'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-eval'"), csp.find("wasm-unsafe-eval'") + 5);  // only the wasm one
  EXPECT_NE(csp.find("object-src 'none'"), std::string::npos);
  EXPECT_EQ(r->get_header_value("Cross-Origin-Opener-Policy"), "same-origin");
  EXPECT_EQ(r->get_header_value("Cross-Origin-Embedder-Policy"), "require-corp");
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-cache");
  EXPECT_FALSE(server_->get("/demo/app.html")->get_header_value("Content-Security-Policy").empty());
  EXPECT_TRUE(server_->get("/complaint-widget.js")->get_header_value("Content-Security-Policy").empty());
}

TEST_F(StaticFiles, PrecompressedVariantsWhenAccepted) {
  auto cli = server_->client();
  cli->set_decompress(false);  // look at the bytes as sent
  auto br = cli->Get("/complaint-widget.js", {{"Accept-Encoding", "gzip, deflate, br"}});
  EXPECT_EQ(br->get_header_value("Content-Encoding"), "br");
  EXPECT_EQ(br->body, "BROTLI-BYTES");  // sent as is, never compressed twice
  EXPECT_EQ(br->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  bool vary = false;
  for (size_t i = 0; i < br->get_header_value_count("Vary"); ++i)
    vary = vary || br->get_header_value("Vary", i).find("Accept-Encoding") != std::string::npos;
  EXPECT_TRUE(vary);
  auto gz = cli->Get("/complaint-widget.js", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(gz->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(gz->body, "GZIP-BYTES");
  auto plain = server_->get("/complaint-widget.js");
  EXPECT_FALSE(plain->has_header("Content-Encoding"));
  EXPECT_EQ(plain->body, "export const x = 1;");
  // The plain answer varies too (a cache must not give it to a client that takes br), and a coding
  // refused with q=0 is not chosen.
  EXPECT_NE(plain->get_header_value("Vary").find("Accept-Encoding"), std::string::npos);
  auto refused = cli->Get("/complaint-widget.js", {{"Accept-Encoding", "br;q=0, gzip"}});
  EXPECT_EQ(refused->get_header_value("Content-Encoding"), "gzip");
  // Variants have their own validators.
  EXPECT_NE(br->get_header_value("ETag"), plain->get_header_value("ETag"));
  EXPECT_NE(br->get_header_value("ETag"), gz->get_header_value("ETag"));
  // A file without siblings is sent plain whatever is accepted.
  auto page = cli->Get("/index.html", {{"Accept-Encoding", "br, gzip"}});
  EXPECT_FALSE(page->has_header("Content-Encoding"));
  EXPECT_EQ(page->body, "<!doctype html><title>x</title>");
}

TEST_F(StaticFiles, HashedFilesAreImmutableOthersRevalidateWithEtag) {
  auto w = server_->get("/cw_widget.0123abcd.wasm");
  EXPECT_EQ(w->get_header_value("Content-Type"), "application/wasm");
  EXPECT_EQ(w->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  auto js = server_->get("/complaint-widget.js");
  const std::string etag = js->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  auto again = server_->get("/complaint-widget.js", {{"If-None-Match", etag}});
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(server::is_content_hashed("cw_widget.3f9a1c2b.wasm"));
  EXPECT_FALSE(server::is_content_hashed("complaint-widget.js"));
  EXPECT_FALSE(server::is_content_hashed("cw_widget.js"));
}

TEST_F(StaticFiles, NoEscapeAndNoHtmlForUnknownApiPaths) {
  EXPECT_EQ(server_->get("/../complaints.db")->status, 404);
  EXPECT_EQ(server_->get("/%2e%2e/complaints.db")->status, 404);
  EXPECT_EQ(server_->get("/missing.js")->status, 404);
  auto api = server_->get("/api/v1/unknown");
  EXPECT_EQ(api->status, 404);
  EXPECT_EQ(parse(api->body)["error"]["code"], "http.not_found");
}

// Issue 21 finding 8: `Range: bytes=0-99` got a 200 with 100 bytes and the whole file's ETag, and
// `bytes=0-,0-` a multipart body with `Content-Range: bytes 0-18446744073709551615/0`. DESIGN §8:
// Range is answered correctly or ignored; we ignore it, on files and on JSON alike.
TEST_F(StaticFiles, RangeIsIgnoredTheWholeFileAlwaysComesBack_Issue21) {
  std::string bytes(std::string("\0asm\1\0\0\0", 8));
  for (int i = 0; i < 300; ++i) bytes.push_back(static_cast<char>('a' + i % 26));
  write(web_ / "cw_big.0123abcd.wasm", bytes);
  const auto whole = server_->get("/cw_big.0123abcd.wasm");
  ASSERT_TRUE(whole);
  ASSERT_EQ(whole->body, bytes);
  for (const char* range : {"bytes=0-99", "bytes=0-,0-", "bytes=5-", "bytes=-10", "bytes=0-0,5-9", "bytes=400-500"}) {
    auto r = server_->get("/cw_big.0123abcd.wasm", {{"Range", range}});
    ASSERT_TRUE(r) << range;
    EXPECT_EQ(r->status, 200) << range;
    EXPECT_EQ(r->body, bytes) << range;
    EXPECT_EQ(r->get_header_value("Content-Length"), std::to_string(bytes.size())) << range;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/wasm") << range;
    EXPECT_FALSE(r->has_header("Content-Range")) << range;
    EXPECT_EQ(r->get_header_value("ETag"), whole->get_header_value("ETag")) << range;
  }
  auto head = server_->client()->Head("/cw_big.0123abcd.wasm");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->get_header_value("Accept-Ranges"), "none");
  // A JSON answer is never cut either.
  const auto meta = server_->get("/api/v1/meta");
  auto part = server_->get("/api/v1/meta", {{"Range", "bytes=0-9,20-29"}});
  ASSERT_TRUE(part);
  EXPECT_EQ(part->status, 200);
  EXPECT_EQ(part->get_header_value("Content-Type"), meta->get_header_value("Content-Type"));
  EXPECT_TRUE(parse(part->body).is_object());
}

// GET /meta advertises privacy_notice_url (the consent of DESIGN §3 links it): the page of web/,
// copied into dist/web by the wasm build, must be there, a page under the CSP (no script, no inline
// style) whose stylesheet is served too.
TEST(StaticPrivacyNotice, TheAdvertisedPageIsServed) {
  const auto web = make_temp_dir();
  const std::filesystem::path src = std::filesystem::path(CW_SOURCE_DIR) / "web";
  for (const char* f : {"privacy.html", "demo.css"}) std::filesystem::copy_file(src / f, web / f);
  TestServer s([&](server::Config& c) { c.static_dir = web.string(); });
  const std::string url = str(parse(s.get("/api/v1/meta")->body)["privacy_notice_url"]);
  ASSERT_EQ(url, "/privacy.html");
  auto page = s.get(url);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_FALSE(page->get_header_value("Content-Security-Policy").empty());
  for (const char* part : {"个人信息保护说明", "Privacy notice", "lang=\"en\"", "href=\"./demo.css\""})
    EXPECT_NE(page->body.find(part), std::string::npos) << part;
  for (const char* inline_part : {"<script", "<style", " style="})
    EXPECT_EQ(page->body.find(inline_part), std::string::npos) << inline_part;
  EXPECT_FALSE(std::regex_search(page->body, std::regex(R"(\son[a-z]+\s*=)"))) << "an inline event handler";
  auto css = s.get("/demo.css");
  EXPECT_EQ(css->status, 200);
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
  std::error_code ec;
  std::filesystem::remove_all(web, ec);
}

}  // namespace
}  // namespace cw::test
