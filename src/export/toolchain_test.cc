// Every generated file compiles or validates with the real toolchain, and a row produced by
// each language's types from sample data validates against the exported JSON Schema.
// Slow tools run once per test over both fixtures. A missing toolchain fails under CI=true.
#include <map>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "base/strings.h"
#include "export/export.h"
#include "export/export_test_util.h"
#include "export/naming.h"
#include "test_support.h"

namespace alab::exports {
namespace {

using nlohmann::json;
using testing::TempDir;
using testutil::ExpectRowsValid;
using testutil::FindTool;
using testutil::kFixtures;
using testutil::LoadFixture;
using testutil::NodeTool;
using testutil::RunCommand;
using testutil::ScriptPath;
using testutil::Show;
using testutil::WriteText;

namespace fs = std::filesystem;

bool NodeReady() { return FindTool("node").has_value() && NodeTool("tsc").has_value(); }

TEST(Toolchain, SpecsValidateWithGraphqlSwaggerParserAndAjv) {
  ALAB_REQUIRE_TOOL(NodeReady(), "node + npm ci --prefix tests/toolchains");
  TempDir dir;
  json job = {
      {"graphql", json::array()}, {"openapi", json::array()}, {"jsonschema", json::array()}};
  for (const auto& fixture : kFixtures) {
    auto schema = LoadFixture(fixture);
    fs::path base = dir.path() / fixture;
    for (auto t : {Target::kGraphQl, Target::kOpenApi, Target::kJsonSchema})
      testutil::WriteFiles(base, Export(schema, t));
    WriteText(base / "rows.json", testutil::SampleRows(schema).dump(1));
    job["graphql"].push_back((base / "graphql/schema.graphql").string());
    job["openapi"].push_back((base / "openapi/openapi.json").string());
    // The sample rows themselves must be valid, or the round trips below prove nothing.
    job["jsonschema"].push_back({{"schema", (base / "jsonschema/schema.json").string()},
                                 {"rows", json::array({(base / "rows.json").string()})}});
  }
  WriteText(dir / "job.json", job.dump());
  auto r = RunCommand({*FindTool("node"), ScriptPath("validate.mjs"), (dir / "job.json").string()},
                      dir.path());
  EXPECT_EQ(r.exit_code, 0) << Show(r);
}

// .docs() text that a GraphQL block string cannot hold as it is (a trailing backslash would
// escape the closing quotes) is written as an escaped string; the SDL parses.
schema::Schema BackslashDocs() {
  auto schema = LoadFixture("demo");
  schema.tables[0].docs = "Paths like C:\\dir\\";
  schema.tables[0].columns[0].docs = "ends in a backslash \\";
  schema.tables[0].columns[1].docs = "quote \"\"\" and \\\"\"\" inside, tab\tend";
  return schema;
}

TEST(GraphQlDescriptionTest, TrailingBackslashIsEscaped) {
  auto schema = BackslashDocs();
  std::string sdl = Export(schema, Target::kGraphQl)[0].content;
  EXPECT_NE(sdl.find(" Paths like C:\\\\dir\\\\\"\n"), std::string::npos) << sdl;
  EXPECT_NE(sdl.find("  \"ends in a backslash \\\\\"\n"), std::string::npos) << sdl;
  EXPECT_NE(sdl.find("  \"\"\"quote \\\"\"\" and \\\\\"\"\" inside, tab\tend\"\"\"\n"),
            std::string::npos)
      << sdl;
}

TEST(Toolchain, GraphqlParsesDescriptionsEndingInBackslash) {
  ALAB_REQUIRE_TOOL(NodeReady(), "node + npm ci --prefix tests/toolchains");
  TempDir dir;
  testutil::WriteFiles(dir.path(), Export(BackslashDocs(), Target::kGraphQl));
  json job = {{"graphql", json::array({(dir.path() / "graphql/schema.graphql").string()})}};
  WriteText(dir / "job.json", job.dump());
  auto r = RunCommand({*FindTool("node"), ScriptPath("validate.mjs"), (dir / "job.json").string()},
                      dir.path());
  EXPECT_EQ(r.exit_code, 0) << Show(r);
}

TEST(Toolchain, ValidatorRejectsABrokenRow) {
  // The round trip is only meaningful if a wrong row fails: a missing column and a bad enum.
  ALAB_REQUIRE_TOOL(NodeReady(), "node + npm ci --prefix tests/toolchains");
  TempDir dir;
  auto schema = LoadFixture("demo");
  json rows = testutil::SampleRows(schema);
  rows["BlogPost"][0].erase("slug");
  rows["BlogPost"][1]["status"] = "deleted";
  WriteText(dir / "bad.json", json{{"BlogPost", rows["BlogPost"]}}.dump());
  auto node = FindTool("node");
  WriteText(dir / "schema.json", ExportJsonSchema(schema, {})[0].content);
  json job = {
      {"jsonschema", json::array({{{"schema", (dir / "schema.json").string()},
                                   {"rows", json::array({(dir / "bad.json").string()})}}})}};
  WriteText(dir / "job.json", job.dump());
  auto r = RunCommand({*node, ScriptPath("validate.mjs"), (dir / "job.json").string()}, dir.path());
  EXPECT_EQ(r.exit_code, 1) << Show(r);
  EXPECT_NE(r.err.find("slug"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("allowed values"), std::string::npos) << r.err;
}

TEST(Toolchain, QuicktypeGeneratesCSharpAndSwiftFromTheSpecs) {
  ALAB_REQUIRE_TOOL(NodeReady() && NodeTool("quicktype"),
                    "quicktype (npm ci --prefix tests/toolchains)");
  TempDir dir;
  for (const auto& fixture : kFixtures) {
    testutil::WriteFiles(dir.path() / fixture, ExportJsonSchema(LoadFixture(fixture), {}));
    std::string src = (dir.path() / fixture / "jsonschema/schema.json").string() + "#/$defs/";
    for (const auto& [lang, ext] : {std::pair{"csharp", "cs"}, std::pair{"swift", "swift"}}) {
      fs::path out = dir.path() / fixture / (std::string("Models.") + ext);
      auto r = RunCommand(
          {*NodeTool("quicktype"), "--src-lang", "schema", "--lang", lang, "-o", out.string(), src},
          dir.path());
      ASSERT_EQ(r.exit_code, 0) << lang << "\n" << Show(r);
      std::string code = testing::ReadText(out);
      EXPECT_NE(code.find(fixture == "everything" ? "KitchenSink" : "BlogPost"), std::string::npos)
          << code.substr(0, 2000);
    }
    // The OpenAPI components feed quicktype too (as JSON Schema definitions).
    testutil::WriteFiles(dir.path() / fixture, ExportOpenApi(LoadFixture(fixture), {}));
    fs::path out = dir.path() / fixture / "Api.cs";
    auto r = RunCommand(
        {*NodeTool("quicktype"), "--src-lang", "schema", "--lang", "csharp", "-o", out.string(),
         (dir.path() / fixture / "openapi/openapi.json").string() + "#/components/schemas/"},
        dir.path());
    ASSERT_EQ(r.exit_code, 0) << Show(r);
  }
}

// The JSON Schema's root is the database: one quicktype command, no fragment, gives every
// table's type and the enums under their stable names.
TEST(Toolchain, QuicktypeGeneratesEveryTableFromTheSchemaRoot) {
  ALAB_REQUIRE_TOOL(NodeReady() && NodeTool("quicktype"),
                    "quicktype (npm ci --prefix tests/toolchains)");
  TempDir dir;
  auto schema = LoadFixture("demo");
  testutil::WriteFiles(dir.path(), ExportJsonSchema(schema, {}));
  fs::path out = dir.path() / "Models.ts";
  auto r = RunCommand({*NodeTool("quicktype"), "-s", "schema", "-l", "typescript", "--just-types",
                       "-o", out.string(), (dir.path() / "jsonschema/schema.json").string()},
                      dir.path());
  ASSERT_EQ(r.exit_code, 0) << Show(r);
  std::string code = testing::ReadText(out);
  TypeNames names(schema);
  for (const auto& t : schema.tables) {
    EXPECT_NE(code.find("interface " + names.Table(t) + " "), std::string::npos)
        << names.Table(t) << "\n"
        << code;
    for (const auto& c : t.columns) {
      if (c.type != schema::Type::kEnum) continue;
      EXPECT_NE(code.find("enum " + names.Enum(t, c) + " "), std::string::npos)
          << names.Enum(t, c) << "\n"
          << code;
    }
  }
}

TEST(Toolchain, TypeScriptCompilesStrict) {
  ALAB_REQUIRE_TOOL(NodeReady(), "tsc (npm ci --prefix tests/toolchains)");
  TempDir dir;
  std::vector<std::string> argv{*NodeTool("tsc"), "--strict", "--noEmit", "--noUnusedLocals",
                                "--target",       "es2020",   "--module", "commonjs"};
  auto dumps = testutil::DumpRoundTripRows();
  for (const auto& fixture : testutil::kToolchainFixtures) {
    auto schema = LoadFixture(fixture);
    testutil::WriteFiles(dir.path() / fixture, ExportTypeScript(schema, {}));
    Options per_ns;
    per_ns.per_namespace = true;
    testutil::WriteFiles(dir.path() / (fixture + "_ns"), ExportTypeScript(schema, per_ns));
    // Sample rows and insert shapes must be accepted by the generated types.
    TypeNames names(schema);
    json rows = testutil::SampleRows(schema), inserts = testutil::SampleInserts(schema);
    std::string check = "import type * as db from \"./" + fixture + "/ts/types\";\n\n";
    for (const auto& t : schema.tables) {
      const std::string& n = names.Table(t);
      check += fmt::format("export const {}Rows: db.{}[] = {};\n", n, n, rows[n].dump());
      check += fmt::format("export const {}New: db.{}Insert = {};\n", n, n, inserts[n].dump());
      check +=
          fmt::format("export const {}Table: db.TableName = {};\n", n, json(t.SqlName()).dump());
      // What the databases gave, through `alab dump --format json`.
      if (fixture == "dump")
        for (const auto& d : dumps)
          check += fmt::format("export const {}Dumped_{}: db.{}[] = {};\n", n, d.dialect, n,
                               d.rows[n].dump());
    }
    WriteText(dir.path() / ("check_" + fixture + ".ts"), check);
    argv.push_back((dir.path() / ("check_" + fixture + ".ts")).string());
    for (const auto& f : ExportTypeScript(schema, per_ns))
      argv.push_back((dir.path() / (fixture + "_ns") / f.path).string());
  }
  auto r = RunCommand(argv, dir.path());
  EXPECT_EQ(r.exit_code, 0) << Show(r);
}

// `--validator`: the generated isX/parseX accept every sample row (the wire format) and reject
// what the databases give without it: a decimal or bigint as a number, a boolean as 0/1,
// SQLite's "YYYY-MM-DD HH:MM:SS", PostgreSQL's hex bytea, a 64-bit value in an integer column,
// an unknown key, a missing key, and a _type naming another table.
TEST(Toolchain, TypeScriptValidatorChecksTheWireFormat) {
  ALAB_REQUIRE_TOOL(NodeReady(), "tsc (npm ci --prefix tests/toolchains)");
  TempDir dir;
  Options o;
  o.ts_validator = true;
  std::string runner =
      "\"use strict\";\nconst problems = [];\nfunction expect(ok, what) { if (!ok) "
      "problems.push(what); }\n";
  std::vector<std::string> argv{*NodeTool("tsc"), "--strict", "--noUnusedLocals",
                                "--target",       "es2020",   "--module",
                                "commonjs",       "--outDir", (dir / "js").string()};
  int mutations = 0;
  auto dumps = testutil::DumpRoundTripRows();
  for (const auto& fixture : testutil::kToolchainFixtures) {
    auto schema = LoadFixture(fixture);
    testutil::WriteFiles(dir.path() / fixture, ExportTypeScript(schema, o));
    argv.push_back((dir.path() / fixture / "ts/types.ts").string());
    TypeNames names(schema);
    json rows = testutil::SampleRows(schema);
    runner += fmt::format("{{\nconst m = require(\"./js/{}/ts/types.js\");\n", fixture);
    for (const auto& t : schema.tables) {
      const std::string& n = names.Table(t);
      for (const auto& row : rows[n]) {
        runner += fmt::format(
            "expect(m.is{0}({1}), \"{2}: valid row rejected: \" + "
            "JSON.stringify(m.validate{0}({1})));\n",
            n, row.dump(), fixture);
        json bad = row;
        for (const auto& c : t.columns) {
          std::vector<json> wrong;
          switch (c.type) {
            case schema::Type::kDecimal:
              wrong = {json(1234.5), json("1e3")};
              break;
            case schema::Type::kBoolean:
              wrong = {json(1), json(0)};
              break;
            case schema::Type::kDatetime:
              wrong = {json("2026-12-02 06:09:42"), json("2026-12-02T06:09:42+01:00")};
              break;
            case schema::Type::kBase64:
              wrong = {json("\\x8950")};
              break;
            case schema::Type::kInteger:
              wrong = {json(3000000000LL), json(1.5), json("7")};
              break;
            case schema::Type::kBigint:
              wrong = {json(3000000000LL),
                       json("9223372036854775808"),
                       json("-9223372036854775809"),
                       json("007"),
                       json("-0"),
                       json("1.5")};
              break;
            case schema::Type::kUuid:
              wrong = {json("3F1C2A4E-8B7D-4C6E-9F0A-1B2C3D4E5F60")};
              break;
            case schema::Type::kEnum:
              wrong = {json("not-a-value")};
              break;
            default:
              break;
          }
          if (!PolymorphicTypeValues(schema, t, c).empty()) wrong = {json("auth_user_nope")};
          if (!c.nullable) wrong.push_back(nullptr);
          for (const auto& w : wrong) {
            json b = row;
            b[c.name] = w;
            ++mutations;
            runner += fmt::format(
                "expect(m.validate{0}({1}).some((p) => p.startsWith({2})), \"{3}: accepted \" + "
                "{4});\n",
                n, b.dump(), json(c.name + ":").dump(), fixture,
                json(n + "." + c.name + " = " + w.dump()).dump());
          }
        }
        bad["no_such_column"] = 1;
        runner += fmt::format("expect(!m.is{0}({1}), \"{2}: unknown key accepted\");\n", n,
                              bad.dump(), fixture);
        json missing = row;
        missing.erase(missing.begin());
        runner += fmt::format("expect(!m.is{0}({1}), \"{2}: missing key accepted\");\n", n,
                              missing.dump(), fixture);
        runner += fmt::format(
            "try {{ m.parse{0}(42); problems.push(\"parse accepted 42\"); }} catch (e) {{ "
            "expect(e instanceof TypeError, \"parse threw \" + e); }}\n",
            n);
      }
    }
    // The rows the databases gave: each accepted, and parseX returns it unchanged.
    if (fixture == "dump")
      for (const auto& d : dumps)
        for (const auto& t : schema.tables) {
          const std::string& n = names.Table(t);
          for (const auto& row : d.rows[n])
            runner += fmt::format(
                "{{ const row = {1}; expect(m.is{0}(row), \"{2} dump: row rejected: \" + "
                "JSON.stringify(m.validate{0}(row)));\n"
                "  expect(JSON.stringify(m.parse{0}(row)) === JSON.stringify({1}), \"{2} dump: "
                "parse changed a row\"); }}\n",
                n, row.dump(), d.dialect);
        }
    runner += "}\n";
  }
  EXPECT_GT(mutations, 50);
  runner += "for (const p of problems) console.error(p);\nprocess.exit(problems.length ? 1 : 0);\n";
  auto tsc = RunCommand(argv, dir.path());
  ASSERT_EQ(tsc.exit_code, 0) << Show(tsc);
  WriteText(dir / "run.js", runner);
  auto r = RunCommand({*FindTool("node"), (dir / "run.js").string()}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << Show(r);
}

// Go: `go vet` on one module holding a package per fixture, then a program that decodes the
// sample rows into the generated structs and encodes them again.
TEST(Toolchain, GoVetAndJsonRoundTrip) {
  auto go = FindTool("go", {"/usr/lib/go/bin"});
  ALAB_REQUIRE_TOOL(go, "go (Debian golang-go)");
  TempDir dir;
  auto dumps = testutil::DumpRoundTripRows();
  std::map<std::string, std::vector<fs::path>> rows_files;
  WriteText(dir / "go.mod", "module alabexport\n\ngo 1.19\n");
  std::string main = "package main\n\nimport (\n\t\"bytes\"\n\t\"encoding/json\"\n\t\"os\"\n\n";
  std::string table = "var types = map[string]map[string]func(json.RawMessage) (any, error){\n";
  for (const auto& fixture : testutil::kToolchainFixtures) {
    auto schema = LoadFixture(fixture);
    Options o;
    o.go_package = fixture;
    for (auto& f : ExportGo(schema, o)) WriteText(dir.path() / fixture / "models.go", f.content);
    Options per_ns;
    per_ns.per_namespace = true;
    testutil::WriteFiles(dir.path() / (fixture + "_ns"), ExportGo(schema, per_ns));
    main += fmt::format("\t\"alabexport/{}\"\n", fixture);
    table += fmt::format("\t\"{}\": {{\n", fixture);
    TypeNames names(schema);
    for (const auto& t : schema.tables)
      table += fmt::format("\t\t\"{}\": rt[{}.{}],\n", names.Table(t), fixture, names.Table(t));
    table += "\t},\n";
    rows_files[fixture] = testutil::WriteRowsFiles(dir.path(), fixture, dumps);
  }
  main += ")\n\n" + table + "}\n\n";
  main += R"(func rt[T any](raw json.RawMessage) (any, error) {
	var v T
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

func main() {
	pkg, in, out := os.Args[1], os.Args[2], os.Args[3]
	data, err := os.ReadFile(in)
	if err != nil {
		panic(err)
	}
	var rows map[string][]json.RawMessage
	if err := json.Unmarshal(data, &rows); err != nil {
		panic(err)
	}
	result := map[string][]any{}
	for name, list := range rows {
		for _, raw := range list {
			v, err := types[pkg][name](raw)
			if err != nil {
				panic(name + ": " + err.Error())
			}
			result[name] = append(result[name], v)
		}
	}
	encoded, err := json.MarshalIndent(result, "", " ")
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile(out, encoded, 0o644); err != nil {
		panic(err)
	}
}
)";
  WriteText(dir / "cmd/rt/main.go", main);
  std::vector<std::string> env{"GOFLAGS=-mod=mod",
                               "GOPROXY=off",
                               "GO111MODULE=on",
                               "GOTOOLCHAIN=local",
                               "GOCACHE=" + (dir / ".gocache").string(),
                               "GOPATH=" + (dir / ".gopath").string()};
  if (const char* cache = std::getenv("ALAB_GOCACHE")) env[4] = std::string("GOCACHE=") + cache;
  auto vet = RunCommand({*go, "vet", "./..."}, dir.path(), env);
  ASSERT_EQ(vet.exit_code, 0) << Show(vet);
  // Generated Go is already gofmt-formatted (gofmt -l lists files it would change).
  if (auto gofmt = FindTool("gofmt", {"/usr/lib/go/bin"})) {
    std::vector<std::string> argv{*gofmt, "-l"};
    for (const auto& fixture : testutil::kToolchainFixtures) {
      argv.push_back(fixture);
      argv.push_back(fixture + "_ns");
    }
    auto fmt_check = RunCommand(argv, dir.path(), env);
    EXPECT_EQ(fmt_check.exit_code, 0) << Show(fmt_check);
    EXPECT_EQ(fmt_check.out, "") << "not gofmt-formatted:\n" << fmt_check.out;
  }
  auto build = RunCommand({*go, "build", "-o", (dir / "rt").string(), "./cmd/rt"}, dir.path(), env);
  ASSERT_EQ(build.exit_code, 0) << Show(build);
  // Every rows file (the sample rows; for "dump" also what each database gave) decodes, and
  // encodes again to the same values.
  for (const auto& [fixture, files] : rows_files)
    for (const auto& in : files) {
      fs::path out = dir / ("out-go-" + in.filename().string());
      auto r = RunCommand({(dir / "rt").string(), fixture, in.string(), out.string()}, dir.path());
      ASSERT_EQ(r.exit_code, 0) << in << "\n" << Show(r);
      ExpectRowsValid(dir.path(), fixture, {in, out});
      EXPECT_EQ(json::parse(testing::ReadText(out)), json::parse(testing::ReadText(in))) << in;
    }
}

}  // namespace
}  // namespace alab::exports
