// One table's section of the docs page: heading, docs, deprecation, columns with their type
// and constraints, indexes, foreign keys, checks, polymorphic references and export metadata.
#include <fmt/format.h>

#include "base/strings.h"
#include "docs/page.h"
#include "docs/text.h"
#include "schema/type_text.h"

namespace alab::docs {

namespace {

using schema::Column;
using schema::Table;

std::string Code(const std::string& s) { return "<code>" + HtmlEscape(s) + "</code>"; }

std::string TableLink(const schema::Schema& schema, const std::string& ref) {
  const Table* t = schema.Find(ref);
  if (t == nullptr) return Code(ref);
  return fmt::format("<a href=\"#table-{}\">{}</a>", HtmlEscape(t->SqlName()), Code(t->Ref()));
}

std::string Badge(const std::string& cls, const std::string& text) {
  return fmt::format("<span class=\"badge {}\">{}</span>", cls, HtmlEscape(text));
}

std::string Deprecation(const std::optional<std::string>& reason) {
  return "<strong>Deprecated</strong>" +
         (reason->empty() ? std::string() : ": " + HtmlEscape(*reason));
}

// The constraints column of one column row.
std::string Constraints(const schema::Schema& schema, const Table& t, const Column& c) {
  std::vector<std::string> parts;
  if (c.primary_key) parts.push_back(Badge("pk", "primary key"));
  parts.push_back(c.nullable ? Badge("null", "nullable") : Badge("notnull", "not null"));
  if (c.unique) parts.push_back(Badge("uq", "unique"));
  for (const auto& fk : t.foreign_keys) {
    for (size_t i = 0; i < fk.columns.size(); ++i) {
      if (fk.columns[i] != c.name) continue;
      std::string target = TableLink(schema, fk.ref_table);
      if (i < fk.ref_columns.size()) target += "." + Code(fk.ref_columns[i]);
      std::string actions;
      if (fk.on_delete != schema::FkAction::kNoAction)
        actions += std::string(" on delete ") + schema::FkActionSql(fk.on_delete);
      if (fk.on_update != schema::FkAction::kNoAction)
        actions += std::string(" on update ") + schema::FkActionSql(fk.on_update);
      parts.push_back("<span class=\"fk\">references " + target + HtmlEscape(ToLower(actions)) +
                      "</span>");
    }
  }
  if (c.default_value) parts.push_back("default " + Code(ValueText(*c.default_value)));
  if (c.type == schema::Type::kEnum) {
    std::vector<std::string> values;
    for (const auto& v : c.enum_values) values.push_back(Code(v));
    parts.push_back("one of " + Join(values, ", "));
  }
  if (c.min) parts.push_back("min " + Code(FormatNumber(*c.min)));
  if (c.max) parts.push_back("max " + Code(FormatNumber(*c.max)));
  if (!c.pattern.empty()) parts.push_back("pattern " + Code(c.pattern));
  if (!c.format.empty()) parts.push_back("format " + Code(c.format));
  if (!c.check.empty()) parts.push_back("check " + Code(c.check));
  if (c.computed)
    parts.push_back(
        std::string(c.computed->stored ? "generated (stored) " : "generated (virtual) ") +
        Code(ExprText(c.computed->expr)));
  if (c.read_only) parts.push_back(Badge("meta", "read-only"));
  if (c.write_only) parts.push_back(Badge("meta", "write-only"));
  return Join(parts, " ");
}

std::string ColumnRow(const schema::Schema& schema, const Table& t, const Column& c) {
  std::string out = fmt::format("<tr id=\"col-{}-{}\"{}>", HtmlEscape(t.SqlName()),
                                HtmlEscape(c.name), c.deprecated ? " class=\"deprecated\"" : "");
  out += "<td class=\"name\">" + Code(c.name) + "</td>";
  std::string type = Code(schema::TypeText(c, schema::EnumValues::kOmit));
  if (!c.semantic.empty())
    type += " <span class=\"semantic\">" + HtmlEscape(c.semantic) + "</span>";
  out += "<td class=\"type\">" + type + "</td>";
  out += "<td class=\"constraints\">" + Constraints(schema, t, c) + "</td>";
  std::string docs = HtmlEscape(c.docs);
  if (c.deprecated)
    docs = "<span class=\"dep-note\">" + Deprecation(c.deprecated) + "</span>" +
           (docs.empty() ? "" : " " + docs);
  out += "<td class=\"docs\">" + docs + "</td></tr>\n";
  return out;
}

std::string CodeList(const std::vector<std::string>& names) {
  std::vector<std::string> parts;
  for (const auto& n : names) parts.push_back(Code(n));
  return Join(parts, ", ");
}

void Indexes(const Table& t, std::string& out) {
  if (t.indexes.empty()) return;
  out += "<h4>Indexes</h4>\n<ul class=\"indexes\">\n";
  for (const auto& i : t.indexes) {
    out += "<li>" + Code(i.name) + " on (" + CodeList(i.columns) + ")";
    if (i.unique) out += " " + Badge("uq", "unique");
    if (!i.where.empty()) out += " where " + Code(i.where);
    out += "</li>\n";
  }
  out += "</ul>\n";
}

void ForeignKeys(const schema::Schema& schema, const Table& t, std::string& out) {
  if (t.foreign_keys.empty() && t.polymorphic.empty()) return;
  out += "<h4>References</h4>\n<ul class=\"fks\">\n";
  for (const auto& fk : t.foreign_keys) {
    out += "<li>" + Code(fk.name) + ": (" + CodeList(fk.columns) + ") &rarr; " +
           TableLink(schema, fk.ref_table) + " (" + CodeList(fk.ref_columns) + ")";
    out += HtmlEscape(fmt::format(", on delete {}, on update {}",
                                  ToLower(schema::FkActionSql(fk.on_delete)),
                                  ToLower(schema::FkActionSql(fk.on_update))));
    out += "</li>\n";
  }
  for (const auto& p : t.polymorphic) {
    std::vector<std::string> targets;
    for (const auto& r : p.refs) {
      auto [ns, name] = schema::SplitRef(r, t.ns);
      targets.push_back(TableLink(schema, ns.empty() ? name : ns + "." + name));
    }
    out += "<li>polymorphic " + Code(p.as) + ": (" + Code(p.as + "_type") + ", " +
           Code(p.as + "_id") + ") &rarr; one of " + Join(targets, ", ") + "</li>\n";
  }
  out += "</ul>\n";
}

void Checks(const Table& t, std::string& out) {
  if (t.checks.empty()) return;
  out += "<h4>Checks</h4>\n<ul class=\"checks\">\n";
  for (const auto& c : t.checks) out += "<li>" + Code(c.name) + ": " + Code(c.expr) + "</li>\n";
  out += "</ul>\n";
}

void Metadata(const Table& t, std::string& out) {
  std::vector<std::string> parts;
  if (!t.sort_by.empty()) parts.push_back("sorted by " + CodeList(t.sort_by));
  if (!t.searchable.empty()) parts.push_back("searchable: " + CodeList(t.searchable));
  if (!t.filterable.empty()) parts.push_back("filterable: " + CodeList(t.filterable));
  if (!t.meta.empty()) parts.push_back("meta " + Code(t.meta.dump()));
  if (parts.empty()) return;
  out += "<p class=\"meta\">" + Join(parts, " &middot; ") + "</p>\n";
}

}  // namespace

std::string RenderTableSection(const schema::Schema& schema, const Table& t) {
  std::string out =
      fmt::format("<section class=\"table{}\" id=\"table-{}\" data-table=\"{}\">\n",
                  t.deprecated ? " deprecated" : "", HtmlEscape(t.SqlName()), HtmlEscape(t.Ref()));
  out += "<h3>" + Code(t.Ref());
  if (t.junction) out += " " + Badge("junction", "junction table");
  if (t.deprecated) out += " " + Badge("dep", "deprecated");
  out += fmt::format(" <span class=\"sqlname\">SQL table {}</span></h3>\n", Code(t.SqlName()));
  if (t.deprecated) out += "<p class=\"dep-note\">" + Deprecation(t.deprecated) + "</p>\n";
  if (!t.docs.empty()) out += "<p class=\"docs\">" + HtmlEscape(t.docs) + "</p>\n";
  if (!t.file.empty()) out += "<p class=\"file\">Declared in " + Code(t.file) + "</p>\n";
  out +=
      "<table "
      "class=\"columns\">\n<thead><tr><th>Column</th><th>Type</th><th>Constraints</"
      "th><th>Description</th>"
      "</tr></thead>\n<tbody>\n";
  for (const auto& c : t.columns) out += ColumnRow(schema, t, c);
  out += "</tbody>\n</table>\n";
  Indexes(t, out);
  ForeignKeys(schema, t, out);
  Checks(t, out);
  Metadata(t, out);
  out += "</section>\n";
  return out;
}

}  // namespace alab::docs
