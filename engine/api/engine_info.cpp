#include "api/engine_info.h"

#include "report/json_writer.h"
#include "report/response.h"

namespace rxr::api {

std::string engine_info_json(const Catalogue& catalogue, uint32_t abi) {
  std::string out;
  report::JsonWriter json(out);
  json.begin_object();
  json.key("abi").raw(std::to_string(abi));
  json.key("engine").string(report::engine_version());
  json.key("fingerprint").string(catalogue.fingerprint);
  json.key("packs").begin_array();
  for (const auto& pack : catalogue.packs) {
    const compile::PackInfo& info = pack->info;
    json.begin_object();
    json.key("name").string(info.name).key("version").string(info.version);
    json.key("fingerprint").string(pack->fingerprint).key("drug").string(info.drug);
    json.key("aka").begin_array();
    for (const std::string& name : info.aka) json.string(name);
    json.end_array();
    json.key("policies").begin_object();
    for (const auto& [name, value] : info.policies) json.key(name).string(value);
    json.end_object();
    json.key("notices").begin_array();
    for (const std::string& notice : info.notices) json.string(notice);
    json.end_array();
    json.end_object();
  }
  json.end_array();
  json.end_object();
  return out;
}

}  // namespace rxr::api
