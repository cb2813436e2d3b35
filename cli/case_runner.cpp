#include "cli/case_runner.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <variant>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/case_checks.h"
#include "text/printable.h"

namespace rxr::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json read_json(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(fmt::format("cannot read '{}'", path.string()));
  try {
    return json::parse(in);
  } catch (const json::parse_error& e) {
    throw std::runtime_error(fmt::format("'{}' is not valid JSON: {}", path.string(), e.what()));
  }
}

// "labs.anc" or "premedications[0].drug" as JSON-pointer-like steps.
std::vector<std::variant<std::string, std::size_t>> parse_path(const std::string& path) {
  std::vector<std::variant<std::string, std::size_t>> steps;
  std::string name;
  for (std::size_t i = 0; i <= path.size(); ++i) {
    const char c = i < path.size() ? path[i] : '.';
    if (c == '.' || c == '[') {
      if (!name.empty()) steps.emplace_back(name);
      name.clear();
      if (c == '[') {
        const std::size_t close = path.find(']', i);
        if (close == std::string::npos) throw std::runtime_error(fmt::format("bad path '{}'", path));
        steps.emplace_back(static_cast<std::size_t>(std::stoul(path.substr(i + 1, close - i - 1))));
        i = close;
      }
    } else {
      name += c;
    }
  }
  return steps;
}

// The value at `path`, creating objects on the way; arrays must already reach the index.
json& at_path(json& root, const std::string& path) {
  json* node = &root;
  for (const auto& step : parse_path(path)) {
    if (const auto* key = std::get_if<std::string>(&step)) {
      if (!node->is_object()) *node = json::object();
      node = &(*node)[*key];
    } else {
      const std::size_t index = std::get<std::size_t>(step);
      if (!node->is_array() || index >= node->size()) {
        throw std::runtime_error(fmt::format("'{}': the base request has no element {}", path, index));
      }
      node = &(*node)[index];
    }
  }
  return *node;
}

void remove_path(json& root, const std::string& path) {
  const std::size_t cut = path.rfind('.');
  json& parent = cut == std::string::npos ? root : at_path(root, path.substr(0, cut));
  const std::string key = cut == std::string::npos ? path : path.substr(cut + 1);
  if (!parent.is_object() || parent.erase(key) == 0) {
    throw std::runtime_error(fmt::format("'{}' is not in the base request", path));
  }
}

std::vector<std::string> strings(const json& c, const char* key) {
  std::vector<std::string> out;
  if (c.contains(key)) {
    for (const auto& item : c.at(key)) out.push_back(item.get<std::string>());
  }
  return out;
}

const json* finding_of(const json& response, const std::string& rule) {
  for (const auto& f : response.at("findings")) {
    if (f.at("rule") == rule) return &f;
  }
  return nullptr;
}

// Whether a rule's condition was true, false or unknown: from the response's
// explanation, because a rule that fires for lack of data (`is missing`)
// lists that data in `missing` just as an undecided rule does.
std::string result_of(const json& response, const std::string& rule) {
  for (const auto& e : response.at("explain")) {
    if (e.at("rule") == rule) return e.at("result").get<std::string>();
  }
  return "absent";
}

std::vector<std::string> missing_of(const json* finding) {
  if (finding == nullptr || !finding->contains("missing")) return {};
  return finding->at("missing").get<std::vector<std::string>>();
}

std::string describe(const json& response, const json* finding, const std::string& rule) {
  if (finding == nullptr) return "no finding";
  const std::vector<std::string> missing = missing_of(finding);
  if (result_of(response, rule) != "true") return fmt::format("undecided ({} missing)", fmt::join(missing, ", "));
  if (!missing.empty()) {
    return fmt::format("fired as {} ({} missing)", finding->at("severity").get<std::string>(), fmt::join(missing, ", "));
  }
  return fmt::format("fired as {}", finding->at("severity").get<std::string>());
}

