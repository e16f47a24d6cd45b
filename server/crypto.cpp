// server/crypto.cpp — SHA-256 and CSPRNG helpers over OpenSSL libcrypto.
// RAND_bytes failing is not recoverable (no safe token can be made), so it aborts loudly.
#include "server/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace cw::server {
namespace {

void fill_random(unsigned char* out, std::size_t n) {
  if (RAND_bytes(out, static_cast<int>(n)) != 1) {
    std::fputs("fatal: the OS random generator failed\n", stderr);
    std::abort();
  }
}

}  // namespace

namespace {
std::string hex32(const unsigned char* digest) {
  return to_hex(std::string_view(reinterpret_cast<const char*>(digest), SHA256_DIGEST_LENGTH));
}
}  // namespace

std::string sha256_hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return hex32(digest);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), digest, &len);
  return hex32(digest);
}

std::string random_token(std::size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  fill_random(raw.data(), raw.size());
  static const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  unsigned acc = 0;
  int bits = 0;
  for (unsigned char b : raw) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kB64[(acc >> bits) & 63]);
    }
  }
  if (bits > 0) out.push_back(kB64[(acc << (6 - bits)) & 63]);
  return out;
}

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  fill_random(raw.data(), raw.size());
  return to_hex(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()));
}

std::string to_hex(std::string_view bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * bytes.size());
  for (unsigned char b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  const auto nibble = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; };
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t k = 0; k < hex.size(); k += 2) {
    const int hi = nibble(hex[k]), lo = nibble(hex[k + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

std::string hmac_stream_xor(std::string_view key, std::string_view label, std::string_view data) {
  std::string out(data);
  unsigned char block[SHA256_DIGEST_LENGTH];
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i % SHA256_DIGEST_LENGTH == 0) {
      const std::string msg = std::string(label) + "\n" + std::to_string(i / SHA256_DIGEST_LENGTH);
      unsigned int len = 0;
      HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(msg.data()),
           msg.size(), block, &len);
    }
    out[i] = static_cast<char>(static_cast<unsigned char>(out[i]) ^ block[i % SHA256_DIGEST_LENGTH]);
  }
  return out;
}

std::uint64_t random_below(std::uint64_t bound) {
  if (bound <= 1) return 0;
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  for (;;) {
    std::uint64_t v = 0;
    fill_random(reinterpret_cast<unsigned char*>(&v), sizeof v);
    if (v < limit) return v % bound;
  }
}

std::uint64_t random40() { return random_below(std::uint64_t{1} << 40); }

std::string random_code6() {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%06u", static_cast<unsigned>(random_below(1000000)));
  return buf;
}

bool equal_ct(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace cw::server
