export default table({
  id: col.id(),
  post: col.belongs_to(".post").on_delete("cascade"),
  author: col.belongs_to("auth.user").optional().on_delete("set null"),
  parent: col.belongs_to(".comment").as("reply_to").optional(),
  body: col.markdown(),
  likes: col.counter(),
}).timestamps();