class CaseFile {
 public:
  CaseFile(const fs::path& pack, const fs::path& file, const compile::RuleSet& rules,
           std::map<std::string, RuleCoverage>& coverage)
      : pack_(pack), file_(file), rules_(rules), coverage_(coverage) {}

  std::vector<CaseResult> run() {
    const json doc = read_json(file_);
    std::vector<CaseResult> out;
    // A mistake in the file's own keys fails it as a whole; its cases still run.
    if (std::vector<std::string> mistakes = check_case_file(doc); !mistakes.empty()) {
      out.push_back(CaseResult{relative_name(), "(the case file)", std::move(mistakes), {}});
    }
    if (!doc.is_object() || !doc.contains("cases") || !doc.at("cases").is_array()) return out;
    for (const json& c : doc.at("cases")) out.push_back(run_case(doc, c));
    return out;
  }

 private:
  std::string relative_name() const { return fs::relative(file_, pack_).generic_string(); }

  CaseResult run_case(const json& doc, const json& c) {
    const std::string name = c.is_object() && c.contains("name") && c.at("name").is_string()
                                 ? c.at("name").get<std::string>() : "(unnamed)";
    CaseResult result{relative_name(), name, check_case(c, rules_), {}};
    if (!result.failures.empty()) return result;  // a case that says something else is not run
    try {
      check(build_request(doc, c), c, result);
    } catch (const std::exception& e) {
      result.failures.push_back(e.what());
    }
    return result;
  }

  json build_request(const json& doc, const json& c) const {
    const std::string base = c.value("base", doc.value("base", ""));
    json request = base.empty() ? json::object() : read_json(file_.parent_path() / base);
    if (c.contains("set")) {
      for (const auto& [path, value] : c.at("set").items()) at_path(request, path) = value;
    }
    for (const std::string& path : strings(c, "remove")) remove_path(request, path);
    return request;
  }

  void check(const json& request, const json& c, CaseResult& result) {
    std::string text;
    // A case belongs to its pack: verified against it, whatever drug it orders.
    if (api::verify_with_pack(rules_, request.dump(), {.explain = true, .text = false, .explain_rule = {}}, {}, text) != api::VerifyStatus::kOk) {
      result.failures.push_back("request error: " + text);
      return;
    }
    const json response = json::parse(text);
    auto fail = [&](std::string message) { result.failures.push_back(std::move(message)); };
    if (c.contains("verdict") && response.at("verdict") != c.at("verdict")) {
      fail(fmt::format("verdict: expected {}, got {}", c.at("verdict").get<std::string>(),
                       response.at("verdict").get<std::string>()));
    }
    std::vector<std::pair<std::string, bool>> fired_ok, quiet_ok;
    auto fired = [&](const std::string& rule) {
      return finding_of(response, rule) != nullptr && result_of(response, rule) == "true";
    };
    for (const std::string& rule : strings(c, "fires")) {
      const bool ok = fired(rule);
      if (!ok) fail(fmt::format("{}: expected to fire, got {}", rule, describe(response, finding_of(response, rule), rule)));
      fired_ok.emplace_back(rule, ok);
    }
    for (const std::string& rule : strings(c, "quiet")) {
      const json* f = finding_of(response, rule);
      if (f != nullptr) {
        fail(fmt::format("{}: expected no finding, got {}: {}", rule, describe(response, f, rule),
                         f->at("message").get<std::string>()));
      }
      quiet_ok.emplace_back(rule, f == nullptr);
    }
    // Rules that fire for lack of data, listing exactly these paths (M4).
    if (c.contains("missing")) {
      for (const auto& [rule, paths] : c.at("missing").items()) {
        const std::vector<std::string> expected = paths.get<std::vector<std::string>>();
        const bool ok = fired(rule) && missing_of(finding_of(response, rule)) == expected;
        if (!ok) {
          fail(fmt::format("{}: expected to fire with {} missing, got {}", rule, fmt::join(expected, ", "),
                           describe(response, finding_of(response, rule), rule)));
        }
        fired_ok.emplace_back(rule, ok);
      }
    }
    if (c.contains("undecided")) {
      for (const auto& [rule, paths] : c.at("undecided").items()) {
        const json* f = finding_of(response, rule);
        const std::vector<std::string> expected = paths.get<std::vector<std::string>>();
        if (f == nullptr || result_of(response, rule) != "unknown" || missing_of(f) != expected) {
          fail(fmt::format("{}: expected undecided ({} missing), got {}", rule, fmt::join(expected, ", "),
                           describe(response, f, rule)));
        }
        result.rules.push_back(rule);
      }
    }
    for (const std::string& path : strings(c, "problems")) {
      const auto& problems = response.at("problems");
      const bool found = std::any_of(problems.begin(), problems.end(), [&](const json& p) { return p.at("path") == path; });
      if (!found) fail(fmt::format("expected a problem at {}, got {}", path, problems.dump()));
    }
    // Coverage counts what a passing case asserted, never what merely happened.
    for (const auto& [rule, ok] : fired_ok) {
      result.rules.push_back(rule);
      if (ok && result.failures.empty()) coverage_[rule].fires = true;
    }
    for (const auto& [rule, ok] : quiet_ok) {
      result.rules.push_back(rule);
      if (ok && result.failures.empty()) coverage_[rule].quiet = true;
    }
  }

