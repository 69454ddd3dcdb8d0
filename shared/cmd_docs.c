/* cmd_docs.c - COMMAND DOCS: what each command does and how it is called.
 *
 * redis-cli builds two things from COMMAND DOCS: the page `help SET` prints
 * (usage line, summary, since, group) and the grey hints shown while a
 * command is typed.  It writes the usage line itself from each argument's
 * description: its name, its type, the token typed before it (EX in
 * "EX seconds"), whether it is optional or repeats, and the parts of an
 * argument made of several (a "oneof" prints as "NX|XX", a "block" as
 * "field value").  So the table below describes every command's arguments
 * as data, nested the way the grammar nests, and the writer walks it.
 *
 * Data flow: COMMAND DOCS [name ...] -> the command table says which
 * commands this server has -> their entries here -> one map per command,
 * in Redis 7's shape: summary, since, group, complexity, the deprecation
 * fields, history, arguments, subcommands.  RESP3 maps and sets become flat
 * arrays in RESP2 (resp_add_map / resp_add_set decide).
 *
 * The facts (names, types, tokens, versions, groups) are Redis 7.0's; the
 * sentences are our own.  A command the table lacks still gets an entry,
 * marked as undocumented, so the reply always covers the whole table. */
#include "cmd_docs.h"

#include "buf.h"
#include "client.h"
#include "cmd.h"
#include "cmd_conn.h"
#include "resp.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* --- The description of an argument -------------------------------------- */

enum arg_type {
    T_STRING,
    T_INTEGER,
    T_DOUBLE,
    T_KEY,
    T_PATTERN,
    T_UNIX_TIME,
    T_PURE_TOKEN,
    T_ONEOF,
    T_BLOCK
};

static const char *const type_names[] = {
    "string", "integer", "double", "key", "pattern", "unix-time", "pure-token", "oneof", "block",
};

/* Argument flags, written in this order as a set of simple strings. */
#define OPTIONAL 1u       /* may be left out: [arg] */
#define MULTIPLE 2u       /* may repeat: arg [arg ...] */
#define MULTIPLE_TOKEN 4u /* repeats with its token: TOKEN x [TOKEN x ...] */

static const char *const flag_names[] = {"optional", "multiple", "multiple_token"};

struct doc_arg {
    const char *name; /* NULL ends a list */
    enum arg_type type;
    int key_spec;                 /* T_KEY: which of the command's key specs */
    const char *token;            /* the word typed before the value, or NULL */
    const char *since;            /* NULL: as old as the command */
    const char *deprecated_since; /* NULL: not deprecated */
    unsigned flags;
    const struct doc_arg *args; /* T_ONEOF, T_BLOCK: the parts */
};

struct doc_history {
    const char *version; /* NULL ends a list */
    const char *change;
};

struct cmd_doc {
    const char *name; /* "set"; a subcommand's is "client|list".  NULL ends a list */
    const char *group, *since, *complexity, *summary;
    const char *deprecated_since, *replaced_by; /* both, or neither */
    const struct doc_history *history;          /* NULL: none */
    const struct doc_arg *args;                 /* NULL: takes no arguments */
    const struct cmd_doc *subs;                 /* a container's subcommands */
};

/* Lists are arrays ended by a NULL name, written in place as compound
 * literals so each command reads top to bottom like its usage line.  The
 * table is laid out by hand, nested as the arguments nest. */
/* clang-format off */
#define ARGS(...) ((const struct doc_arg[]){__VA_ARGS__, {.name = NULL}})
#define HISTORY(...) ((const struct doc_history[]){__VA_ARGS__, {.version = NULL}})
#define SUBS(...) ((const struct cmd_doc[]){__VA_ARGS__, {.name = NULL}})
#define DOC(n, g, s, c, sum) \
    .name = (n), .group = (g), .since = (s), .complexity = (c), .summary = (sum)
#define ARG(n, t) {.name = (n), .type = (t)}
#define KEY(n, spec) {.name = (n), .type = T_KEY, .key_spec = (spec)}
#define PURE(n, tok) {.name = (n), .type = T_PURE_TOKEN, .token = (tok)}

/* --- The table: sorted by name (doc_find searches it) --------------------- */

