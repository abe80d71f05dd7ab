/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "aduan-test-util.h"
#include "aduan-tracking-code.h"

typedef struct
{
  char *dir;
  int   status;
  char *out;
  char *err;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->dir = aduan_test_make_temp_dir ("cli");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->out, g_free);
  g_clear_pointer (&fixture->err, g_free);
}

/* Runs the built aduanctl with --data-dir pointing at the fixture's
 * folder, keeping its exit status, stdout and stderr. */
static void
run_full (Fixture    *fixture,
          const char *stdin_text,
          ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = aduan_test_find_program ("ADUANCTL", "src/cli/aduanctl");
  va_list ap;
  const char *arg;

  g_ptr_array_add (args, program);
  va_start (ap, stdin_text);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_setenv (launcher, "ADUAN_DATA_DIR", fixture->dir, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);

  g_clear_pointer (&fixture->out, g_free);
  g_clear_pointer (&fixture->err, g_free);
  g_subprocess_communicate_utf8 (process, stdin_text ? stdin_text : "", NULL, &fixture->out, &fixture->err, &error);
  g_assert_no_error (error);
  fixture->status = g_subprocess_get_exit_status (process);
}

#define run(fixture, ...) run_full (fixture, NULL, __VA_ARGS__, NULL)

static void
assert_one_error_line (Fixture *fixture,
                       int      status)
{
  g_assert_cmpint (fixture->status, ==, status);
  g_assert_cmpstr (fixture->out, ==, "");
  g_assert_true (g_str_has_prefix (fixture->err, "aduanctl "));
  g_assert_true (g_str_has_suffix (fixture->err, "\n"));
  g_assert_true (strchr (fixture->err, '\n') == fixture->err + strlen (fixture->err) - 1);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* add prints the tracking code and UUID; show finds it by either, and the
 * JSON of show is the JSON add printed. */
static void
test_add_show (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_auto(GStrv) fields = NULL;
  g_autoptr(JsonNode) added = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autofree char *code = NULL;
  g_autofree char *uuid = NULL;

  run (fixture, "add", "--category", "street-lighting", "--title", "Lampu PJU mati",
       "--description", "Tiga malam padam di Jalan Pahlawan", "--reporter-name", "Siti",
       "--reporter-phone", "081234567890", "--village", "35.77.01.1001",
       "--latitude", "-7.6298", "--longitude", "111.5239", "--accuracy", "8",
       "--channel", "whatsapp", "--kind", "aspiration");
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpstr (fixture->err, ==, "");
  fields = g_strsplit (g_strstrip (fixture->out), "\t", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 2);
  g_assert_true (aduan_tracking_code_is_valid (fields[0]));
  g_assert_true (g_uuid_string_is_valid (fields[1]));
  code = g_strdup (fields[0]);
  uuid = g_strdup (fields[1]);

  run (fixture, "show", code);
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_nonnull (strstr (fixture->out, "Lampu PJU mati"));
  g_assert_nonnull (strstr (fixture->out, "Oro-oro Ombo"));

  run (fixture, "show", "--json", uuid);
  g_assert_cmpint (fixture->status, ==, 0);
  shown = parse_json (fixture->out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "tracking_code"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "channel"), ==, "whatsapp");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "kind"), ==, "aspiration");

  run (fixture, "add", "--json", "--category", "trees", "--title", "Pohon tumbang",
       "--description", "Menutup jalan", "--anonymous", "--confidential");
  g_assert_cmpint (fixture->status, ==, 0);
  added = parse_json (fixture->out);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (added), "anonymous"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (json_node_get_object (added), "reporter")));
}

/* list and search show what was added, newest first, as text and JSON. */
static void
test_list_search (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(JsonNode) listed = NULL;
  g_autoptr(JsonNode) found = NULL;

  run (fixture, "add", "--category", "roads-drainage", "--title", "Drainase tersumbat",
       "--description", "Air meluap ke jalan", "--anonymous");
  g_assert_cmpint (fixture->status, ==, 0);
  run (fixture, "add", "--category", "billboards", "--title", "Reklame roboh",
       "--description", "Papan reklame miring", "--anonymous");
  g_assert_cmpint (fixture->status, ==, 0);

  run (fixture, "list");
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_true (strstr (fixture->out, "Reklame") < strstr (fixture->out, "Drainase"));

  run (fixture, "list", "--json");
  listed = parse_json (fixture->out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 2);

  run (fixture, "search", "--json", "reklame");
  g_assert_cmpint (fixture->status, ==, 0);
  found = parse_json (fixture->out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (found)), ==, 1);

  run (fixture, "search", "tidak-ada-apa-apa");
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpstr (fixture->out, ==, "");

  run (fixture, "list", "--state", "sent");
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_cmpstr (fixture->out, ==, "");
}

