#pragma once
// Junction tables (many_to_many) and the shape earlier alab versions gave them.
//
// The original AstrolaDB, whose seeds alab follows, writes a junction as two plain references
// (NO ACTION), an index idx_<junction>_<col> per side and the unique pair
// idx_<junction>_unique. alab before this shape wrote ON DELETE CASCADE and named the pair
// uniq_<junction>_<a>_<b>; projects it generated have that in their migration files and their
// databases. So that those projects stay green (no drift, no migration to "fix" it), a junction
// that already exists in the replayed history in the earlier shape keeps it: the comparison
// (diff, `alab new`, `alab check`) adopts the earlier FK actions and unique-pair name for it.
// New junctions, and every junction of a project without that history, get the seed's shape.
#include <optional>
#include <string>

#include "schema/ir.h"

namespace alab::schema {

// "idx_<junction>_unique" (shortened past 63 bytes like every generated name).
std::string JunctionUniqueName(const std::string& junction_sql);

// `target` with its junction tables adjusted to the earlier shape where `current` has them so;
// nullopt when nothing changes (the common case: no copy).
std::optional<Schema> WithEarlierJunctionShapes(const Schema& target, const Schema& current);

}  // namespace alab::schema