static const struct cmd_doc docs[] = {
    {DOC("append", "string", "2.0.0",
         "O(1), amortized: the spare room at the end of a string doubles as it grows",
         "Add bytes to the end of a key's string value, creating the key if needed"),
     .args = ARGS(KEY("key", 0), ARG("value", T_STRING))},
    {DOC("auth", "connection", "1.0.0", "O(N) where N is the number of passwords of the user",
         "Log the connection in with a password, or a user name and password"),
     .history = HISTORY({"6.0.0", "Accepts a user name before the password (ACL)."}),
     .args = ARGS(
         {.name = "username", .type = T_STRING, .since = "6.0.0", .flags = OPTIONAL},
         ARG("password", T_STRING))},
    {DOC("bgrewriteaof", "server", "1.0.0", "O(1)",
         "Rewrite the append-only file in the background")},
    {DOC("client", "connection", "2.4.0", "Depends on the subcommand.",
         "Commands that inspect and manage client connections"),
     .subs = SUBS(
        {DOC("client|getname", "connection", "2.6.9", "O(1)",
             "Return the name of the current connection")},
        {DOC("client|help", "connection", "5.0.0", "O(1)",
             "List the CLIENT subcommands, with a line of help each")},
        {DOC("client|id", "connection", "5.0.0", "O(1)",
             "Return the unique ID of the current connection")},
        {DOC("client|info", "connection", "6.2.0", "O(1)",
             "Describe the current connection, in CLIENT LIST's format")},
        {DOC("client|kill", "connection", "2.4.0",
             "O(N) where N is the number of connected clients",
             "Close the connections that match a filter"),
         .history = HISTORY(
             {"2.8.12", "Accepts filters given as name-value pairs."},
             {"2.8.12", "Accepts an `ID` filter."},
             {"3.2.0", "`TYPE` accepts `master`."},
             {"5.0.0", "`TYPE` accepts `replica`; `slave` still works."},
             {"6.2.0", "Accepts an `LADDR` filter."}),
         .args = ARGS(
             {.name = "filter", .type = T_ONEOF,
              .args = ARGS(
                  {.name = "ip:port", .type = T_STRING, .deprecated_since = "2.8.12"},
                  {.name = "new-format", .type = T_ONEOF, .flags = MULTIPLE,
                   .args = ARGS(
                       {.name = "client-id", .type = T_INTEGER, .token = "ID", .since = "2.8.12",
                        .flags = OPTIONAL},
                       {.name = "normal_master_slave_pubsub", .type = T_ONEOF, .token = "TYPE",
                        .since = "2.8.12", .flags = OPTIONAL,
                        .args = ARGS(
                            PURE("normal", "NORMAL"),
                            {.name = "master", .type = T_PURE_TOKEN, .token = "MASTER",
                             .since = "3.2.0"},
                            PURE("slave", "SLAVE"),
                            {.name = "replica", .type = T_PURE_TOKEN, .token = "REPLICA",
                             .since = "5.0.0"},
                            PURE("pubsub", "PUBSUB"))},
                       {.name = "username", .type = T_STRING, .token = "USER", .flags = OPTIONAL},
                       {.name = "ip:port", .type = T_STRING, .token = "ADDR", .flags = OPTIONAL},
                       {.name = "ip:port", .type = T_STRING, .token = "LADDR", .since = "6.2.0",
                        .flags = OPTIONAL},
                       {.name = "yes/no", .type = T_STRING, .token = "SKIPME",
                        .flags = OPTIONAL})})})},
        {DOC("client|list", "connection", "2.4.0",
             "O(N) where N is the number of connected clients",
             "List the connected clients, one line of fields each"),
         .history = HISTORY(
             {"2.8.12", "Shows each client's unique `id`."},
             {"5.0.0", "Accepts a `TYPE` filter."},
             {"6.0.0", "Shows the `user` field."},
             {"6.2.0", "Shows `argv-mem`, `tot-mem`, `laddr` and `redir`; accepts an `ID` filter."},
             {"7.0.0", "Shows the `resp`, `multi-mem`, `rbs` and `rbp` fields."},
             {"7.0.3", "Shows the `ssub` field."}),
         .args = ARGS(
             {.name = "normal_master_replica_pubsub", .type = T_ONEOF, .token = "TYPE",
              .since = "5.0.0", .flags = OPTIONAL,
              .args = ARGS(
                  PURE("normal", "NORMAL"),
                  PURE("master", "MASTER"),
                  PURE("replica", "REPLICA"),
                  PURE("pubsub", "PUBSUB"))},
             {.name = "id", .type = T_BLOCK, .token = "ID", .since = "6.2.0", .flags = OPTIONAL,
              .args = ARGS({.name = "client-id", .type = T_INTEGER, .flags = MULTIPLE})})},
        {DOC("client|no-evict", "connection", "7.0.0", "O(1)",
             "Exempt the current connection from client eviction, or stop exempting it"),
         .args = ARGS(
             {.name = "enabled", .type = T_ONEOF,
              .args = ARGS(PURE("on", "ON"), PURE("off", "OFF"))})},
        {DOC("client|no-touch", "connection", "7.2.0", "O(1)",
             "Keep this connection's commands from updating the access time of keys"),
         .args = ARGS(
             {.name = "enabled", .type = T_ONEOF,
              .args = ARGS(PURE("on", "ON"), PURE("off", "OFF"))})},
        {DOC("client|setinfo", "connection", "7.2.0", "O(1)",
             "Record the name or version of the client library on this connection"),
         .args = ARGS(
             {.name = "attr", .type = T_ONEOF,
              .args = ARGS(
                  {.name = "libname", .type = T_STRING, .token = "LIB-NAME"},
                  {.name = "libver", .type = T_STRING, .token = "LIB-VER"})})},
        {DOC("client|setname", "connection", "2.6.9", "O(1)",
             "Give the current connection a name"),
         .args = ARGS(ARG("connection-name", T_STRING))})},
    {DOC("command", "server", "2.8.13", "O(N) where N is the number of commands",
         "Describe every command the server knows"),
     .subs = SUBS(
        {DOC("command|count", "server", "2.8.13", "O(1)",
             "Return how many commands the server knows")},
        {DOC("command|docs", "server", "7.0.0", "O(N) where N is the number of commands named",
             "Return the documentation of the named commands, or of all of them"),
         .args = ARGS({.name = "command-name", .type = T_STRING, .flags = OPTIONAL | MULTIPLE})},
        {DOC("command|help", "server", "5.0.0", "O(1)",
             "List the COMMAND subcommands, with a line of help each")},
        {DOC("command|info", "server", "2.8.13", "O(N) where N is the number of commands named",
             "Describe the named commands, or all of them"),
         .history = HISTORY({"7.0.0", "With no command name, describes every command."}),
         .args = ARGS({.name = "command-name", .type = T_STRING, .flags = OPTIONAL | MULTIPLE})},
        {DOC("command|list", "server", "7.0.0", "O(N) where N is the number of commands",
             "Return the names of all commands"),
         .args = ARGS(
             {.name = "filterby", .type = T_ONEOF, .token = "FILTERBY", .flags = OPTIONAL,
              .args = ARGS(
                  {.name = "module-name", .type = T_STRING, .token = "MODULE"},
                  {.name = "category", .type = T_STRING, .token = "ACLCAT"},
                  {.name = "pattern", .type = T_PATTERN, .token = "PATTERN"})})})},
    {DOC("config", "server", "2.0.0", "Depends on the subcommand.",
         "Commands that read and change the server's configuration"),
     .subs = SUBS(
        {DOC("config|get", "server", "2.0.0", "O(N) where N is the number of parameters given",
             "Return the configuration parameters whose names match the patterns"),
         .history = HISTORY({"7.0.0", "Accepts several patterns."}),
         .args = ARGS(
             {.name = "parameter", .type = T_BLOCK, .flags = MULTIPLE,
              .args = ARGS(ARG("parameter", T_STRING))})},
        {DOC("config|help", "server", "5.0.0", "O(1)",
             "List the CONFIG subcommands, with a line of help each")},
        {DOC("config|resetstat", "server", "2.0.0", "O(1)",
             "Zero the counters that INFO reports")},
        {DOC("config|rewrite", "server", "2.8.0", "O(1)",
             "Write the running configuration back to the configuration file")},
        {DOC("config|set", "server", "2.0.0", "O(N) where N is the number of parameters given",
             "Change configuration parameters while the server runs"),
         .history = HISTORY({"7.0.0", "Accepts several parameter-value pairs."}),
         .args = ARGS(
             {.name = "parameter_value", .type = T_BLOCK, .flags = MULTIPLE,
              .args = ARGS(ARG("parameter", T_STRING), ARG("value", T_STRING))})})},
    {DOC("copy", "generic", "6.2.0", "O(1) for a string; O(N) for a collection of N elements",
         "Duplicate a key's value under another name"),
     .args = ARGS(
         KEY("source", 0),
         KEY("destination", 1),
         {.name = "destination-db", .type = T_INTEGER, .token = "DB", .flags = OPTIONAL},
         {.name = "replace", .type = T_PURE_TOKEN, .token = "REPLACE", .flags = OPTIONAL})},
    {DOC("dbsize", "server", "1.0.0", "O(1)",
         "Count the keys in the current database")},
    {DOC("decr", "string", "1.0.0", "O(1)",
         "Subtract one from a key's integer value"),
     .args = ARGS(KEY("key", 0))},
    {DOC("decrby", "string", "1.0.0", "O(1)",
         "Subtract a number from a key's integer value"),
     .args = ARGS(KEY("key", 0), ARG("decrement", T_INTEGER))},
    {DOC("del", "generic", "1.0.0",
         "O(N) for N keys; a collection of M elements adds O(M), a string O(1)",
         "Remove keys"),
     .args = ARGS({.name = "key", .type = T_KEY, .key_spec = 0, .flags = MULTIPLE})},
    {DOC("echo", "connection", "1.0.0", "O(1)",
         "Reply with the given message"),
     .args = ARGS(ARG("message", T_STRING))},
    {DOC("exists", "generic", "1.0.0", "O(N) where N is the number of keys given",
         "Count how many of the given keys exist"),
     .history = HISTORY({"3.0.3", "Accepts several keys."}),
     .args = ARGS({.name = "key", .type = T_KEY, .key_spec = 0, .flags = MULTIPLE})},
    {DOC("expire", "generic", "1.0.0", "O(1)",
         "Make a key expire after a number of seconds"),
     .history = HISTORY({"7.0.0", "Accepts the `NX`, `XX`, `GT` and `LT` conditions."}),
     .args = ARGS(
         KEY("key", 0),
         ARG("seconds", T_INTEGER),
         {.name = "condition", .type = T_ONEOF, .since = "7.0.0", .flags = OPTIONAL,
          .args = ARGS(PURE("nx", "NX"), PURE("xx", "XX"), PURE("gt", "GT"), PURE("lt", "LT"))})},
    {DOC("expireat", "generic", "1.2.0", "O(1)",
         "Make a key expire at a Unix time given in seconds"),
     .history = HISTORY({"7.0.0", "Accepts the `NX`, `XX`, `GT` and `LT` conditions."}),
     .args = ARGS(
         KEY("key", 0),
         ARG("unix-time-seconds", T_UNIX_TIME),
         {.name = "condition", .type = T_ONEOF, .since = "7.0.0", .flags = OPTIONAL,
          .args = ARGS(PURE("nx", "NX"), PURE("xx", "XX"), PURE("gt", "GT"), PURE("lt", "LT"))})},
    {DOC("expiretime", "generic", "7.0.0", "O(1)",
         "Return the Unix time, in seconds, at which a key expires"),
     .args = ARGS(KEY("key", 0))},
    {DOC("flushall", "server", "1.0.0", "O(N) where N is the number of keys in all databases",
         "Delete every key of every database"),
     .history = HISTORY({"4.0.0", "Accepts `ASYNC`."}, {"6.2.0", "Accepts `SYNC`."}),
     .args = ARGS(
         {.name = "async", .type = T_ONEOF, .flags = OPTIONAL,
          .args = ARGS(
              {.name = "async", .type = T_PURE_TOKEN, .token = "ASYNC", .since = "4.0.0"},
              {.name = "sync", .type = T_PURE_TOKEN, .token = "SYNC", .since = "6.2.0"})})},
    {DOC("flushdb", "server", "1.0.0", "O(N) where N is the number of keys in the database",
         "Delete every key of the current database"),
     .history = HISTORY({"4.0.0", "Accepts `ASYNC`."}, {"6.2.0", "Accepts `SYNC`."}),
     .args = ARGS(
         {.name = "async", .type = T_ONEOF, .flags = OPTIONAL,
          .args = ARGS(
              {.name = "async", .type = T_PURE_TOKEN, .token = "ASYNC", .since = "4.0.0"},
              {.name = "sync", .type = T_PURE_TOKEN, .token = "SYNC", .since = "6.2.0"})})},
    {DOC("get", "string", "1.0.0", "O(1)",
         "Return the string stored at a key"),
     .args = ARGS(KEY("key", 0))},
    {DOC("getdel", "string", "6.2.0", "O(1)",
         "Return a key's string value and delete the key"),
     .args = ARGS(KEY("key", 0))},
    {DOC("getex", "string", "6.2.0", "O(1)",
         "Return a key's string value and change or clear its expiry"),
     .args = ARGS(
         KEY("key", 0),
         {.name = "expiration", .type = T_ONEOF, .flags = OPTIONAL,
          .args = ARGS(
              {.name = "seconds", .type = T_INTEGER, .token = "EX"},
              {.name = "milliseconds", .type = T_INTEGER, .token = "PX"},
              {.name = "unix-time-seconds", .type = T_UNIX_TIME, .token = "EXAT"},
              {.name = "unix-time-milliseconds", .type = T_UNIX_TIME, .token = "PXAT"},
              PURE("persist", "PERSIST"))})},
    {DOC("getrange", "string", "2.4.0",
         "O(N) where N is the length of the result, so O(1) for short ones",
         "Return the bytes of a key's string value between two offsets"),
     .args = ARGS(KEY("key", 0), ARG("start", T_INTEGER), ARG("end", T_INTEGER))},
    {DOC("getset", "string", "1.0.0", "O(1)",
         "Store a new string at a key and return the old one"),
     .deprecated_since = "6.2.0",
     .replaced_by = "`SET` with its `GET` option",
     .args = ARGS(KEY("key", 0), ARG("value", T_STRING))},
    {DOC("hdel", "hash", "2.0.0", "O(N) where N is the number of fields removed",
         "Remove fields from a hash"),
     .history = HISTORY({"2.4.0", "Accepts several fields."}),
     .args = ARGS(KEY("key", 0), {.name = "field", .type = T_STRING, .flags = MULTIPLE})},
    {DOC("hello", "connection", "6.0.0", "O(1)",
         "Choose the protocol version and describe the connection"),
     .history = HISTORY(
         {"6.2.0", "`protover` may be left out: HELLO alone just describes the connection."}),
     .args = ARGS(
         {.name = "arguments", .type = T_BLOCK, .flags = OPTIONAL,
          .args = ARGS(
              ARG("protover", T_INTEGER),
              {.name = "username_password", .type = T_BLOCK, .token = "AUTH", .flags = OPTIONAL,
               .args = ARGS(ARG("username", T_STRING), ARG("password", T_STRING))},
              {.name = "clientname", .type = T_STRING, .token = "SETNAME", .flags = OPTIONAL})})},
    {DOC("hexists", "hash", "2.0.0", "O(1)",
         "Tell whether a hash has a field"),
     .args = ARGS(KEY("key", 0), ARG("field", T_STRING))},
    {DOC("hget", "hash", "2.0.0", "O(1)",
         "Return the value of one field of a hash"),
     .args = ARGS(KEY("key", 0), ARG("field", T_STRING))},
    {DOC("hgetall", "hash", "2.0.0", "O(N) where N is the number of fields of the hash",
         "Return every field and value of a hash"),
     .args = ARGS(KEY("key", 0))},
    {DOC("hincrby", "hash", "2.0.0", "O(1)",
         "Add an integer to the value of a hash field"),
     .args = ARGS(KEY("key", 0), ARG("field", T_STRING), ARG("increment", T_INTEGER))},
    {DOC("hincrbyfloat", "hash", "2.6.0", "O(1)",
         "Add a floating-point number to the value of a hash field"),
     .args = ARGS(KEY("key", 0), ARG("field", T_STRING), ARG("increment", T_DOUBLE))},
    {DOC("hkeys", "hash", "2.0.0", "O(N) where N is the number of fields of the hash",
         "Return the field names of a hash"),
     .args = ARGS(KEY("key", 0))},
    {DOC("hlen", "hash", "2.0.0", "O(1)",
         "Count the fields of a hash"),
     .args = ARGS(KEY("key", 0))},
    {DOC("hmget", "hash", "2.0.0", "O(N) where N is the number of fields asked for",
         "Return the values of several fields of a hash"),
     .args = ARGS(KEY("key", 0), {.name = "field", .type = T_STRING, .flags = MULTIPLE})},
    {DOC("hmset", "hash", "2.0.0", "O(N) where N is the number of fields set",
         "Set several fields of a hash at once"),
     .deprecated_since = "4.0.0",
     .replaced_by = "`HSET`, which takes several field-value pairs",
     .args = ARGS(
         KEY("key", 0),
         {.name = "field_value", .type = T_BLOCK, .flags = MULTIPLE,
          .args = ARGS(ARG("field", T_STRING), ARG("value", T_STRING))})},
    {DOC("hrandfield", "hash", "6.2.0", "O(N) where N is the number of fields returned",
         "Return random fields of a hash, with their values if asked"),
     .args = ARGS(
         KEY("key", 0),
         {.name = "options", .type = T_BLOCK, .flags = OPTIONAL,
          .args = ARGS(
              ARG("count", T_INTEGER),
              {.name = "withvalues", .type = T_PURE_TOKEN, .token = "WITHVALUES",
               .flags = OPTIONAL})})},
    {DOC("hscan", "hash", "2.8.0", "O(1) per call; O(N) for a whole iteration over N elements",
         "Walk the fields and values of a hash, a few at a time"),
     .args = ARGS(
         KEY("key", 0),
         ARG("cursor", T_INTEGER),
         {.name = "pattern", .type = T_PATTERN, .token = "MATCH", .flags = OPTIONAL},
         {.name = "count", .type = T_INTEGER, .token = "COUNT", .flags = OPTIONAL})},
    {DOC("hset", "hash", "2.0.0", "O(1) per field-value pair, so O(N) for N pairs",
         "Set one or more fields of a hash"),
     .history = HISTORY({"4.0.0", "Accepts several field-value pairs."}),
     .args = ARGS(
         KEY("key", 0),
         {.name = "field_value", .type = T_BLOCK, .flags = MULTIPLE,
          .args = ARGS(ARG("field", T_STRING), ARG("value", T_STRING))})},
    {DOC("hsetnx", "hash", "2.0.0", "O(1)",
         "Set a hash field only if the hash does not have it yet"),
     .args = ARGS(KEY("key", 0), ARG("field", T_STRING), ARG("value", T_STRING))},
    {DOC("hstrlen", "hash", "3.2.0", "O(1)",
         "Return the length in bytes of a hash field's value"),
     .args = ARGS(KEY("key", 0), ARG("field", T_STRING))},
    {DOC("hvals", "hash", "2.0.0", "O(N) where N is the number of fields of the hash",
         "Return the values of a hash"),
     .args = ARGS(KEY("key", 0))},
    {DOC("incr", "string", "1.0.0", "O(1)",
         "Add one to a key's integer value"),
     .args = ARGS(KEY("key", 0))},
    {DOC("incrby", "string", "1.0.0", "O(1)",
         "Add an integer to a key's integer value"),
     .args = ARGS(KEY("key", 0), ARG("increment", T_INTEGER))},
    {DOC("incrbyfloat", "string", "2.6.0", "O(1)",
         "Add a floating-point number to a key's numeric value"),
     .args = ARGS(KEY("key", 0), ARG("increment", T_DOUBLE))},
    {DOC("info", "server", "1.0.0", "O(1)",
         "Report the server's state and statistics, section by section"),
     .history = HISTORY({"7.0.0", "Accepts several section names."}),
     .args = ARGS({.name = "section", .type = T_STRING, .flags = OPTIONAL | MULTIPLE})},
    {DOC("keys", "generic", "1.0.0", "O(N) where N is the number of keys in the database",
         "Return every key name that matches a glob-style pattern"),
     .args = ARGS(ARG("pattern", T_PATTERN))},
    {DOC("lastsave", "server", "1.0.0", "O(1)",
         "Return the Unix time of the last successful save to disk")},
    {DOC("mget", "string", "1.0.0", "O(N) where N is the number of keys",
         "Return the string values of several keys"),
     .args = ARGS({.name = "key", .type = T_KEY, .key_spec = 0, .flags = MULTIPLE})},
    {DOC("move", "generic", "1.0.0", "O(1)",
         "Move a key from the current database to another one"),
     .args = ARGS(KEY("key", 0), ARG("db", T_INTEGER))},
    {DOC("mset", "string", "1.0.1", "O(N) where N is the number of keys set",
         "Store several key-value pairs at once"),
     .args = ARGS(
         {.name = "key_value", .type = T_BLOCK, .flags = MULTIPLE,
          .args = ARGS(KEY("key", 0), ARG("value", T_STRING))})},
    {DOC("msetnx", "string", "1.0.1", "O(N) where N is the number of keys set",
         "Store several key-value pairs, only if none of the keys exists"),
     .args = ARGS(
         {.name = "key_value", .type = T_BLOCK, .flags = MULTIPLE,
          .args = ARGS(KEY("key", 0), ARG("value", T_STRING))})},
    {DOC("persist", "generic", "2.2.0", "O(1)",
         "Remove a key's expiry, so that it never expires"),
     .args = ARGS(KEY("key", 0))},
    {DOC("pexpire", "generic", "2.6.0", "O(1)",
         "Make a key expire after a number of milliseconds"),
     .history = HISTORY({"7.0.0", "Accepts the `NX`, `XX`, `GT` and `LT` conditions."}),
     .args = ARGS(
         KEY("key", 0),
         ARG("milliseconds", T_INTEGER),
         {.name = "condition", .type = T_ONEOF, .since = "7.0.0", .flags = OPTIONAL,
          .args = ARGS(PURE("nx", "NX"), PURE("xx", "XX"), PURE("gt", "GT"), PURE("lt", "LT"))})},
    {DOC("pexpireat", "generic", "2.6.0", "O(1)",
         "Make a key expire at a Unix time given in milliseconds"),
     .history = HISTORY({"7.0.0", "Accepts the `NX`, `XX`, `GT` and `LT` conditions."}),
     .args = ARGS(
         KEY("key", 0),
         ARG("unix-time-milliseconds", T_UNIX_TIME),
         {.name = "condition", .type = T_ONEOF, .since = "7.0.0", .flags = OPTIONAL,
          .args = ARGS(PURE("nx", "NX"), PURE("xx", "XX"), PURE("gt", "GT"), PURE("lt", "LT"))})},
    {DOC("pexpiretime", "generic", "7.0.0", "O(1)",
         "Return the Unix time, in milliseconds, at which a key expires"),
     .args = ARGS(KEY("key", 0))},
    {DOC("ping", "connection", "1.0.0", "O(1)",
         "Check the connection: reply PONG, or the given message"),
     .args = ARGS({.name = "message", .type = T_STRING, .flags = OPTIONAL})},
    {DOC("psetex", "string", "2.6.0", "O(1)",
         "Store a string at a key with a time to live in milliseconds"),
     .args = ARGS(KEY("key", 0), ARG("milliseconds", T_INTEGER), ARG("value", T_STRING))},
    {DOC("pttl", "generic", "2.6.0", "O(1)",
         "Return the time a key has left to live, in milliseconds"),
     .history = HISTORY({"2.8.0", "Replies -2 when the key does not exist."}),
     .args = ARGS(KEY("key", 0))},
    {DOC("quit", "connection", "1.0.0", "O(1)",
         "Ask the server to close the connection")},
    {DOC("randomkey", "generic", "1.0.0", "O(1)",
         "Return the name of a key picked at random")},
    {DOC("rename", "generic", "1.0.0", "O(1)",
         "Give a key a new name, replacing any key that had it"),
     .args = ARGS(KEY("key", 0), KEY("newkey", 1))},
    {DOC("renamenx", "generic", "1.0.0", "O(1)",
         "Give a key a new name, only if no key has that name"),
     .history = HISTORY({"3.2.0", "Renaming a key to its own name is no longer an error."}),
     .args = ARGS(KEY("key", 0), KEY("newkey", 1))},
    {DOC("reset", "connection", "6.2.0", "O(1)",
         "Put the connection back in the state it had when it opened")},
    {DOC("scan", "generic", "2.8.0", "O(1) per call; O(N) for a whole iteration over N keys",
         "Walk the key names of the current database, a few at a time"),
     .history = HISTORY({"6.0.0", "Accepts a `TYPE` filter."}),
     .args = ARGS(
         ARG("cursor", T_INTEGER),
         {.name = "pattern", .type = T_PATTERN, .token = "MATCH", .flags = OPTIONAL},
         {.name = "count", .type = T_INTEGER, .token = "COUNT", .flags = OPTIONAL},
         {.name = "type", .type = T_STRING, .token = "TYPE", .since = "6.0.0", .flags = OPTIONAL})},
    {DOC("select", "connection", "1.0.0", "O(1)",
         "Switch the connection to another database"),
     .args = ARGS(ARG("index", T_INTEGER))},
    {DOC("set", "string", "1.0.0", "O(1)",
         "Store a string at a key, with options for expiry and conditions"),
     .history = HISTORY(
         {"2.6.12", "Accepts `EX`, `PX`, `NX` and `XX`."},
         {"6.0.0", "Accepts `KEEPTTL`."},
         {"6.2.0", "Accepts `GET`, `EXAT` and `PXAT`."},
         {"7.0.0", "`NX` and `GET` may be used together."}),
     .args = ARGS(
         KEY("key", 0),
         ARG("value", T_STRING),
         {.name = "condition", .type = T_ONEOF, .since = "2.6.12", .flags = OPTIONAL,
          .args = ARGS(PURE("nx", "NX"), PURE("xx", "XX"))},
         {.name = "get", .type = T_PURE_TOKEN, .token = "GET", .since = "6.2.0",
          .flags = OPTIONAL},
         {.name = "expiration", .type = T_ONEOF, .flags = OPTIONAL,
          .args = ARGS(
              {.name = "seconds", .type = T_INTEGER, .token = "EX", .since = "2.6.12"},
              {.name = "milliseconds", .type = T_INTEGER, .token = "PX", .since = "2.6.12"},
              {.name = "unix-time-seconds", .type = T_UNIX_TIME, .token = "EXAT",
               .since = "6.2.0"},
              {.name = "unix-time-milliseconds", .type = T_UNIX_TIME, .token = "PXAT",
               .since = "6.2.0"},
              {.name = "keepttl", .type = T_PURE_TOKEN, .token = "KEEPTTL", .since = "6.0.0"})})},
    {DOC("setex", "string", "2.0.0", "O(1)",
         "Store a string at a key with a time to live in seconds"),
     .args = ARGS(KEY("key", 0), ARG("seconds", T_INTEGER), ARG("value", T_STRING))},
    {DOC("setnx", "string", "1.0.0", "O(1)",
         "Store a string at a key, only if the key does not exist"),
     .args = ARGS(KEY("key", 0), ARG("value", T_STRING))},
    {DOC("setrange", "string", "2.2.0",
         "O(1) plus the copy of the value: O(M) for a value of M bytes",
         "Overwrite part of a key's string value, from a byte offset on"),
     .args = ARGS(KEY("key", 0), ARG("offset", T_INTEGER), ARG("value", T_STRING))},
    {DOC("shutdown", "server", "1.0.0", "O(N) for N keys when saving first, O(1) otherwise",
         "Stop the server, saving the data first when configured to"),
     .history = HISTORY({"7.0.0", "Accepts `NOW`, `FORCE` and `ABORT`."}),
     .args = ARGS(
         {.name = "nosave_save", .type = T_ONEOF, .flags = OPTIONAL,
          .args = ARGS(PURE("nosave", "NOSAVE"), PURE("save", "SAVE"))},
         {.name = "now", .type = T_PURE_TOKEN, .token = "NOW", .since = "7.0.0",
          .flags = OPTIONAL},
         {.name = "force", .type = T_PURE_TOKEN, .token = "FORCE", .since = "7.0.0",
          .flags = OPTIONAL},
         {.name = "abort", .type = T_PURE_TOKEN, .token = "ABORT", .since = "7.0.0",
          .flags = OPTIONAL})},
    {DOC("strlen", "string", "2.2.0", "O(1)",
         "Return the length in bytes of a key's string value"),
     .args = ARGS(KEY("key", 0))},
    {DOC("substr", "string", "1.0.0",
         "O(N) where N is the length of the result, so O(1) for short ones",
         "Return the bytes of a key's string value between two offsets"),
     .deprecated_since = "2.0.0",
     .replaced_by = "`GETRANGE`",
     .args = ARGS(KEY("key", 0), ARG("start", T_INTEGER), ARG("end", T_INTEGER))},
    {DOC("swapdb", "server", "4.0.0",
         "O(N) where N is the number of clients watching or blocked on keys of either database",
         "Exchange the contents of two databases"),
     .args = ARGS(ARG("index1", T_INTEGER), ARG("index2", T_INTEGER))},
    {DOC("time", "server", "2.6.0", "O(1)",
         "Return the server's clock, as seconds and microseconds")},
    {DOC("touch", "generic", "3.2.1", "O(N) where N is the number of keys",
         "Mark keys as just accessed, and count the ones that exist"),
     .args = ARGS({.name = "key", .type = T_KEY, .key_spec = 0, .flags = MULTIPLE})},
    {DOC("ttl", "generic", "1.0.0", "O(1)",
         "Return the time a key has left to live, in seconds"),
     .history = HISTORY({"2.8.0", "Replies -2 when the key does not exist."}),
     .args = ARGS(KEY("key", 0))},
    {DOC("type", "generic", "1.0.0", "O(1)",
         "Return the type of the value stored at a key"),
     .args = ARGS(KEY("key", 0))},
    {DOC("unlink", "generic", "4.0.0",
         "O(1) per key; freeing N allocations then takes O(N) in the background",
         "Remove keys, freeing their memory in the background"),
     .args = ARGS({.name = "key", .type = T_KEY, .key_spec = 0, .flags = MULTIPLE})},
};
/* clang-format on */

