// Every relationship kind and table modifier.
export default table({
  id: col.id(),
  type_row: col.belongs_to("kitchen.all_types"),
  parent: col.belongs_to(".relations").as("parent_item").optional().on_delete("cascade").on_update("SET NULL"),
  profile: col.one_to_one(".semantic").on_delete("RESTRICT"),
  owner_id: col.belongs_to("other.tag").optional(),
  subject: col.belongs_to_any(["kitchen.all_types", ".semantic"]),
  position_hint: col.integer().optional(),
})
  .timestamps()
  .soft_delete()
  .sortable()
  .auditable()
  .index("position_hint", "type_row_id")
  .index(["parent_item_id"], { name: "idx_relations_parent", where: "deleted_at IS NULL" })
  .unique("subject_type", "subject_id")
  .check("position_positive", "position >= 0")
  .docs("Everything that relates")
  .deprecated("kept for the test")
  .sort_by("position", "created_at")
  .searchable(["subject_type"])
  .filterable(["type_row_id", "deleted_at"])
  .meta({ owner: "team-a", tier: 2 })
  .many_to_many("other.tag")
  .many_to_many(".relations")
  .belongs_to_any(["other.tag"], { as: "target" });
