// Helpers shared by the export tests (compiled into the test binary only).
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "base/strings.h"
#include "export/export_test_util.h"
#include "export/naming.h"
#include "schema/project.h"

extern char** environ;

namespace alab::exports::testutil {

using nlohmann::json;
using schema::Column;
using schema::Type;

schema::Schema LoadFixture(const std::string& name) {
  if (name == "dump") {
    auto root = testing::SourceDir() / "testdata/dump/project";
    auto loaded = schema::LoadSchemas(root, root / "schemas");
    EXPECT_TRUE(loaded.ok()) << loaded.diags.Render();
    return loaded.schema;
  }
  if (name == "project") {
    // Real schema files (the auth + blog demo) through the schema loader.
    auto root = testing::SourceDir() / "testdata/export/project";
    auto loaded = schema::LoadSchemas(root, root / "schemas");
    EXPECT_TRUE(loaded.ok()) << loaded.diags.Render();
    return loaded.schema;
  }
  auto path = testing::SourceDir() / "testdata/export" / (name + ".schema.json");
  return *schema::SchemaFromJson(json::parse(testing::ReadText(path)));
}

void WriteFiles(const std::filesystem::path& dir, const Files& files) {
  for (const auto& f : files) {
    auto p = dir / f.path;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary | std::ios::trunc) << f.content;
  }
}

namespace {

// Samples for the patterns the fixtures use; an unknown pattern fails the test loudly.
std::string PatternSample(const std::string& pattern) {
  static const std::map<std::string, std::string> k{
      {"^[a-z0-9_]{3,50}$", "ada_lovelace"},
      {"^[a-z0-9]+(?:-[a-z0-9]+)*$", "hello-world"},
      {"^#[0-9a-fA-F]{6}$", "#1a2B3c"},
      {"^[a-zA-Z0-9_.-]{3,50}$", "ada.lovelace"},
      {"^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", "ada@example.com"},
      {"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", "en-GB"},
      {"^[A-Z]{2}$", "GB"},
      {"^[A-Z]{3}$", "EUR"},
      {"^\\+?[0-9 ()-]{7,20}$", "+44 20 7946 0958"},
  };
  auto it = k.find(pattern);
  if (it == k.end()) {
    ADD_FAILURE() << "no sample for pattern " << pattern << " (add one to PatternSample)";
    return "";
  }
  return it->second;
}

// The first max code points of UTF-8 text (JSON Schema lengths count code points).
std::string TruncateCodePoints(const std::string& s, size_t max) {
  size_t count = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (count == max) break;
    ++count;
  }
  return s.substr(0, i);
}

json SampleValue(const Column& c, int variant) {
  switch (c.type) {
    case Type::kUuid:
      return variant == 0 ? "3f1c2a4e-8b7d-4c6e-9f0a-1b2c3d4e5f60"
                          : "00000000-0000-4000-8000-000000000002";
    case Type::kString:
    case Type::kText: {
      std::string s;
      if (!c.pattern.empty())
        s = PatternSample(c.pattern);
      else if (c.format == "email")
        s = "ada@example.com";
      else if (c.format == "uri")
        s = "https://example.com/a?b=1";
      else if (c.format == "ipv4")
        s = "192.0.2.1";
      else
        s = variant == 0 ? "Sample \"text\" with ünïcode" : "x";
      size_t max =
          c.type == Type::kString && c.length > 0 ? static_cast<size_t>(c.length) : 1000000;
      if (c.max) max = std::min(max, static_cast<size_t>(*c.max));
      if (c.pattern.empty() && c.format.empty()) s = TruncateCodePoints(s, max);
      if (c.min)
        while (s.size() < static_cast<size_t>(*c.min)) s += "x";
      return s;
    }
    case Type::kInteger: {
      double v = variant == 0 ? 42 : -7;
      if (c.min && v < *c.min) v = *c.min;
      if (c.max && v > *c.max) v = *c.max;
      return static_cast<long long>(v);
    }
    case Type::kBigint:
      return variant == 0 ? "9223372036854775807" : "-3000000000";  // beyond 32 bits
    case Type::kNative:  // exports carry a native type's value as its text
      return variant == 0 ? "1 day 02:03:04" : "";
    case Type::kFloat: {
      double v = variant == 0 ? 12.5 : -0.25;
      if (c.min && v < *c.min) v = *c.min;
      if (c.max && v > *c.max) v = *c.max;
      return v;
    }
    case Type::kDecimal: {
      // The wire format: exactly `scale` fraction digits, within the column's precision.
      int int_digits = c.precision > 0 ? c.precision - c.scale : 4;
      std::string whole =
          int_digits <= 0 ? "0" : std::string("1234").substr(0, std::min(int_digits, 4));
      std::string frac = c.scale > 0 ? "." + std::string(static_cast<size_t>(c.scale), '0') : "";
      // Below the column's maximum (percentage: 100), which pydantic enforces.
      if (c.max && std::stod(whole) + 1 > *c.max)
        whole = std::to_string(std::max(0LL, static_cast<long long>(*c.max) - 1));
      if (variant == 0) {
        if (c.scale > 0) frac[1] = '5';
        return whole + frac;
      }
      if (c.scale > 0) frac.back() = '1';
      return (c.min && *c.min >= 0 ? "" : "-") + std::string(c.scale > 0 ? "0" : "1") + frac;
    }
    case Type::kBoolean:
      return variant == 0;
    case Type::kDate:
      return "2024-02-29";
    case Type::kTime:
      return variant == 0 ? "13:45:30" : "00:00:00";
    case Type::kDatetime:
      return variant == 0 ? "2024-02-29T13:45:30Z" : "1999-12-31T23:59:59Z";
    case Type::kJson:
      return variant == 0 ? json{{"a", json::array({1, "two", nullptr})}, {"b", {{"c", true}}}}
                          : json(7);
    case Type::kBase64:
      return "aGVsbG8gd29ybGQ=";
    case Type::kEnum:
      return c.enum_values.empty() ? json("") : json(c.enum_values[variant % c.enum_values.size()]);
  }
  return nullptr;
}

}  // namespace

