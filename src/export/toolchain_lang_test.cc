// Rust and Python exports proven by their toolchains: `cargo build` offline against Debian's
// packaged crates (one project for every file, warnings are failures), `mypy --strict` and a
// JSON round trip through the dataclass and pydantic variants.
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
using testutil::RunCommand;
using testutil::ScriptPath;
using testutil::Show;
using testutil::WriteText;

namespace fs = std::filesystem;

constexpr const char* kDebianCrates = "/usr/share/cargo/registry";

std::optional<std::string> Cargo() {
  const char* home = std::getenv("HOME");
  std::vector<std::string> extra{"/root/.cargo/bin"};
  if (home) extra.insert(extra.begin(), std::string(home) + "/.cargo/bin");
  auto cargo = FindTool("cargo", extra);
  if (!cargo || !fs::exists(kDebianCrates)) return std::nullopt;
  return cargo;
}

TEST(Toolchain, RustBuildsOfflineWithoutWarningsAndRoundTrips) {
  auto cargo = Cargo();
  ALAB_REQUIRE_TOOL(
      cargo,
      "cargo + Debian crates (librust-serde-dev, librust-chrono-dev, librust-uuid-dev, ...)");
  TempDir dir;
  fs::path home = dir / "cargo-home";
  WriteText(home / "config.toml", testing::ReadText(ScriptPath("cargo-config.toml")));
  WriteText(dir / "Cargo.toml", R"([package]
name = "alab_export_check"
version = "0.1.0"
edition = "2021"

[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
uuid = { version = "1", features = ["serde"] }
)");
  std::string lib = "#![deny(warnings)]\n";
  std::string arms;
  auto dumps = testutil::DumpRoundTripRows();
  std::map<std::string, std::vector<fs::path>> rows_files;
  for (const auto& fixture : testutil::kToolchainFixtures) {
    auto schema = LoadFixture(fixture);
    WriteText(dir / "src" / (fixture + ".rs"), ExportRust(schema, {})[0].content);
    Options per_ns;
    per_ns.per_namespace = true;
    for (const auto& f : ExportRust(schema, per_ns))
      WriteText(dir / "src" / (fixture + "_ns") / fs::path(f.path).filename(), f.content);
    lib += fmt::format("pub mod {};\npub mod {}_ns;\n", fixture, fixture);
    TypeNames names(schema);
    for (const auto& t : schema.tables)
      arms += fmt::format("        (\"{}\", \"{}\") => rt::<alab_export_check::{}::{}>(v),\n",
                          fixture, names.Table(t), fixture, names.Table(t));
    rows_files[fixture] = testutil::WriteRowsFiles(dir.path(), fixture, dumps);
  }
  WriteText(dir / "src/lib.rs", lib);
  WriteText(dir / "src/main.rs", R"(use std::collections::BTreeMap;

fn rt<T: serde::de::DeserializeOwned + serde::Serialize>(v: serde_json::Value) -> Result<serde_json::Value, String> {
    let t: T = serde_json::from_value(v).map_err(|e| e.to_string())?;
    serde_json::to_value(&t).map_err(|e| e.to_string())
}

fn convert(pkg: &str, name: &str, v: serde_json::Value) -> Result<serde_json::Value, String> {
    match (pkg, name) {
)" + arms + R"(        _ => Err(format!("unknown type {}", name)),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[2]).expect("read rows");
    let rows: BTreeMap<String, Vec<serde_json::Value>> = serde_json::from_str(&text).expect("parse rows");
    let mut out: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    for (name, list) in rows {
        for v in list {
            let r = convert(&args[1], &name, v).unwrap_or_else(|e| panic!("{}: {}", name, e));
            out.entry(name.clone()).or_default().push(r);
        }
    }
    std::fs::write(&args[3], serde_json::to_string_pretty(&out).unwrap()).expect("write");
}
)");
  std::vector<std::string> env{"CARGO_HOME=" + home.string(),
                               "CARGO_TARGET_DIR=" + (dir / "target").string(),
                               "CARGO_NET_OFFLINE=true", "CARGO_TERM_COLOR=never"};
  auto build = RunCommand({*cargo, "build", "--offline", "--quiet"}, dir.path(), env);
  ASSERT_EQ(build.exit_code, 0) << Show(build);
  EXPECT_EQ(build.err.find("warning"), std::string::npos) << build.err;
  for (const auto& [fixture, files] : rows_files)
    for (const auto& in : files) {
      fs::path out = dir / ("out-rust-" + in.filename().string());
      auto r = RunCommand(
          {(dir / "target/debug/alab_export_check").string(), fixture, in.string(), out.string()},
          dir.path());
      ASSERT_EQ(r.exit_code, 0) << in << "\n" << Show(r);
      ExpectRowsValid(dir.path(), fixture, {in, out});
      // Decoded and encoded again, every value is the one that went in (base64 bytes included).
      EXPECT_EQ(json::parse(testing::ReadText(out)), json::parse(testing::ReadText(in))) << in;
    }
}

// The generated base64 module decodes standard padded base64 to the bytes (0x00 included) and
// back, and refuses PostgreSQL's hex text and unpadded input.
TEST(Toolchain, RustBase64ModuleDecodesTheWireFormat) {
  auto cargo = Cargo();
  ALAB_REQUIRE_TOOL(cargo, "cargo + Debian crates (librust-serde-dev, librust-serde-json-dev)");
  TempDir dir;
  fs::path home = dir / "cargo-home";
  WriteText(home / "config.toml", testing::ReadText(ScriptPath("cargo-config.toml")));
  WriteText(
      dir / "Cargo.toml",
      "[package]\nname = \"b64check\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n"
      "serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n"
      "chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }\n"
      "uuid = { version = \"1\", features = [\"serde\"] }\n");
  WriteText(dir / "src/models.rs", ExportRust(LoadFixture("everything"), {})[0].content);
  WriteText(dir / "src/main.rs", R"(#![deny(warnings)]
#[allow(dead_code)]
mod models;

fn main() {
    let mut row: serde_json::Value = serde_json::from_str(&std::env::args().nth(1).unwrap()).unwrap();
    for (text, bytes) in [("AP8AAQ==", vec![0u8, 255, 0, 1]), ("AA==", vec![0u8]), ("AAA=", vec![0u8, 0]), ("", vec![])] {
        row["a_base64"] = serde_json::Value::String(text.to_string());
        let sink: models::KitchenSink = serde_json::from_value(row.clone()).expect(text);
        assert_eq!(sink.a_base64, Some(bytes), "{}", text);
        assert_eq!(serde_json::to_value(&sink).unwrap()["a_base64"], serde_json::Value::String(text.to_string()));
    }
    for bad in ["\\x00ff", "AA", "AA=A", "A===", "AP8AAQ=="] {
        row["a_base64"] = serde_json::Value::String(if bad == "AP8AAQ==" { "AP8A AQ=".to_string() } else { bad.to_string() });
        assert!(serde_json::from_value::<models::KitchenSink>(row.clone()).is_err(), "accepted {}", bad);
    }
    println!("ok");
}
)");
  json row = testutil::SampleRows(LoadFixture("everything"))["KitchenSink"][0];
  std::vector<std::string> env{"CARGO_HOME=" + home.string(),
                               "CARGO_TARGET_DIR=" + (dir / "target").string(),
                               "CARGO_NET_OFFLINE=true", "CARGO_TERM_COLOR=never"};
  auto build = RunCommand({*cargo, "build", "--offline", "--quiet"}, dir.path(), env);
  ASSERT_EQ(build.exit_code, 0) << Show(build);
  auto r = RunCommand({(dir / "target/debug/b64check").string(), row.dump()}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << Show(r);
  EXPECT_EQ(r.out, "ok\n");
}

bool PythonReady() {
  if (!fs::exists("/usr/bin/python3")) return false;
  auto r = RunCommand({"/usr/bin/python3", "-c", "import mypy, pydantic"}, fs::current_path());
  return r.exit_code == 0;
}

TEST(Toolchain, PythonMypyStrictImportAndRoundTrip) {
  ALAB_REQUIRE_TOOL(PythonReady(), "/usr/bin/python3 with python3-mypy and python3-pydantic");
  TempDir dir;
  std::vector<std::string> mypy{"/usr/bin/python3",
                                "-m",
                                "mypy",
                                "--strict",
                                "--no-error-summary",
                                "--cache-dir",
                                (dir / ".mypy_cache").string()};
  struct Module {
    std::string fixture, style, name;
  };
  std::vector<Module> modules;
  auto dumps = testutil::DumpRoundTripRows();
  std::map<std::string, std::vector<fs::path>> rows_files;
  for (const auto& fixture : testutil::kToolchainFixtures) {
    auto schema = LoadFixture(fixture);
    rows_files[fixture] = testutil::WriteRowsFiles(dir.path(), fixture, dumps);
    for (auto style : {PythonStyle::kDataclass, PythonStyle::kPydantic}) {
      Options o;
      o.python_style = style;
      std::string style_name = style == PythonStyle::kPydantic ? "pydantic" : "dataclass";
      std::string name = fixture + "_" + style_name;
      WriteText(dir / (name + ".py"), ExportPython(schema, o)[0].content);
      mypy.push_back((dir / (name + ".py")).string());
      modules.push_back({fixture, style_name, name});
      o.per_namespace = true;
      for (const auto& f : ExportPython(schema, o)) {
        fs::path p = dir / (name + "_ns") / fs::path(f.path).filename();
        WriteText(p, f.content);
        mypy.push_back(p.string());
      }
    }
  }
  // Per-namespace modules share names across fixtures; check them as separate packages.
  for (const auto& m : modules) WriteText(dir / (m.name + "_ns") / "__init__.py", "");
  auto r = RunCommand(mypy, dir.path(), {"MYPYPATH=" + dir.path().string()});
  EXPECT_EQ(r.exit_code, 0) << Show(r);
  for (const auto& m : modules)
    for (const auto& in : rows_files[m.fixture]) {
      fs::path out = dir / ("out-" + m.name + "-" + in.filename().string());
      auto rt = RunCommand({"/usr/bin/python3", ScriptPath("roundtrip.py"), m.style,
                            dir.path().string(), m.name, in.string(), out.string()},
                           dir.path());
      ASSERT_EQ(rt.exit_code, 0) << m.name << " " << in << "\n" << Show(rt);
      ExpectRowsValid(dir.path(), m.fixture, {in, out});
      EXPECT_EQ(json::parse(testing::ReadText(out)), json::parse(testing::ReadText(in)))
          << m.name << " " << in;
    }
}

TEST(Toolchain, PydanticEnforcesColumnConstraints) {
  ALAB_REQUIRE_TOOL(PythonReady(), "/usr/bin/python3 with python3-pydantic");
  TempDir dir;
  Options o;
  o.python_style = PythonStyle::kPydantic;
  auto schema = LoadFixture("demo");
  WriteText(dir / "demo_models.py", ExportPython(schema, o)[0].content);
  json row = testutil::SampleRows(schema)["AuthUser"][0];
  row["username"] = "No Spaces Allowed";
  WriteText(dir / "row.json", row.dump());
  std::string script =
      "import json, sys\nsys.path.insert(0, '.')\nimport demo_models\nimport pydantic\n"
      "try:\n    demo_models.AuthUser.parse_obj(json.load(open('row.json')))\n"
      "except pydantic.ValidationError as e:\n    print('rejected', e.errors()[0]['loc'])\n    "
      "sys.exit(0)\n"
      "sys.exit(3)\n";
  auto r = RunCommand({"/usr/bin/python3", "-c", script}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << Show(r);
  EXPECT_NE(r.out.find("username"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace alab::exports