/* What a command of the table that has no entry above gets. */
static const struct cmd_doc undocumented = {
    DOC(NULL, "generic", "", "", "Not documented in rung yet"),
};

static int by_doc_name(const void *key, const void *elem)
{
    return strcmp(key, ((const struct cmd_doc *)elem)->name);
}

static const struct cmd_doc *doc_find(const char *name)
{
    return bsearch(name, docs, sizeof docs / sizeof docs[0], sizeof docs[0], by_doc_name);
}

/* --- Writing the reply ----------------------------------------------------- */

/* The writers never stop half-way: a failed append only marks the output,
 * and cmd_docs_reply then swaps the whole partial map for one error. */
struct out {
    struct buf *b;
    int proto;
    int failed;
};

static void check(struct out *o, int rc)
{
    if (rc < 0)
        o->failed = 1;
}

static void put_str(struct out *o, const char *s)
{
    check(o, resp_add_bulk_str(o->b, s));
}

static void put_field(struct out *o, const char *key, const char *value)
{
    put_str(o, key);
    put_str(o, value);
}

static size_t count_args(const struct doc_arg *args)
{
    size_t n = 0;
    while (args && args[n].name)
        n++;
    return n;
}

static void put_arg_flags(struct out *o, unsigned flags)
{
    size_t n = 0;
    for (size_t i = 0; i < 3; i++)
        n += (flags >> i) & 1u;
    check(o, resp_add_set(o->b, o->proto, n));
    for (size_t i = 0; i < 3; i++)
        if (flags & (1u << i))
            check(o, resp_add_simple(o->b, flag_names[i]));
}