json SampleRows(const schema::Schema& s) {
  TypeNames names(s);
  json out = json::object();
  for (const auto& t : s.tables) {
    json rows = json::array();
    for (int variant = 0; variant < 2; ++variant) {
      json row = json::object();
      for (const auto& c : t.columns) {
        row[c.name] = variant == 1 && c.nullable ? json(nullptr) : SampleValue(c, variant);
        auto kinds = PolymorphicTypeValues(s, t, c);
        if (!kinds.empty() && !row[c.name].is_null()) row[c.name] = kinds[variant % kinds.size()];
      }
      rows.push_back(row);
    }
    out[names.Table(t)] = rows;
  }
  return out;
}

json SampleInserts(const schema::Schema& s) {
  TypeNames names(s);
  json out = json::object();
  for (const auto& t : s.tables) {
    json row = json::object();
    for (const auto& c : t.columns) {
      if (c.computed || InsertOptional(c)) continue;
      row[c.name] = SampleValue(c, 0);
      auto kinds = PolymorphicTypeValues(s, t, c);
      if (!kinds.empty()) row[c.name] = kinds[0];
    }
    out[names.Table(t)] = row;
  }
  return out;
}

std::optional<std::string> FindTool(const std::string& name,
                                    const std::vector<std::string>& extra_dirs) {
  std::vector<std::string> dirs;
  if (const char* path = std::getenv("PATH")) dirs = Split(path, ':');
  dirs.insert(dirs.end(), extra_dirs.begin(), extra_dirs.end());
  for (const auto& d : dirs) {
    if (d.empty()) continue;
    auto p = std::filesystem::path(d) / name;
    if (::access(p.c_str(), X_OK) == 0) return p.string();
  }
  return std::nullopt;
}

std::optional<std::string> NodeTool(const std::string& name) {
  auto p = testing::SourceDir() / "tests/toolchains/node_modules/.bin" / name;
  if (::access(p.c_str(), X_OK) != 0) return std::nullopt;
  return p.string();
}

testing::RunResult RunCommand(const std::vector<std::string>& argv_in,
                              const std::filesystem::path& cwd,
                              const std::vector<std::string>& extra_env) {
  testing::RunResult r;
  testing::TempDir io;
  auto out_path = (io.path() / "out").string();
  auto err_path = (io.path() / "err").string();
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
  std::vector<std::string> argv_s = argv_in;
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  // extra_env entries replace inherited ones of the same name.
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    env[kv.substr(0, kv.find('='))] = kv;
  }
  for (const auto& kv : extra_env) env[kv.substr(0, kv.find('='))] = kv;
  std::vector<std::string> env_s;
  for (auto& [k, kv] : env) env_s.push_back(kv);
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv_s[0].c_str(), &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) {
    r.err = "cannot start " + argv_s[0];
    return r;
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = testing::ReadText(out_path);
  r.err = testing::ReadText(err_path);
  return r;
}

