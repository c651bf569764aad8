// Describe and LocOf: the human name and source location of each operation.
#include "ops/ops.h"

#include <fmt/format.h>

namespace alab::ops {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace

std::string Describe(const Op& op) {
  return std::visit(
      Overloaded{
          [](const CreateTable& o) { return fmt::format("create table {}", o.table.Ref()); },
          [](const DropTable& o) { return fmt::format("drop table {}", o.table.Ref()); },
          [](const RenameTable& o) { return fmt::format("rename table {} to {}", o.from, o.to); },
          [](const AddColumn& o) {
            return fmt::format("add column {}.{}", o.table, o.column.name);
          },
          [](const DropColumn& o) {
            return fmt::format("drop column {}.{}", o.table, o.column.name);
          },
          [](const RenameColumn& o) {
            return fmt::format("rename column {}.{} to {}", o.table, o.from, o.to);
          },
          [](const AlterColumn& o) {
            return fmt::format("alter column {}.{}", o.table,
                               o.to.name.empty() ? o.from.name : o.to.name);
          },
          [](const CreateIndex& o) {
            return fmt::format("create index {} on {}", o.index.name, o.table);
          },
          [](const DropIndex& o) {
            return o.table.empty() ? fmt::format("drop index {}", o.index.name)
                                   : fmt::format("drop index {} on {}", o.index.name, o.table);
          },
          [](const AddForeignKey& o) {
            return fmt::format("add foreign key {} on {}", o.fk.name, o.table);
          },
          [](const DropForeignKey& o) {
            return fmt::format("drop foreign key {} on {}", o.fk.name, o.table);
          },
          [](const AddCheck& o) {
            return fmt::format("add check {} on {}", o.check.name, o.table);
          },
          [](const DropCheck& o) {
            return fmt::format("drop check {} on {}", o.check.name, o.table);
          },
          [](const RawSql&) { return std::string("raw sql"); },
      },
      op);
}

const diag::SourceLoc& LocOf(const Op& op) {
  return std::visit([](const auto& o) -> const diag::SourceLoc& { return o.loc; }, op);
}

}  // namespace alab::ops
