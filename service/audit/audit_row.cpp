#include "service/audit/audit_row.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace rxrules::service {
namespace {

class Sha256 {
 public:
  Sha256() : context_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
    if (!context_ || EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) != 1) {
      throw std::runtime_error("cannot start SHA-256");
    }
  }
  void add(std::string_view bytes) {
    if (EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size()) != 1) throw std::runtime_error("SHA-256 failed");
  }
  void add_u64(std::uint64_t value) {
    char bytes[8];
    for (int i = 7; i >= 0; --i, value >>= 8) bytes[i] = static_cast<char>(value & 0xFF);
    add(std::string_view(bytes, sizeof bytes));
  }
  std::string hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_DigestFinal_ex(context_.get(), digest, &size) != 1) throw std::runtime_error("SHA-256 failed");
    constexpr char kDigits[] = "0123456789abcdef";
    std::string text;
    for (unsigned int i = 0; i < size; ++i) {
      text.push_back(kDigits[digest[i] >> 4]);
      text.push_back(kDigits[digest[i] & 0xF]);
    }
    return text;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context_;
};

}  // namespace

AuditRow audit_row(const AuditCall& call) {
  AuditRow row;
  row.values = {"call",         call.time,       call.service,  call.hook_instance, call.request_sha256,
                call.request,   call.catalogue_fingerprint, call.pack_fingerprints, call.as_of, call.verdict,
                call.response,  std::nullopt,    std::nullopt,  std::nullopt,       std::nullopt};
  return row;
}

AuditRow audit_row(const AuditFeedback& feedback) {
  AuditRow row;
  row.values = {"feedback",   feedback.time, feedback.service, feedback.hook_instance, std::nullopt,
                std::nullopt, std::nullopt,  std::nullopt,     std::nullopt,           std::nullopt,
                std::nullopt, feedback.card_uuid, feedback.outcome, feedback.override_reason, feedback.comment};
  return row;
}

std::string audit_row_hash(std::string_view prev_hash, const AuditRow& row) {
  Sha256 sha;
  sha.add(prev_hash);
  sha.add_u64(static_cast<std::uint64_t>(row.seq));
  for (const auto& value : row.values) {
    if (!value) {
      sha.add(std::string_view("\x00", 1));
      continue;
    }
    sha.add(std::string_view("\x01", 1));
    sha.add_u64(value->size());
    sha.add(*value);
  }
  return sha.hex();
}

}  // namespace rxrules::service
