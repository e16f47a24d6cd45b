// server/crypto.h — the few cryptographic helpers the server needs: SHA-256, random tokens, codes.
// OpenSSL's libcrypto (already a dependency of Debian's cpp-httplib) supplies the primitives.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cw::server {

// Lower-case hex SHA-256 of `data`. Secrets (tokens, codes) are stored only as this hash, so a copy
// of the database does not hand out working credentials (DESIGN §8).
std::string sha256_hex(std::string_view data);

// `bytes` random bytes from the OS CSPRNG as base64url without padding (32 bytes → 43 characters).
std::string random_token(std::size_t bytes = 32);
// Lower-case hex HMAC-SHA256 of `data` under `key` (the webhook signature, DESIGN §4 Notifier).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// Lower-case hex of `bytes` random bytes (upload ids).
std::string random_hex(std::size_t bytes);
// Lower-case hex of `bytes`, and back (nullopt for anything but an even number of lower-case hex digits).
std::string to_hex(std::string_view bytes);
std::optional<std::string> from_hex(std::string_view hex);
// `data` XOR the keystream HMAC-SHA256(key, label "\n" block number): the same call seals and
// unseals. For secrets stored under a key the server does not keep (stored replay answers).
std::string hmac_stream_xor(std::string_view key, std::string_view label, std::string_view data);
// Uniform random number in [0, bound) (rejection sampling, no modulo bias).
std::uint64_t random_below(std::uint64_t bound);
// 40 random bits for acceptance numbers (core/acceptance_no.h Random40).
std::uint64_t random40();
// A 6-digit one-time code, "000000".."999999" (DESIGN §4 lookup).
std::string random_code6();

// Constant-time comparison of two equal-length strings (hashes of secrets).
bool equal_ct(std::string_view a, std::string_view b);

}  // namespace cw::server