/* export writes CSV a spreadsheet reads safely, and JSON that parses. */
static void
test_export (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(JsonNode) exported = NULL;
  g_autofree char *csv_path = g_build_filename (fixture->dir, "out.csv", NULL);
  g_autofree char *csv = NULL;

  run (fixture, "add", "--category", "other", "--title", "=HYPERLINK(\"x\")",
       "--description", "Baris satu\nbaris \"dua\"", "--reporter-name", "Budi", "--reporter-nik", "3577012345678901");
  g_assert_cmpint (fixture->status, ==, 0);

  run (fixture, "export", "--format", "csv", "--output", csv_path);
  g_assert_cmpint (fixture->status, ==, 0);
  g_file_get_contents (csv_path, &csv, NULL, NULL);
  g_assert_true (g_str_has_prefix (csv, "tracking_code,uuid,"));
  g_assert_nonnull (strstr (csv, "\"'=HYPERLINK(\"\"x\"\")\""));
  g_assert_nonnull (strstr (csv, "\"Baris satu\nbaris \"\"dua\"\"\""));
  g_assert_nonnull (strstr (csv, "3577012345678901"));

  run (fixture, "export", "--format", "json", "--no-personal");
  g_assert_cmpint (fixture->status, ==, 0);
  exported = parse_json (fixture->out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (exported)), ==, 1);
  g_assert_null (strstr (fixture->out, "3577012345678901"));
  g_assert_null (strstr (fixture->out, "Budi"));

  run (fixture, "export", "--format", "xml");
  assert_one_error_line (fixture, 2);
}

/* Bad input: one line on stderr, exit 1, and nothing saved. */
static void
test_bad_input (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *huge = g_strnfill (1024 * 1024, 'x');
  g_autofree char *huge_path = g_build_filename (fixture->dir, "huge.txt", NULL);
  g_autofree char *code = NULL;

  run (fixture, "add", "--category", "other", "--title", "Sah", "--description", "Sah", "--anonymous");
  g_assert_cmpint (fixture->status, ==, 0);
  code = g_strndup (fixture->out, ADUAN_TRACKING_CODE_LENGTH);

  g_file_set_contents (huge_path, huge, -1, NULL);
  run (fixture, "add", "--category", "other", "--title", "Besar", "--description-file", huge_path, "--anonymous");
  assert_one_error_line (fixture, 1);
  g_assert_nonnull (strstr (fixture->err, "description"));

  run (fixture, "add", "--category", "other", "--title", "Rusak \xff\xfe", "--description", "x", "--anonymous");
  assert_one_error_line (fixture, 1);
  g_assert_nonnull (strstr (fixture->err, "title"));

  run (fixture, "add", "--category", "no-such", "--title", "x", "--description", "x", "--anonymous");
  assert_one_error_line (fixture, 1);
  g_assert_nonnull (strstr (fixture->err, "no-such"));

  run (fixture, "add", "--category", "other", "--title", "x", "--description", "x", "--anonymous", "--village", "99.99.99.9999");
  assert_one_error_line (fixture, 1);
  g_assert_nonnull (strstr (fixture->err, "99.99.99.9999"));

  run (fixture, "add", "--category", "other", "--title", "x", "--description", "x", "--anonymous", "--latitude", "abc", "--longitude", "1");
  assert_one_error_line (fixture, 1);

  /* A mistyped code is told apart from an unknown one. */
  code[6] = code[6] == 'A' ? 'B' : 'A';
  run (fixture, "show", code);
  assert_one_error_line (fixture, 1);
  g_assert_nonnull (strstr (fixture->err, "mistyped"));

  /* Only the one valid complaint was saved. */
  run (fixture, "list");
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_true (strchr (fixture->out, '\n') == fixture->out + strlen (fixture->out) - 1);
}

/* Wrong usage exits 2 with one line; --help exits 0. */
static void
test_usage (Fixture       *fixture,
            gconstpointer  user_data)
{
  run (fixture, "frobnicate");
  g_assert_cmpint (fixture->status, ==, 2);

  run (fixture, "add", "--no-such-option");
  assert_one_error_line (fixture, 2);

  run (fixture, "show");
  assert_one_error_line (fixture, 2);

  run (fixture, "list", "--state", "lost");
  assert_one_error_line (fixture, 2);

  run (fixture, "add", "--help");
  g_assert_cmpint (fixture->status, ==, 0);
  g_assert_nonnull (strstr (fixture->out, "--reporter-nik"));

  run (fixture, "--help");
  g_assert_cmpint (fixture->status, ==, 0);
}

/* A corrupt database file: a clear error, and the file is left alone. */
static void
test_corrupt_store (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "aduan.sqlite", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_file_set_contents (path, "this is not a database, it is a shopping list\n", -1, NULL);
  before = aduan_test_hash_file (path);
  run (fixture, "add", "--category", "other", "--title", "x", "--description", "x", "--anonymous");
  assert_one_error_line (fixture, 1);
  g_assert_nonnull (strstr (fixture->err, "damaged"));
  after = aduan_test_hash_file (path);
  g_assert_cmpstr (before, ==, after);
}

/* The description can come from standard input. */
static void
test_description_stdin (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(JsonNode) node = NULL;

  run_full (fixture, "Dari stdin: jalan berlubang\n", "add", "--json", "--category", "roads-drainage",
            "--title", "Jalan berlubang", "--description-file", "-", "--anonymous", NULL);
  g_assert_cmpint (fixture->status, ==, 0);
  node = parse_json (fixture->out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "description"), ==,
                   "Dari stdin: jalan berlubang\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli/add-show", test_add_show);
  ADD ("/cli/list-search", test_list_search);
  ADD ("/cli/export", test_export);
  ADD ("/cli/bad-input", test_bad_input);
  ADD ("/cli/usage", test_usage);
  ADD ("/cli/corrupt-store", test_corrupt_store);
  ADD ("/cli/description-stdin", test_description_stdin);

  return g_test_run ();
}
