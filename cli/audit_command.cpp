#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

#include "cli/commands.h"
#include "service/audit/audit_log.h"
#include "text/printable.h"

namespace rxr::cli {

int run_audit_verify(const std::string& file) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) {
    fmt::print(stderr, "rxrules: {}: no such audit log file\n", text::printable(file));
    return kExitUsage;
  }
  rxrules::service::AuditVerification verification;
  try {
    verification = rxrules::service::verify_audit_log(file);
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "rxrules: {}\n", text::printable(e.what()));
    return kExitUsage;
  }
  if (verification.intact) {
    fmt::print("intact: {} rows\n", verification.rows_checked);
    return kExitOk;
  }
  fmt::print("broken: {}\n", text::printable(verification.first_bad_row));
  fmt::print("{} rows before it are intact\n", verification.rows_checked);
  return kExitFindings;
}

}  // namespace rxr::cli
