#include "codegen/op_writer.h"

#include <set>

#include "codegen/column_writer.h"
#include "schema/dsl_names.h"

namespace alab::codegen {

namespace {

CallExpr M(const std::string& name, std::vector<Arg> args) {
  return CallExpr{"m." + name, std::move(args)};
}

void CreateIndex(const std::string& table, const schema::Index& index, CodeWriter& w) {
  std::vector<Arg> args{Arg::Str(table), Arg::Strings(index.columns)};
  std::vector<std::pair<std::string, std::string>> opts;
  if (index.unique) opts.emplace_back("unique", "true");
  if (index.name != schema::IndexName(schema::SqlNameOfRef(table), index.columns, index.unique))
    opts.emplace_back("name", JsString(index.name));
  if (!index.where.empty()) opts.emplace_back("where", JsString(index.where));
  if (index.constraint) opts.emplace_back("constraint", "true");
  if (!index.native.empty()) opts.emplace_back("native", NativeTypeArg(index.native).Inline());
  if (!opts.empty()) args.push_back(Arg::Object(std::move(opts)));
  w.Statement({M("create_index", std::move(args))});
}

void AddForeignKey(const std::string& table, const schema::ForeignKey& fk, CodeWriter& w) {
  std::vector<Arg> args{Arg::Str(table), Arg::Strings(fk.columns), Arg::Str(fk.ref_table),
                        Arg::Strings(fk.ref_columns)};
  std::vector<std::pair<std::string, std::string>> opts;
  if (fk.name != schema::ForeignKeyName(schema::SqlNameOfRef(table), fk.columns))
    opts.emplace_back("name", JsString(fk.name));
  if (fk.on_delete != schema::FkAction::kNoAction)
    opts.emplace_back("on_delete", JsString(FkActionText(fk.on_delete)));
  if (fk.on_update != schema::FkAction::kNoAction)
    opts.emplace_back("on_update", JsString(FkActionText(fk.on_update)));
  if (fk.deferral != schema::FkDeferral::kNot)
    opts.emplace_back("deferrable", JsString(schema::FkDeferralName(fk.deferral)));
  if (!opts.empty()) args.push_back(Arg::Object(std::move(opts)));
  w.Statement({M("add_foreign_key", std::move(args))});
}

void AddCheck(const std::string& table, const schema::Check& check, CodeWriter& w) {
  w.Statement({M("add_check", {Arg::Str(table), Arg::Str(check.name), Arg::Str(check.expr)})});
}

// A block `callee(args, (t) => {` ... `});` with one t.* statement per line.
void ColumnsBlock(const std::string& callee, const std::string& table,
                  const std::vector<std::vector<CallExpr>>& statements, CodeWriter& w) {
  w.Line("m." + callee + "(" + JsString(table) + ", (t) => {");
  w.Indent();
  for (const auto& s : statements) w.Statement(s);
  w.Dedent();
  w.Line("});");
}

// m.sql argument: one text for every key, a text for one key (postgres(...), sqlite(...)), or
// sql({...}).
std::string SqlArg(const schema::SqlTexts& texts) {
  if (texts.empty()) return JsString("");
  if (texts.size() == 1) return texts.begin()->first + "(" + JsString(texts.begin()->second) + ")";
  const std::vector<std::string>& keys = schema::SqlTextKeys();
  bool same = texts.size() == keys.size();
  for (const auto& [key, text] : texts) same = same && text == texts.begin()->second;
  if (same) return JsString(texts.begin()->second);
  std::vector<std::pair<std::string, std::string>> entries;
  for (const std::string& key : keys)
    if (auto it = texts.find(key); it != texts.end())
      entries.emplace_back(key, JsString(it->second));
  return "sql(" + InlineObject(entries) + ")";
}

struct Writer {
  bool first;
  CodeWriter& w;

  void operator()(const ops::CreateTable& o) const {
    const schema::Table& t = o.table;
    const std::string ref = t.Ref();
    if (!first) w.Line("");
    w.Line("// Table: " + ref);
    std::set<std::string> belongs_to;
    ColumnsBlock("create_table", ref, TableColumnStatements(t, &belongs_to), w);
    for (const auto& i : t.indexes) {
      w.Line("// Index: " + ref);
      CreateIndex(ref, i, w);
    }
    for (const auto& fk : t.foreign_keys)
      if (!belongs_to.count(fk.name)) AddForeignKey(ref, fk, w);
    for (const auto& c : t.checks) AddCheck(ref, c, w);
  }
  void operator()(const ops::DropTable& o) const {
    w.Statement({M("drop_table", {Arg::Str(o.table.Ref())})});
  }
  void operator()(const ops::RenameTable& o) const {
    auto [from_ns, from_name] = schema::SplitRef(o.from);
    auto [to_ns, to_name] = schema::SplitRef(o.to);
    w.Statement(
        {M("rename_table", {Arg::Str(o.from), Arg::Str(from_ns == to_ns ? to_name : o.to)})});
  }
  void operator()(const ops::AddColumn& o) const {
    ColumnsBlock("add_column", o.table, {ColumnStatement(o.column)}, w);
  }
  void operator()(const ops::DropColumn& o) const {
    w.Statement({M("drop_column", {Arg::Str(o.table), Arg::Str(o.column.name)})});
  }
  void operator()(const ops::RenameColumn& o) const {
    w.Statement({M("rename_column", {Arg::Str(o.table), Arg::Str(o.from), Arg::Str(o.to)})});
  }
  void operator()(const ops::AlterColumn& o) const {
    std::vector<CallExpr> chain = AlterChain(o.from, o.to);
    if (chain.empty()) return;  // nothing the database sees
    std::string head =
        "m.alter_column(" + JsString(o.table) + ", " + JsString(o.from.name) + ", (c) =>";
    std::string one;
    for (const auto& c : chain) one += c.Inline();
    if (w.Fits(head + " " + one + ");")) {
      w.Line(head + " " + one + ");");
      return;
    }
    w.Line(head);
    w.Indent();
    w.Statement(chain, ",", /*merge_head=*/false);
    w.Dedent();
    w.Line(");");
  }
  void operator()(const ops::CreateIndex& o) const {
    w.Line("// Index: " + o.table);
    CreateIndex(o.table, o.index, w);
  }
  void operator()(const ops::DropIndex& o) const {
    w.Statement({M("drop_index", {Arg::Str(o.index.name)})});
  }
  void operator()(const ops::AddForeignKey& o) const { AddForeignKey(o.table, o.fk, w); }
  void operator()(const ops::DropForeignKey& o) const {
    w.Statement({M("drop_foreign_key", {Arg::Str(o.table), Arg::Str(o.fk.name)})});
  }
  void operator()(const ops::AddCheck& o) const { AddCheck(o.table, o.check, w); }
  void operator()(const ops::DropCheck& o) const {
    w.Statement({M("drop_check", {Arg::Str(o.table), Arg::Str(o.check.name)})});
  }
  void operator()(const ops::RawSql& o) const {
    std::vector<Arg> args{Arg::Text(SqlArg(o.up))};
    if (!o.down.empty()) args.push_back(Arg::Text(SqlArg(o.down)));
    w.Statement({M("sql", std::move(args))});
  }
};

}  // namespace

void WriteOp(const ops::Op& op, bool first, CodeWriter& w) { std::visit(Writer{first, w}, op); }

}  // namespace alab::codegen
