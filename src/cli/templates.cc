#include "cli/templates.h"

namespace alab::cli::templates {

std::string AlabYaml() {
  return R"(# alab project configuration (see `alab --help`).
database:
  dialect: sqlite   # sqlite | postgres
  url: ./app.db     # relative SQLite paths are relative to this file
schemas: ./schemas
migrations: ./migrations

# Environments, selected with `alab --env <name> ...`; ${VAR} is read from the environment.
# The url precedence: --database-url > DATABASE_URL > --env > database.url.
# environments:
#   production:
#     dialect: postgres
#     url: postgres://app:${DB_PASSWORD}@db.internal:5432/app

# Database tables alab does not manage (never reported as drift):
# ignore_tables: [spatial_ref_sys]
)";
}

std::string TsConfig() {
  return R"({
  "compilerOptions": {
    "allowJs": true,
    "checkJs": true,
    "noEmit": true,
    "strict": true,
    "target": "ES2020",
    "module": "ESNext",
    "moduleResolution": "bundler",
    "lib": ["ES2020"],
    "types": []
  },
  "include": ["types/**/*.d.ts", "schemas/**/*.js", "migrations/**/*.js"]
}
)";
}

std::vector<File> DemoSchemaFiles() {
  return {
      {"schemas/auth/user.js", R"(// People who sign in. SQL table: auth_user.
export default table({
  id: col.id(),
  email: col.email().unique(),
  username: col.username().unique(),
  password: col.password_hash(),
  display_name: col.name().optional(),
  locale: col.locale().default("en"),
  timezone: col.timezone().default("UTC"),
  is_active: col.flag(true),
  last_login_at: col.datetime().optional(),
  login_count: col.counter(),
})
  .timestamps()
  .soft_delete()
  .searchable(["email", "username", "display_name"])
  .docs("A person with an account");
)"},
      {"schemas/auth/role.js",
       R"(// Named sets of permissions; a user has many roles and a role many users.
export default table({
  id: col.id(),
  name: col.name().unique(),
  description: col.summary().optional(),
  permissions: col.json().default([]).docs("Permission names granted by this role"),
})
  .timestamps()
  .many_to_many("auth.user");
)"},
      {"schemas/auth/session.js", R"(// A signed-in browser or device.
export default table({
  id: col.id(),
  user: col.belongs_to("auth.user").on_delete("cascade"),
  token: col.token().unique(),
  ip_address: col.ip().optional(),
  user_agent: col.user_agent().optional(),
  expires_at: col.datetime(),
})
  .timestamps()
  .index("user_id", "expires_at");
)"},
      {"schemas/blog/post.js",
       R"(// Articles. `.tag` is a reference within the same namespace (blog.tag).
const statuses = ["draft", "published", "archived"];

export default table({
  id: col.id(),
  author: col.belongs_to("auth.user"),
  editor: col.belongs_to("auth.user").as("reviewed_by").optional().on_delete("set null"),
  title: col.title(),
  slug: col.slug().unique(),
  summary: col.summary().optional(),
  body: col.markdown(),
  status: col.enum(statuses).default("draft"),
  published_at: col.datetime().optional(),
  reading_minutes: col.integer().min(0).default(0),
  view_count: col.counter(),
})
  .timestamps()
  .soft_delete()
  .many_to_many(".tag")
  .index("status", "published_at")
  .check("published_has_date", "status <> 'published' OR published_at IS NOT NULL")
  .sort_by("published_at")
  .filterable(["status", "author_id"]);
)"},
      {"schemas/blog/comment.js", R"(// Replies to a post, optionally threaded.
export default table({
  id: col.id(),
  post: col.belongs_to(".post").on_delete("cascade"),
  author: col.belongs_to("auth.user").optional().on_delete("set null"),
  parent: col.belongs_to(".comment").as("reply_to").optional().on_delete("cascade"),
  body: col.body(),
  approved: col.flag(false),
})
  .timestamps()
  .soft_delete()
  .index("post_id", "created_at");
)"},
      {"schemas/blog/tag.js", R"(// Labels for posts (linked by blog.post's many_to_many).
export default table({
  id: col.id(),
  name: col.name().unique(),
  slug: col.slug().unique(),
  color: col.color().optional(),
});
)"},
      {"schemas/blog/reaction.js",
       R"(// A reaction to a post or a comment (a polymorphic reference).
export default table({
  id: col.id(),
  user: col.belongs_to("auth.user").on_delete("cascade"),
  kind: col.enum(["like", "love", "laugh"]),
})
  .belongs_to_any([".post", ".comment"], { as: "target" })
  .timestamps()
  .unique("user_id", "target_type", "target_id");
)"},
  };
}

std::string TableScaffold(const std::string& ns, const std::string& name) {
  return "// The " + ns + "." + name + " table (SQL name: " + ns + "_" + name + ").\n" +
         R"(export default table({
  id: col.id(),
  name: col.name(),
}).timestamps();
)";
}

}  // namespace alab::cli::templates