  fs::path pack_;
  fs::path file_;
  const compile::RuleSet& rules_;
  std::map<std::string, RuleCoverage>& coverage_;
};

}  // namespace

PackResult run_cases(const std::string& pack, const compile::RuleSet& rules) {
  PackResult result{pack, {}, {}, {}};
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(pack) / "tests", ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.size() > 11 && name.ends_with(".cases.json")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::map<std::string, RuleCoverage> coverage;
  for (const auto& file : files) {
    try {
      auto cases = CaseFile(pack, file, rules, coverage).run();
      result.cases.insert(result.cases.end(), cases.begin(), cases.end());
    } catch (const std::exception& e) {
      result.io_error = fmt::format("{}: {}", file.string(), e.what());
      return result;
    }
  }
  for (const compile::Rule& rule : rules.rules) {
    RuleCoverage covered = coverage[rule.id];
    covered.always = rule.always;
    result.coverage.emplace_back(rule.id, covered);
  }
  return result;
}

std::string junit_xml(const std::vector<PackResult>& packs, bool strict) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  auto testcase = [&out](std::string_view classname, std::string_view name, const std::vector<std::string>& failures) {
    out += fmt::format("    <testcase classname=\"{}\" name=\"{}\"", text::markup_escaped(classname), text::markup_escaped(name));
    if (failures.empty()) {
      out += "/>\n";
      return;
    }
    out += fmt::format(">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                       text::markup_escaped(failures.front()), text::markup_escaped(fmt::format("{}", fmt::join(failures, "\n"))));
  };
  for (const PackResult& pack : packs) {
    std::size_t tests = pack.cases.size();
    auto failures = static_cast<std::size_t>(std::count_if(pack.cases.begin(), pack.cases.end(),
                                                           [](const CaseResult& c) { return !c.failures.empty(); }));
    std::vector<std::pair<std::string, std::string>> uncovered;  // rule, what it lacks
    if (strict) {
      for (const auto& [rule, covered] : pack.coverage) {
        if (covered.complete()) continue;
        uncovered.emplace_back(rule, !covered.fires ? "no passing case makes it fire" : "no passing case keeps it quiet");
      }
      tests += uncovered.size();
      failures += uncovered.size();
    }
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n", text::markup_escaped(pack.pack), tests, failures);
    for (const CaseResult& c : pack.cases) testcase(c.file, c.name, c.failures);
    for (const auto& [rule, lack] : uncovered) testcase("coverage", rule, {fmt::format("{}: {}", rule, lack)});
    out += "  </testsuite>\n";
  }
  return out + "</testsuites>\n";
}

}  // namespace rxr::cli