static void put_args(struct out *o, const struct doc_arg *args);

/* One argument: a map whose optional fields appear only when set, in
 * Redis's order - clients match fields by name, but a byte-for-byte
 * comparison with Redis should not trip on the order. */
static void put_arg(struct out *o, const struct doc_arg *a)
{
    size_t fields = 2 + (a->type == T_KEY) + !!a->token + !!a->since + !!a->deprecated_since +
                    !!a->flags + !!a->args;
    check(o, resp_add_map(o->b, o->proto, fields));
    put_field(o, "name", a->name);
    put_field(o, "type", type_names[a->type]);
    if (a->type == T_KEY) {
        put_str(o, "key_spec_index");
        check(o, resp_add_integer(o->b, a->key_spec));
    }
    if (a->token)
        put_field(o, "token", a->token);
    if (a->since)
        put_field(o, "since", a->since);
    if (a->deprecated_since)
        put_field(o, "deprecated_since", a->deprecated_since);
    if (a->flags) {
        put_str(o, "flags");
        put_arg_flags(o, a->flags);
    }
    if (a->args) {
        put_str(o, "arguments");
        put_args(o, a->args);
    }
}

static void put_args(struct out *o, const struct doc_arg *args)
{
    size_t n = count_args(args);
    check(o, resp_add_array(o->b, n));
    for (size_t i = 0; i < n; i++)
        put_arg(o, &args[i]);
}

