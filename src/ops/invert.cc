// Invert and IsDestructive: every resolved operation carries the state its inverse needs.
#include <algorithm>

#include "base/check.h"
#include "ops/ops.h"

namespace alab::ops {
namespace {

struct Inverter {
  std::optional<Op> operator()(const CreateTable& o) const { return DropTable{o.table, o.loc}; }
  std::optional<Op> operator()(const DropTable& o) const { return CreateTable{o.table, o.loc}; }
  std::optional<Op> operator()(const RenameTable& o) const {
    return RenameTable{o.to, o.from, o.loc};
  }
  std::optional<Op> operator()(const AddColumn& o) const {
    schema::Column c = o.column;
    c.backfill.reset();
    return DropColumn{o.table, c, o.loc};
  }
  std::optional<Op> operator()(const DropColumn& o) const {
    return AddColumn{o.table, o.column, o.loc};
  }
  std::optional<Op> operator()(const RenameColumn& o) const {
    return RenameColumn{o.table, o.to, o.from, o.loc};
  }
  std::optional<Op> operator()(const AlterColumn& o) const {
    return AlterColumn{o.table, o.to, o.from, std::nullopt, o.loc};
  }
  std::optional<Op> operator()(const CreateIndex& o) const {
    return DropIndex{o.table, o.index, o.loc};
  }
  std::optional<Op> operator()(const DropIndex& o) const {
    return CreateIndex{o.table, o.index, o.loc};
  }
  std::optional<Op> operator()(const AddForeignKey& o) const {
    return DropForeignKey{o.table, o.fk, o.loc};
  }
  std::optional<Op> operator()(const DropForeignKey& o) const {
    return AddForeignKey{o.table, o.fk, o.loc};
  }
  std::optional<Op> operator()(const AddCheck& o) const {
    return DropCheck{o.table, o.check, o.loc};
  }
  std::optional<Op> operator()(const DropCheck& o) const {
    return AddCheck{o.table, o.check, o.loc};
  }
  std::optional<Op> operator()(const RawSql& o) const {
    if (o.down.empty()) return std::nullopt;
    return RawSql{o.down, o.up, o.loc};
  }
};

size_t MaxLength(const std::vector<std::string>& values) {
  size_t n = 0;
  for (const auto& v : values) n = std::max(n, v.size());
  return n;
}

// Whether every value of `from` fits in `to` unchanged.
bool LosslessTypeChange(const schema::Column& from, const schema::Column& to) {
  using schema::Type;
  if (from.type == to.type) {
    switch (from.type) {
      case Type::kString:
        return to.length == 0 || (from.length != 0 && to.length >= from.length);
      case Type::kDecimal:
        return to.scale >= from.scale && (to.precision - to.scale) >= (from.precision - from.scale);
      case Type::kEnum:
        return std::all_of(from.enum_values.begin(), from.enum_values.end(),
                           [&](const std::string& v) {
                             return std::find(to.enum_values.begin(), to.enum_values.end(), v) !=
                                    to.enum_values.end();
                           });
      case Type::kUuid:
      case Type::kText:
      case Type::kInteger:
      case Type::kBigint:
      case Type::kFloat:
      case Type::kBoolean:
      case Type::kDate:
      case Type::kTime:
      case Type::kDatetime:
      case Type::kJson:
      case Type::kBase64:
        return true;
      case Type::kNative:  // two types alab knows nothing of: only the same one is certain
        return from.native == to.native;
    }
  }
  switch (to.type) {
    case Type::kText:
      return from.type != Type::kBase64;
    case Type::kString:
      if (from.type == Type::kEnum)
        return to.length == 0 || MaxLength(from.enum_values) <= size_t(to.length);
      if (from.type == Type::kUuid) return to.length == 0 || to.length >= 36;
      return false;
    case Type::kFloat:
      return from.type == Type::kInteger;
    case Type::kBigint:
      return from.type == Type::kInteger;
    case Type::kDecimal:
      return (from.type == Type::kInteger || from.type == Type::kBigint) &&
             to.precision - to.scale >= 19;
    case Type::kDatetime:
      return from.type == Type::kDate;
    case Type::kUuid:
    case Type::kInteger:
    case Type::kBoolean:
    case Type::kDate:
    case Type::kTime:
    case Type::kJson:
    case Type::kBase64:
    case Type::kEnum:
    case Type::kNative:
      return false;
  }
  ALAB_UNREACHABLE("a column type without a case");
}

}  // namespace

std::optional<Op> Invert(const Op& op) { return std::visit(Inverter{}, op); }

namespace {

// Whether an operation can lose rows or values; every operation answers.
struct Destroyer {
  bool operator()(const CreateTable&) const { return false; }
  bool operator()(const DropTable&) const { return true; }
  bool operator()(const RenameTable&) const { return false; }
  bool operator()(const AddColumn&) const { return false; }
  bool operator()(const DropColumn&) const { return true; }
  bool operator()(const RenameColumn&) const { return false; }
  bool operator()(const AlterColumn& o) const { return !LosslessTypeChange(o.from, o.to); }
  // Indexes and constraints hold no data of their own: dropping one loses no value.
  bool operator()(const CreateIndex&) const { return false; }
  bool operator()(const DropIndex&) const { return false; }
  bool operator()(const AddForeignKey&) const { return false; }
  bool operator()(const DropForeignKey&) const { return false; }
  bool operator()(const AddCheck&) const { return false; }
  bool operator()(const DropCheck&) const { return false; }
  // Raw SQL is the user's own statement; alab does not judge it (the drop list names
  // what alab itself would destroy).
  bool operator()(const RawSql&) const { return false; }
};

}  // namespace

bool IsDestructive(const Op& op) { return std::visit(Destroyer{}, op); }

}  // namespace alab::ops
