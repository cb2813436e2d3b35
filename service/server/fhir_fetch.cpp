#include "service/server/fhir_fetch.h"

#include <fmt/format.h>
#include <httplib.h>

#include "service/fhir/prefetch.h"
#include "service/server/problem.h"

namespace rxrules::service {

namespace {

// "https://ehr.example/fhir" -> ("https://ehr.example", "/fhir").
std::optional<std::pair<std::string, std::string>> split_base(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos || (url.substr(0, scheme) != "http" && url.substr(0, scheme) != "https")) {
    return std::nullopt;
  }
  const std::size_t path = url.find('/', scheme + 3);
  if (path == std::string_view::npos) return std::pair{std::string(url), std::string()};
  std::string base(url.substr(path));
  while (!base.empty() && base.back() == '/') base.pop_back();
  return std::pair{std::string(url.substr(0, path)), base};
}

std::string encode(std::string_view text) {
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

std::optional<Json> get(httplib::Client& client, const std::string& path, const httplib::Headers& headers,
                        const FetchLimits& limits) {
  const httplib::Result result = client.Get(path, headers);
  if (!result || result->status != 200 || result->body.size() > limits.max_body_bytes ||
      nests_deeper_than(result->body, limits.max_depth)) {
    return std::nullopt;
  }
  Json body = Json::parse(result->body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return std::nullopt;
  return body;
}

}  // namespace

std::optional<Json> fetch_prefetch(const Json& hook_request, std::string_view key, const Mapping& mapping,
                                   const FetchLimits& limits) {
  const auto server = string_at(hook_request, "fhirServer");
  const auto patient = string_at(at(hook_request, "context"), "patientId");
  if (!server || !patient) return std::nullopt;
  const auto base = split_base(*server);
  if (!base) return std::nullopt;
  std::string query;
  for (const auto& [name, templ] : prefetch_templates(mapping)) {
    if (name == key) query = templ;
  }
  if (query.empty()) return std::nullopt;
  for (std::size_t at_token; (at_token = query.find(kPatientIdToken)) != std::string::npos;) {
    query.replace(at_token, std::string_view(kPatientIdToken).size(), encode(*patient));
  }

  httplib::Client client(base->first);
  client.set_connection_timeout(limits.timeout);
  client.set_read_timeout(limits.timeout);
  client.set_write_timeout(limits.timeout);
  httplib::Headers headers = {{"Accept", "application/fhir+json"}};
  if (const auto token = string_at(at(hook_request, "fhirAuthorization"), "access_token")) {
    headers.emplace("Authorization", "Bearer " + *token);
  }
  std::optional<Json> first = get(client, base->second + "/" + query, headers, limits);
  if (!first || string_at(*first, "resourceType") != "Bundle") return first;

  // A searchset may come in pages: follow `next` on the same server, or the list would be silently short.
  Json current = *first;
  for (int page = 1; page < limits.max_pages; ++page) {
    std::optional<std::string> next;
    const Json& links = service::at(current, "link");
    if (links.is_array()) {
      for (const Json& link : links) {
        if (string_at(link, "relation") == "next") next = string_at(link, "url");
      }
    }
    if (!next) return first;
    if (!next->starts_with(base->first + "/")) return std::nullopt;
    std::optional<Json> more = get(client, next->substr(base->first.size()), headers, limits);
    if (!more) return std::nullopt;
    if (service::at(*more, "entry").is_array()) {
      for (const Json& entry : (*more)["entry"]) (*first)["entry"].push_back(entry);
    }
    current = std::move(*more);
  }
  return std::nullopt;  // more pages than the limit: not the whole list
}

}  // namespace rxrules::service