std::string Show(const testing::RunResult& r) {
  return fmt::format("exit {}\nstdout:\n{}\nstderr:\n{}", r.exit_code, r.out.substr(0, 6000),
                     r.err.substr(0, 6000));
}

void WriteText(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

std::string ScriptPath(const std::string& name) {
  return (testing::SourceDir() / "tests/toolchains" / name).string();
}

// Validates rows files ({"TypeName": [rows]}) against the fixture's exported JSON Schema.
std::vector<DumpedRows> DumpRoundTripRows() {
  std::vector<DumpedRows> out;
  auto schema = LoadFixture("dump");
  TypeNames names(schema);
  std::string expected = testing::ReadText(testing::SourceDir() / "testdata/dump/expected.json");
  for (std::string dialect : {"sqlite", "postgres"}) {
    testing::TempDir dir;
    std::string url = (dir.path() / "app.db").string();
    if (dialect == "postgres") {
      if (testing::PgBaseUrl().empty()) {
        if (testing::InCi())
          ADD_FAILURE() << "ALAB_TEST_PG_URL is not set under CI: the PostgreSQL dump round trip";
        continue;
      }
      url = testing::CreatePgDatabase("dump_rt");
      if (url.empty()) {
        ADD_FAILURE() << "cannot create a database on the test PostgreSQL server";
        continue;
      }
    }
    std::filesystem::copy(testing::SourceDir() / "testdata/dump/project", dir.path(),
                          std::filesystem::copy_options::recursive);
    auto alab = [&](std::vector<std::string> args) {
      args.insert(args.begin(), {"--no-color", "--database-url", url});
      return testing::RunAlab(args, dir.path());
    };
    std::string rows_sql =
        (testing::SourceDir() / ("testdata/dump/rows." + dialect + ".sql")).string();
    for (const auto& step :
         std::vector<std::vector<std::string>>{{"new", "init"}, {"migrate"}, {"seed", rows_sql}}) {
      auto r = alab(step);
      EXPECT_EQ(r.exit_code, 0) << dialect << " " << Join(step, " ") << "\n" << r.err;
    }
    auto dump = alab({"dump", "--format", "json"});
    EXPECT_EQ(dump.exit_code, 0) << dialect << "\n" << dump.err;
    EXPECT_EQ(dump.out, expected) << dialect
                                  << ": the dump is not the inserted rows in the wire format";
    json parsed = json::parse(dump.out, nullptr, false);
    if (parsed.is_discarded()) {
      ADD_FAILURE() << dialect << ": the dump is not JSON:\n" << dump.out;
      continue;
    }
    json by_type = json::object();
    for (const auto& t : schema.tables) by_type[names.Table(t)] = parsed[t.SqlName()];
    out.push_back({dialect, by_type});
  }
  return out;
}

std::vector<std::filesystem::path> WriteRowsFiles(const std::filesystem::path& dir,
                                                  const std::string& fixture,
                                                  const std::vector<DumpedRows>& dumps) {
  std::vector<std::filesystem::path> out{dir / ("rows-" + fixture + ".json")};
  WriteText(out[0], SampleRows(LoadFixture(fixture)).dump());
  if (fixture == "dump")
    for (const auto& d : dumps) {
      out.push_back(dir / ("rows-dump-" + d.dialect + ".json"));
      WriteText(out.back(), d.rows.dump());
    }
  return out;
}

void ExpectRowsValid(const std::filesystem::path& work, const std::string& fixture,
                     const std::vector<std::filesystem::path>& rows_files) {
  auto node = FindTool("node");
  ASSERT_TRUE(node.has_value());
  std::filesystem::path schema_path = work / ("schema-" + fixture + ".json");
  WriteText(schema_path, ExportJsonSchema(LoadFixture(fixture), {})[0].content);
  json job = {
      {"jsonschema", json::array({{{"schema", schema_path.string()}, {"rows", json::array()}}})}};
  for (const auto& r : rows_files) job["jsonschema"][0]["rows"].push_back(r.string());
  WriteText(work / "job-rows.json", job.dump());
  auto r = RunCommand({*node, ScriptPath("validate.mjs"), (work / "job-rows.json").string()}, work);
  EXPECT_EQ(r.exit_code, 0) << Show(r);
}

}  // namespace alab::exports::testutil