/* History: a set of [version, change] pairs, oldest first. */
static void put_history(struct out *o, const struct doc_history *h)
{
    size_t n = 0;
    while (h[n].version)
        n++;
    check(o, resp_add_set(o->b, o->proto, n));
    for (size_t i = 0; i < n; i++) {
        check(o, resp_add_array(o->b, 2));
        put_str(o, h[i].version);
        put_str(o, h[i].change);
    }
}

static void put_deprecation(struct out *o, const struct cmd_doc *d)
{
    put_str(o, "doc_flags");
    check(o, resp_add_set(o->b, o->proto, 1));
    check(o, resp_add_simple(o->b, "deprecated"));
    put_field(o, "deprecated_since", d->deprecated_since);
    put_field(o, "replaced_by", d->replaced_by);
}

static void put_doc(struct out *o, const struct cmd_doc *d);

static void put_subcommands(struct out *o, const struct cmd_doc *subs)
{
    size_t n = 0;
    while (subs[n].name)
        n++;
    check(o, resp_add_map(o->b, o->proto, n));
    for (size_t i = 0; i < n; i++) {
        put_str(o, subs[i].name);
        put_doc(o, &subs[i]);
    }
}

/* One command's map (its name, the key, is written by the caller). */
static void put_doc(struct out *o, const struct cmd_doc *d)
{
    size_t fields = 4 + (d->deprecated_since ? 3 : 0) + !!d->history + !!d->args + !!d->subs;
    check(o, resp_add_map(o->b, o->proto, fields));
    put_field(o, "summary", d->summary);
    put_field(o, "since", d->since);
    put_field(o, "group", d->group);
    put_field(o, "complexity", d->complexity);
    if (d->deprecated_since)
        put_deprecation(o, d);
    if (d->history) {
        put_str(o, "history");
        put_history(o, d->history);
    }
    if (d->args) {
        put_str(o, "arguments");
        put_args(o, d->args);
    }
    if (d->subs) {
        put_str(o, "subcommands");
        put_subcommands(o, d->subs);
    }
}

