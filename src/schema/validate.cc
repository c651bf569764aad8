#include "schema/validate.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>

#include "base/strings.h"
#include "schema/dsl_names.h"

namespace alab::schema {

std::string IdentifierProblem(const std::string& ident) {
  if (ident.empty()) return "an empty name is not an identifier";
  bool ok = (ident[0] >= 'a' && ident[0] <= 'z') || ident[0] == '_';
  for (char c : ident) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  if (!ok)
    return fmt::format(
        "'{}' is not a valid identifier: use lower-case letters, digits and _ (^[a-z_][a-z0-9_]*$)",
        ident);
  if (ident.size() > 63)
    return fmt::format("identifier '{}' is {} bytes long; the limit is 63", ident, ident.size());
  return {};
}

namespace {

bool Digits(const std::string& s, size_t pos, size_t n) {
  if (pos + n > s.size()) return false;
  for (size_t i = pos; i < pos + n; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

int Num(const std::string& s, size_t pos, size_t n) { return std::stoi(s.substr(pos, n)); }

// YYYY-MM-DD with a real day of the month.
bool IsDate(const std::string& s) {
  if (s.size() != 10 || !Digits(s, 0, 4) || s[4] != '-' || !Digits(s, 5, 2) || s[7] != '-' ||
      !Digits(s, 8, 2))
    return false;
  int y = Num(s, 0, 4), m = Num(s, 5, 2), d = Num(s, 8, 2);
  if (y < 1) return false;  // there is no year 0 (PostgreSQL: 0001-01-01 follows 0001-12-31 BC)
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(m == 2 && d == 29 && !leap);
}

// HH:MM[:SS[.fraction]] from pos to the end of s, or up to a zone suffix when zone is set.
bool IsTimeAt(const std::string& s, size_t pos, bool zone) {
  if (!Digits(s, pos, 2) || pos + 2 >= s.size() || s[pos + 2] != ':' || !Digits(s, pos + 3, 2))
    return false;
  if (Num(s, pos, 2) > 23 || Num(s, pos + 3, 2) > 59) return false;
  size_t i = pos + 5;
  if (i < s.size() && s[i] == ':') {
    if (!Digits(s, i + 1, 2) || Num(s, i + 1, 2) > 59) return false;
    i += 3;
    if (i < s.size() && s[i] == '.') {
      size_t start = ++i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      if (i == start) return false;
    }
  }
  if (i == s.size()) return true;
  if (!zone) return false;
  if (s[i] == 'Z' || s[i] == 'z') return i + 1 == s.size();
  if (s[i] != '+' && s[i] != '-') return false;
  std::string z = s.substr(i + 1);
  bool shape = (z.size() == 2 && Digits(z, 0, 2)) || (z.size() == 4 && Digits(z, 0, 4)) ||
               (z.size() == 5 && Digits(z, 0, 2) && z[2] == ':' && Digits(z, 3, 2));
  if (!shape) return false;
  // Offsets run from -15:59 to +15:59 (PostgreSQL refuses more: "time zone displacement out of
  // range").
  int minutes = z.size() == 2 ? 0 : Num(z, z.size() - 2, 2);
  return Num(z, 0, 2) <= 15 && minutes <= 59;
}

bool IsUuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// "" when `text` (a number's digits, optional '-') is an integer within 32 bits (integer()) or
// 64 bits (bigint()); else what is wrong with it.
std::string IntegerRangeProblem(const Column& c, const std::string& text,
                                const std::string& type_name) {
  bool big = c.type == Type::kBigint;
  bool negative = !text.empty() && text[0] == '-';
  std::string digits = negative ? text.substr(1) : text;
  const std::string limit = big ? (negative ? "9223372036854775808" : "9223372036854775807")
                                : (negative ? "2147483648" : "2147483647");
  if (digits.size() > limit.size() || (digits.size() == limit.size() && digits > limit))
    return fmt::format(
        "{} is out of range for column '{}' of type {} ({}); use {} for larger numbers", text,
        c.name, type_name,
        big ? "64-bit: -9223372036854775808 to 9223372036854775807"
            : "32-bit: -2147483648 to 2147483647",
        big ? "decimal()" : "bigint()");
  return "";
}

}  // namespace

std::string ValueFitProblem(const Column& c, const Value& v) {
  auto type_name = [&] { return c.semantic.empty() ? std::string(TypeName(c.type)) : c.semantic; };
  // A type alab has no name for: the database reads the literal ('happy' for an enum type).
  if (c.type == Type::kNative) return {};
  switch (v.kind) {
    case Value::Kind::kSql:
      return {};
    case Value::Kind::kNull:
      if (!c.nullable)
        return fmt::format("null does not fit NOT NULL column '{}' (add .optional())", c.name);
      return {};
    case Value::Kind::kString:
      if (c.type == Type::kEnum) {
        if (std::find(c.enum_values.begin(), c.enum_values.end(), v.text) == c.enum_values.end())
          return fmt::format("\"{}\" is not one of the values of enum column '{}' ({})", v.text,
                             c.name, Join(c.enum_values, ", "));
        return {};
      }
      if (c.type == Type::kString) {
        // The length is in characters (VARCHAR(n) on PostgreSQL), not bytes.
        size_t chars = 0;
        for (unsigned char ch : v.text) chars += (ch & 0xC0) != 0x80 ? 1 : 0;
        if (c.length > 0 && chars > static_cast<size_t>(c.length))
          return fmt::format("\"{}\" is longer than column '{}' allows ({})", v.text, c.name,
                             c.length);
        return {};
      }
      if (c.type == Type::kUuid && !IsUuid(v.text))
        return fmt::format(
            "default \"{}\" is not a uuid for column '{}' (write 8-4-4-4-12 hex digits such as "
            "\"00000000-0000-4000-8000-000000000000\", or use sql(...) for a generated value)",
            v.text, c.name);
      if (c.type == Type::kDate && !IsDate(v.text))
        return fmt::format(
            "default \"{}\" is not a date for column '{}' (write YYYY-MM-DD such as "
            "\"2024-01-31\")",
            v.text, c.name);
      if (c.type == Type::kTime && !IsTimeAt(v.text, 0, false))
        return fmt::format(
            "default \"{}\" is not a time for column '{}' (write HH:MM or HH:MM:SS such as "
            "\"09:30:00\")",
            v.text, c.name);
      if (c.type == Type::kDatetime &&
          !(IsDate(v.text) ||
            (v.text.size() > 11 && IsDate(v.text.substr(0, 10)) &&
             (v.text[10] == 'T' || v.text[10] == ' ') && IsTimeAt(v.text, 11, true))))
        return fmt::format(
            "default \"{}\" is not a datetime for column '{}' (write ISO 8601 such as "
            "\"2024-01-31T09:30:00Z\", or use sql(...) for the current time)",
            v.text, c.name);
      if (c.type == Type::kText || c.type == Type::kUuid || c.type == Type::kDate ||
          c.type == Type::kTime || c.type == Type::kDatetime || c.type == Type::kBase64 ||
          c.type == Type::kJson)
        return {};
      break;
    case Value::Kind::kNumber: {
      if (c.type == Type::kDecimal && c.precision > 0) {
        // Digits before the point must fit decimal(p, s) (the database rounds the fraction to
        // the scale, and refuses a number whose whole part has more than p - s digits).
        std::string digits = !v.text.empty() && v.text[0] == '-' ? v.text.substr(1) : v.text;
        if (digits.find_first_of("eE") == std::string::npos) {
          std::string whole = digits.substr(0, digits.find('.'));
          while (whole.size() > 1 && whole[0] == '0') whole.erase(0, 1);
          const int room = c.precision - c.scale;
          if (whole != "0" && static_cast<int>(whole.size()) > room)
            return fmt::format(
                "{} does not fit column '{}' of type decimal({}, {}): at most {} digit{} before "
                "the point",
                v.text, c.name, c.precision, c.scale, room, room == 1 ? "" : "s");
        }
      }
      if (c.type == Type::kFloat || c.type == Type::kDecimal || c.type == Type::kJson) return {};
      if (c.type == Type::kInteger || c.type == Type::kBigint) {
        if (v.text.find_first_of(".e") != std::string::npos)
          return fmt::format("{} is not an integer, but column '{}' is {}", v.text, c.name,
                             type_name());
        // integer() is 32-bit and bigint() 64-bit on every dialect; a JS number is exact to 2^53
        // - 1.
        if (std::string p = IntegerRangeProblem(c, v.text, type_name()); !p.empty()) return p;
        std::string digits = !v.text.empty() && v.text[0] == '-' ? v.text.substr(1) : v.text;
        if (digits.size() > 16 || (digits.size() == 16 && digits > "9007199254740991"))
          return fmt::format(
              "{} is beyond the integers a JavaScript number holds exactly (2^53 - 1) for column "
              "'{}': "
              "write the value as SQL, such as .default(sql(\"9223372036854775807\"))",
              v.text, c.name);
        return {};
      }
      break;
    }
    case Value::Kind::kBool:
      if (c.type == Type::kBoolean || c.type == Type::kJson) return {};
      break;
    case Value::Kind::kJson:
      if (c.type == Type::kJson) return {};
      break;
  }
  std::string shown = v.kind == Value::Kind::kString ? "\"" + v.text + "\"" : v.text;
  return fmt::format("default {} does not fit column '{}' of type {}", shown, c.name, type_name());
}

namespace {

void CheckIdent(const std::string& ident, const diag::SourceLoc& loc, diag::DiagnosticSink& diags,
                bool warn_reserved) {
  std::string p = IdentifierProblem(ident);
  if (!p.empty()) {
    diags.Error(loc, p);
  } else if (warn_reserved && IsReservedWord(ident)) {
    diags.Warning(
        loc,
        fmt::format(
            "'{}' is a reserved SQL word; it works (names are always quoted) but is awkward in "
            "hand-written SQL",
            ident));
  }
}

diag::SourceLoc TableLoc(const Table& t) {
  if (t.loc.known()) return t.loc;
  return diag::SourceLoc{t.file, t.file.empty() ? 0 : 1, t.file.empty() ? 0 : 1, 0};
}

std::string Suggest(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best = ClosestMatch(word, candidates);
  return best.empty() ? "" : fmt::format("; did you mean '{}'?", best);
}

std::vector<std::string> ColumnNames(const Table& t) {
  std::vector<std::string> out;
  for (const auto& c : t.columns) out.push_back(c.name);
  return out;
}

void ValidateColumns(const Table& t, diag::DiagnosticSink& diags) {
  auto names = ColumnNames(t);
  for (const auto& c : t.columns) {
    CheckIdent(c.name, c.loc, diags, true);
    // Defaults are checked where they are declared (dsl_columns.cc), at the .default() call.
    if (c.primary_key && (c.nullable || c.computed))
      diags.Error(c.loc,
                  fmt::format("column '{}' is a primary key and {}; a key column holds a value in "
                              "every row",
                              c.name, c.nullable ? "optional" : "computed"),
                  {c.nullable ? "hint: remove .optional()" : "hint: remove .computed()"});
    if (c.min && c.max && *c.min > *c.max)
      diags.Error(c.loc, fmt::format("min ({}) is greater than max ({}) for column '{}'",
                                     FormatNumber(*c.min), FormatNumber(*c.max), c.name));
    if (c.computed) {
      std::function<void(const Expr&)> walk = [&](const Expr& e) {
        if (e.fn == Fn::kCol && !t.FindColumn(e.column))
          diags.Error(c.loc, fmt::format("computed column '{}' refers to unknown column '{}'{}",
                                         c.name, e.column, Suggest(e.column, names)));
        for (const auto& a : e.args) walk(a);
      };
      walk(c.computed->expr);
    }
  }
}

void ValidateTable(const Table& t, const Schema& s, const std::vector<std::string>& refs,
                   diag::DiagnosticSink& diags) {
  diag::SourceLoc tloc = TableLoc(t);
  if (!t.ns.empty()) CheckIdent(t.ns, tloc, diags, false);
  CheckIdent(t.name, tloc, diags, false);
  if (IdentifierProblem(t.ns).empty() && IdentifierProblem(t.name).empty() &&
      t.SqlName().size() > 63)
    diags.Error(tloc, fmt::format("SQL table name '{}' is {} bytes long; the limit is 63",
                                  t.SqlName(), t.SqlName().size()));
  if (t.columns.empty()) diags.Error(tloc, fmt::format("table '{}' has no columns", t.Ref()));
  ValidateColumns(t, diags);
  auto names = ColumnNames(t);
  std::set<std::string> index_names;
  for (const auto& i : t.indexes) {
    CheckIdent(i.name, i.loc, diags, false);
    for (const auto& c : i.columns)
      if (!t.FindColumn(c))
        diags.Error(i.loc, fmt::format("index '{}' refers to unknown column '{}'{}", i.name, c,
                                       Suggest(c, names)));
    if (!index_names.insert(i.name).second)
      diags.Error(i.loc, fmt::format("duplicate index name '{}'", i.name));
    // A table-level unique on one column that .unique() already declares: both would be the
    // same index (the same name), created twice.
    const Column* only = i.columns.size() == 1 ? t.FindColumn(i.columns[0]) : nullptr;
    if (only != nullptr && only->unique && i.unique && i.where.empty() &&
        i.name == IndexName(t.SqlName(), i.columns, true)) {
      diags.Error(
          i.loc,
          fmt::format("column '{}' is already unique (its .unique()); remove the table-level "
                      ".unique(\"{}\"), or the column's .unique()",
                      only->name, only->name));
    }
  }
  for (const auto* list : {&t.sort_by, &t.searchable, &t.filterable})
    for (const auto& entry : *list) {
      // sort_by("-col") sorts descending; the name is the rest.
      std::string c =
          list == &t.sort_by && !entry.empty() && entry[0] == '-' ? entry.substr(1) : entry;
      if (!t.FindColumn(c))
        diags.Error(tloc, fmt::format("table '{}' lists unknown column '{}'{}", t.Ref(), c,
                                      Suggest(c, names)));
    }
  std::set<std::string> check_names;
  for (const auto& ch : t.checks) {
    CheckIdent(ch.name, ch.loc, diags, false);
    if (Trim(ch.expr).empty())
      diags.Error(ch.loc, fmt::format("check '{}' has an empty expression", ch.name));
    if (!check_names.insert(ch.name).second)
      diags.Error(ch.loc, fmt::format("duplicate check name '{}'", ch.name));
  }
  for (const auto& fk : t.foreign_keys) {
    const Table* target = s.Find(fk.ref_table);
    if (target == nullptr) {
      diags.Error(fk.loc, fmt::format("reference to unknown table '{}'{}", fk.ref_table,
                                      Suggest(fk.ref_table, refs)));
      continue;
    }
    bool known = true;
    for (const auto& c : fk.columns)
      if (!t.FindColumn(c)) {
        known = false;
        diags.Error(fk.loc, fmt::format("foreign key '{}' names unknown column '{}'{}", fk.name, c,
                                        Suggest(c, names)));
      }
    for (const auto& rc : fk.ref_columns)
      if (!target->FindColumn(rc)) {
        known = false;
        diags.Error(fk.loc,
                    fmt::format("table '{}' has no column '{}' to reference (add id: col.id())",
                                target->Ref(), rc));
      }
    if (!known) continue;
    // The referenced columns are the target's primary key or one of its unique keys (the
    // database refuses any other).
    std::set<std::string> want(fk.ref_columns.begin(), fk.ref_columns.end());
    auto pk = target->PrimaryKey();
    bool keyed = std::set<std::string>(pk.begin(), pk.end()) == want;
    for (const auto& i : target->indexes)
      keyed = keyed || (i.unique && i.where.empty() && i.native.empty() &&
                        std::set<std::string>(i.columns.begin(), i.columns.end()) == want);
    if (want.size() == 1)
      if (const Column* rc = target->FindColumn(*want.begin())) keyed = keyed || rc->unique;
    if (!keyed)
      diags.Error(
          fk.loc,
          fmt::format("foreign key '{}' references ({}) of '{}', which is neither its "
                      "primary key nor unique",
                      fk.name, Join(fk.ref_columns, ", "), target->Ref()),
          {"hint: give the referenced columns a .unique() (or a table-level .unique(...))"});
  }
  for (const auto& p : t.polymorphic)
    for (const auto& r : p.refs)
      if (!s.Find(r))
        diags.Error(tloc, fmt::format("belongs_to_any() '{}' refers to unknown table '{}'{}", p.as,
                                      r, Suggest(r, refs)));
}

// Cycles of NOT NULL foreign keys: no row of any table in the cycle could be inserted first.
void ValidateCycles(const Schema& s, diag::DiagnosticSink& diags) {
  std::map<std::string, std::vector<std::pair<std::string, const ForeignKey*>>> edges;
  for (const auto& t : s.tables) {
    for (const auto& fk : t.foreign_keys) {
      bool required = !fk.columns.empty();
      for (const auto& c : fk.columns) {
        const Column* col = t.FindColumn(c);
        required = required && col != nullptr && !col->nullable;
      }
      if (required && s.Find(fk.ref_table))
        edges[t.Ref()].push_back({s.Find(fk.ref_table)->Ref(), &fk});
    }
  }
  // Tarjan's strongly connected components.
  std::map<std::string, int> index, low;
  std::set<std::string> on_stack;
  std::vector<std::string> stack;
  int counter = 0;
  std::vector<std::vector<std::string>> sccs;
  std::function<void(const std::string&)> visit = [&](const std::string& v) {
    index[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack.insert(v);
    for (const auto& [w, fk] : edges[v]) {
      if (!index.count(w)) {
        visit(w);
        low[v] = std::min(low[v], low[w]);
      } else if (on_stack.count(w)) {
        low[v] = std::min(low[v], index[w]);
      }
    }
    if (low[v] == index[v]) {
      std::vector<std::string> comp;
      std::string w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack.erase(w);
        comp.push_back(w);
      } while (w != v);
      sccs.push_back(std::move(comp));
    }
  };
  for (const auto& t : s.tables)
    if (!index.count(t.Ref())) visit(t.Ref());
  for (auto& comp : sccs) {
    std::sort(comp.begin(), comp.end());
    std::set<std::string> members(comp.begin(), comp.end());
    const ForeignKey* first = nullptr;
    for (const auto& [w, fk] : edges[comp[0]])
      if (members.count(w)) {
        first = fk;
        break;
      }
    if (first == nullptr) continue;  // a single table without a self-reference
    std::string msg =
        comp.size() == 1
            ? fmt::format(
                  "table '{}' references itself through NOT NULL column '{}'; its first row could "
                  "never be inserted",
                  comp[0], Join(first->columns, ", "))
            : fmt::format(
                  "tables {} reference each other through NOT NULL foreign keys; no row could "
                  "ever be inserted",
                  Join(comp, ", "));
    diags.Error(first->loc, msg, {"hint: make one of these relationships .optional()"});
  }
}

// A database enum type is one object: every column that names it holds the same values, in
// the same order, and no table has its name (PostgreSQL gives each table a type of its name).
void ValidateEnumTypes(const Schema& s, const std::map<std::string, const Table*>& by_sql,
                       diag::DiagnosticSink& diags) {
  std::map<std::string, std::pair<const Table*, const Column*>> first;
  for (const auto& t : s.tables) {
    for (const auto& c : t.columns) {
      if (c.type != Type::kEnum || c.enum_type.empty()) continue;
      if (auto it = by_sql.find(c.enum_type); it != by_sql.end())
        diags.Error(c.loc,
                    fmt::format("enum type '{}' of {}.{} has the name of table '{}'; "
                                "rename the type ({{ type: \"{}_kind\" }})",
                                c.enum_type, t.Ref(), c.name, it->second->Ref(), c.enum_type));
      auto [it, inserted] = first.emplace(c.enum_type, std::make_pair(&t, &c));
      if (inserted || it->second.second->enum_values == c.enum_values) continue;
      diags.Error(c.loc,
                  fmt::format("enum type '{}' of {}.{} has the values [{}], but {}.{} gives it "
                              "[{}]; a type has one list of values: give both columns the same "
                              "list, or a different type name",
                              c.enum_type, t.Ref(), c.name, Join(c.enum_values, ", "),
                              it->second.first->Ref(), it->second.second->name,
                              Join(it->second.second->enum_values, ", ")));
    }
  }
}

}  // namespace

void Validate(const Schema& s, diag::DiagnosticSink& diags) {
  std::vector<std::string> refs;
  for (const auto& t : s.tables) refs.push_back(t.Ref());
  std::map<std::string, const Table*> by_sql;
  for (const auto& t : s.tables) {
    auto [it, inserted] = by_sql.emplace(t.SqlName(), &t);
    if (!inserted)
      diags.Error(TableLoc(t), fmt::format("table '{}' has the same SQL name '{}' as table '{}'",
                                           t.Ref(), t.SqlName(), it->second->Ref()));
    ValidateTable(t, s, refs, diags);
  }
  ValidateCycles(s, diags);
  ValidateEnumTypes(s, by_sql, diags);
}

}  // namespace alab::schema
