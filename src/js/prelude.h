#pragma once
// The JavaScript evaluated once per engine before any user file: the sandbox
// lockdown and the recorders behind the DSL globals (table, col, sql, postgres,
// sqlite, fn, migration). The recorders only record calls as plain data with the
// source location of each call; schema/ and migration/ give the data meaning.
namespace alab::js {

// Source URL of the prelude (frames with this URL are never the user's).
inline constexpr const char* kPreludeUrl = "alab:prelude";

// Defines `__alab_setup(configJson)`, which installs the DSL globals described by
// the config, freezes every reachable intrinsic and returns the function that
// turns a file's exported value into a JSON string.
const char* PreludeSource();

}  // namespace alab::js