/* --- Which commands --------------------------------------------------------- */

/* A name the reply covers: the key to write and the map under it. */
struct found {
    const char *name;
    const struct cmd_doc *doc; /* NULL: left out */
};

static int same_name(const char *lower, const char *name, size_t len)
{
    if (strlen(lower) != len)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (lower[i] != tolower((unsigned char)name[i]))
            return 0;
    return 1;
}

/* "get" or "GET": a command of t.  "client|list": a subcommand of a
 * command of t.  Anything else, or a command t lacks, is left out. */
static struct found find(const struct cmd_table *t, const char *name, size_t len)
{
    struct found f = {NULL, NULL};
    const char *bar = memchr(name, '|', len);
    const struct cmd *cmd = cmd_lookup(t, name, bar ? (size_t)(bar - name) : len);
    if (!cmd)
        return f;
    const struct cmd_doc *doc = doc_find(cmd->name);
    if (!bar) {
        f.name = cmd->name;
        f.doc = doc ? doc : &undocumented;
        return f;
    }
    for (const struct cmd_doc *sub = doc ? doc->subs : NULL; sub && sub->name; sub++) {
        if (same_name(sub->name, name, len)) {
            f.name = sub->name;
            f.doc = sub;
        }
    }
    return f;
}

static void put_entry(struct out *o, struct found f)
{
    put_str(o, f.name);
    put_doc(o, f.doc);
}

static void put_all(struct out *o, const struct cmd_table *t)
{
    check(o, resp_add_map(o->b, o->proto, t->n));
    for (size_t i = 0; i < t->n; i++)
        put_entry(o, find(t, t->cmds[i]->name, strlen(t->cmds[i]->name)));
}

/* The named ones, in the order given, repeats included (as Redis does). */
static void put_named(struct out *o, const char *const *names, const size_t *lens, size_t n,
                      const struct cmd_table *t)
{
    size_t known = 0;
    for (size_t i = 0; i < n; i++)
        known += find(t, names[i], lens[i]).doc != NULL;
    check(o, resp_add_map(o->b, o->proto, known));
    for (size_t i = 0; i < n; i++) {
        struct found f = find(t, names[i], lens[i]);
        if (f.doc)
            put_entry(o, f);
    }
}

void cmd_docs_reply(struct buf *reply, int proto, const char *const *names, const size_t *lens,
                    size_t n, const struct cmd_table *t)
{
    struct out o = {reply, proto, 0};
    size_t start = reply->len;
    if (n == 0)
        put_all(&o, t);
    else
        put_named(&o, names, lens, n, t);
    if (o.failed) {
        reply->len = start; /* drop the partial map: a reply is whole or absent */
        resp_add_error(reply, CMD_ERR_OOM);
    }
}

/* COMMAND DOCS [name ...] here; every other COMMAND form as before. */
static void cmd_command_with_docs(struct client *c)
{
    if (c->argc >= 2 && client_arg_is(c, 1, "docs"))
        cmd_docs_reply(&c->reply, c->resp, c->argv + 2, c->argvlen + 2, (size_t)c->argc - 2,
                       c->commands);
    else
        cmd_command(c);
}

const struct cmd cmd_docs_group[] = {
    {"command", cmd_command_with_docs, -1, "loading stale", 0, 0, 0},
    {NULL, NULL, 0, NULL, 0, 0, 0},
};
