/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "aduan-error.h"
#include "aduan-store.h"
#include "aduan-test-util.h"
#include "aduan-tracking-code.h"

typedef struct
{
  char           *dir;
  AduanStore     *store;
  AduanCatalog   *catalog;
  AduanAreaIndex *areas;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = aduan_test_make_temp_dir ("store");
  fixture->store = aduan_store_open (fixture->dir, &error);
  g_assert_no_error (error);

  fixture->catalog = aduan_catalog_new_default (&error);
  g_assert_no_error (error);
  fixture->areas = aduan_area_index_open_default (&error);
  g_assert_no_error (error);

  aduan_store_set_catalog (fixture->store, fixture->catalog);
  aduan_store_set_area_index (fixture->store, fixture->areas);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->catalog);
  g_clear_object (&fixture->areas);
  g_clear_pointer (&fixture->dir, g_free);
}

static char *
database_path (const char *dir)
{
  return g_build_filename (dir, "aduan.sqlite", NULL);
}

static gint64
count_all (AduanStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 n = aduan_store_count (store, NULL, &error);

  g_assert_no_error (error);
  return n;
}

/* A new complaint gets a UUID, a valid tracking code and times, and reads
 * back the same by UUID and by a sloppily typed code. */
static void
test_save_new (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(AduanComplaint) complaint = aduan_test_make_complaint (1);
  g_autoptr(AduanComplaint) by_uuid = NULL;
  g_autoptr(AduanComplaint) by_code = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *typed = NULL;

  complaint->village_code = g_strdup ("35.77.01.1001");
  g_assert_true (aduan_store_save (fixture->store, complaint, &error));
  g_assert_no_error (error);

  g_assert_true (g_uuid_string_is_valid (complaint->uuid));
  g_assert_true (aduan_tracking_code_is_valid (complaint->tracking_code));
  g_assert_true (g_str_has_prefix (complaint->tracking_code, aduan_store_get_device_prefix (fixture->store)));
  g_assert_cmpint (complaint->created_at, >, 0);
  g_assert_cmpint (complaint->sync_state, ==, ADUAN_SYNC_STATE_WAITING);
  g_assert_nonnull (complaint->village_label);

  by_uuid = aduan_store_get (fixture->store, complaint->uuid, &error);
  g_assert_no_error (error);
  g_assert_true (aduan_complaint_same_content (complaint, by_uuid));
  g_assert_cmpstr (by_uuid->village_label, ==, complaint->village_label);

  typed = g_ascii_strdown (complaint->tracking_code, -1);
  typed[4] = ' ';
  by_code = aduan_store_get (fixture->store, typed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_code->uuid, ==, complaint->uuid);
}

/* Tracking codes never repeat on a device, also across reopening. */
static void
test_save_codes_unique (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(AduanComplaint) complaint = aduan_test_make_complaint (i);

      if (i == 20)
        {
          g_clear_object (&fixture->store);
          fixture->store = aduan_store_open (fixture->dir, &error);
          g_assert_no_error (error);
        }

      g_assert_true (aduan_store_save (fixture->store, complaint, &error));
      g_assert_false (g_hash_table_contains (codes, complaint->tracking_code));
      g_hash_table_add (codes, g_strdup (complaint->tracking_code));
    }
}

/* Editing a complaint still waiting to be sent updates it and its search
 * entry; once the hub holds it, it can no longer change. */
static void
test_save_update (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(AduanComplaint) complaint = aduan_test_make_complaint (2);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) old_hits = NULL;
  g_autoptr(GPtrArray) new_hits = NULL;
  AduanStoreQuery query = ADUAN_STORE_QUERY_INIT;
  g_autofree char *code = NULL;

  g_assert_true (aduan_store_save (fixture->store, complaint, &error));
  code = g_strdup (complaint->tracking_code);

  /* Edited before the search index saw it: the index takes the new text. */
  aduan_complaint_set_string (&complaint->title, "Gorong-gorong ambrol");
  g_assert_true (aduan_store_save (fixture->store, complaint, &error));
  query.search = "ambrol";
  g_assert_cmpint (aduan_store_count (fixture->store, &query, &error), ==, 1);

  /* Edited after: the old words leave the index. */
  aduan_complaint_set_string (&complaint->title, "Jembatan bambu rusak");
  g_assert_true (aduan_store_save (fixture->store, complaint, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (complaint->tracking_code, ==, code);
  g_assert_cmpint (count_all (fixture->store), ==, 1);

  query.search = "ambrol";
  g_assert_cmpint (aduan_store_count (fixture->store, &query, &error), ==, 0);
  query.search = "parkir";
  old_hits = aduan_store_list (fixture->store, &query, &error);
  g_assert_cmpuint (old_hits->len, ==, 0);
  query.search = "jembatan";
  new_hits = aduan_store_list (fixture->store, &query, &error);
  g_assert_cmpuint (new_hits->len, ==, 1);

  /* The index matches the rows exactly, as FTS5's own check sees it. */
  {
    g_autofree char *path = database_path (fixture->dir);
    sqlite3 *db = NULL;

    g_assert_true (aduan_store_update_search_index (fixture->store, &error));
    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "INSERT INTO complaints_fts (complaints_fts, rank) VALUES ('integrity-check', 1)",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }

  g_assert_true (aduan_store_set_sync_state (fixture->store, complaint->uuid, ADUAN_SYNC_STATE_SENT, &error));
  aduan_complaint_set_string (&complaint->title, "Diubah setelah terkirim");
  g_assert_false (aduan_store_save (fixture->store, complaint, &error));
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_CONFLICT);
}

/* Bad input is refused with the field named, and nothing is written. */
static void
test_save_invalid (Fixture       *fixture,
                   gconstpointer  user_data)
{
  struct {
    const char *field;
    void (*mutate) (AduanComplaint *c);
  } cases[] = {
    { "description", NULL },
    { "title", NULL },
    { "category", NULL },
    { "village_code", NULL },
    { "reporter", NULL },
    { "reporter.nik", NULL },
    { "reporter.phone", NULL },
    { "village_code", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AduanComplaint) complaint = aduan_test_make_complaint (i);
      g_autoptr(GError) error = NULL;

      switch (i)
        {
        case 0: /* 1 MB of text */
          g_free (complaint->description);
          complaint->description = g_strnfill (1024 * 1024, 'a');
          break;
        case 1:
          aduan_complaint_set_string (&complaint->title, "Lampu \xff\xfe mati");
          break;
        case 2:
          aduan_complaint_set_string (&complaint->category, "no-such-category");
          break;
        case 3:
          aduan_complaint_set_string (&complaint->village_code, "99.99.99.9999");
          break;
        case 4:
          complaint->anonymous = TRUE;
          /* The store forgets the reporter of an anonymous report; check
           * the codec refuses one that still names somebody. */
          g_assert_false (aduan_complaint_validate (complaint, NULL, NULL, &error));
          g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD);
          g_assert_true (g_str_has_prefix (error->message, cases[i].field));
          continue;
        case 5:
          aduan_complaint_set_string (&complaint->reporter_nik, "12345");
          break;
        case 6:
          aduan_complaint_set_string (&complaint->reporter_phone, "call me maybe");
          break;
        case 7:
          aduan_complaint_set_string (&complaint->village_code, "35.77.01");
          break;
        }

      g_assert_false (aduan_store_save (fixture->store, complaint, &error));
      g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, cases[i].field));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_null (complaint->uuid);
      g_assert_null (complaint->tracking_code);
    }

  g_assert_cmpint (count_all (fixture->store), ==, 0);
}

/* An anonymous report keeps nobody's identity, even if the form had it. */
static void
test_save_anonymous (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(AduanComplaint) complaint = aduan_test_make_complaint (3);
  g_autoptr(AduanComplaint) stored = NULL;
  g_autoptr(GError) error = NULL;

  complaint->anonymous = TRUE;
  aduan_complaint_set_string (&complaint->reporter_nik, "3577012345678901");
  g_assert_true (aduan_store_save (fixture->store, complaint, &error));
  g_assert_no_error (error);

  stored = aduan_store_get (fixture->store, complaint->uuid, &error);
  g_assert_null (stored->reporter_name);
  g_assert_null (stored->reporter_phone);
  g_assert_null (stored->reporter_nik);
  g_assert_null (complaint->reporter_name);
}

/* A mistyped code says so; an unknown one says it is not here. */
static void
test_get_errors (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(AduanComplaint) complaint = aduan_test_make_complaint (4);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(GError) error3 = NULL;
  g_autoptr(AduanComplaint) missing = NULL;
  g_autoptr(AduanComplaint) typo = NULL;
  g_autoptr(AduanComplaint) unknown = NULL;
  g_autofree char *other = NULL;
  g_autofree char *mistyped = NULL;

  g_assert_true (aduan_store_save (fixture->store, complaint, &error));

  mistyped = g_strdup (complaint->tracking_code);
  mistyped[6] = mistyped[6] == 'A' ? 'B' : 'A';
  typo = aduan_store_get (fixture->store, mistyped, &error);
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_CODE);

  other = aduan_tracking_code_build ("XXXX", 5, NULL);
  unknown = aduan_store_get (fixture->store, other, &error2);
  g_assert_error (error2, ADUAN_ERROR, ADUAN_ERROR_NOT_FOUND);

  missing = aduan_store_get (fixture->store, "3f6c1f4e-0000-4000-8000-000000000000", &error3);
  g_assert_error (error3, ADUAN_ERROR, ADUAN_ERROR_NOT_FOUND);
}

/* Search finds words in title, description, reporter, village and code,
 * by prefix, without accents, and never fails on what a person types. */
static void
test_search (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  struct { const char *query; gint64 expected; } cases[] = {
    { "lampu", 1 },
    { "LAMPU pahlawan", 1 },
    { "lam", 1 },
    { "drainase", 1 },
    { "ditindaklanjuti", 5 },
    { "aminah", 1 },
    { "kafé", 1 },
    { "kafe", 1 },
    { "\"*:(-) AND OR NEAR", 0 },
    { "\"*:(-)^", 6 },
    { "", 6 },
    { "tidakada", 0 },
  };

  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(AduanComplaint) complaint = aduan_test_make_complaint (i);

      if (i == 5)
        aduan_complaint_set_string (&complaint->description, "Kafé liar di trotoar");
      if (i == 4)
        aduan_complaint_set_string (&complaint->reporter_name, "Siti Aminah");
      g_assert_true (aduan_store_save (fixture->store, complaint, &error));
      if (i == 2)
        code = g_strdup (complaint->tracking_code);
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      AduanStoreQuery query = ADUAN_STORE_QUERY_INIT;
      gint64 n;

      query.search = cases[i].query;
      n = aduan_store_count (fixture->store, &query, &error);
      g_assert_no_error (error);
      g_test_message ("“%s” → %" G_GINT64_FORMAT, cases[i].query, n);
      g_assert_cmpint (n, ==, cases[i].expected);
    }

  {
    AduanStoreQuery query = ADUAN_STORE_QUERY_INIT;
    g_autoptr(GPtrArray) hits = NULL;

    query.search = code;
    hits = aduan_store_list (fixture->store, &query, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, ==, 1);
    g_assert_cmpstr (((AduanComplaint *) hits->pdata[0])->tracking_code, ==, code);
  }

  {
    AduanStoreQuery query = ADUAN_STORE_QUERY_INIT;

    query.search = "\xff\xfe";
    g_assert_cmpint (aduan_store_count (fixture->store, &query, &error), ==, -1);
    g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD);
  }
}

/* Listing pages through complaints newest first, and filters by state. */
static void
test_list_paging (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) uuids = NULL;
  AduanStoreQuery query = ADUAN_STORE_QUERY_INIT;
  guint seen = 0;

  for (guint i = 0; i < 25; i++)
    {
      g_autoptr(AduanComplaint) complaint = aduan_test_make_complaint (i);

      complaint->created_at = 1763880000000000 + i * G_USEC_PER_SEC;
      g_assert_true (aduan_store_save (fixture->store, complaint, &error));
      if (i % 5 == 0)
        aduan_store_set_sync_state (fixture->store, complaint->uuid, ADUAN_SYNC_STATE_SENT, &error);
      g_assert_no_error (error);
    }

  all = aduan_store_list (fixture->store, NULL, &error);
  g_assert_cmpuint (all->len, ==, 25);
  for (guint i = 1; i < all->len; i++)
    g_assert_cmpint (((AduanComplaint *) all->pdata[i - 1])->created_at, >=, ((AduanComplaint *) all->pdata[i])->created_at);

  query.limit = 10;
  for (query.offset = 0; query.offset < 30; query.offset += 10)
    {
      g_autoptr(GPtrArray) page = aduan_store_list (fixture->store, &query, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < page->len; i++, seen++)
        g_assert_cmpstr (((AduanComplaint *) page->pdata[i])->uuid, ==, ((AduanComplaint *) all->pdata[seen])->uuid);
    }
  g_assert_cmpuint (seen, ==, 25);

  query = (AduanStoreQuery) ADUAN_STORE_QUERY_INIT;
  query.sync_state = ADUAN_SYNC_STATE_SENT;
  g_assert_cmpint (aduan_store_count (fixture->store, &query, &error), ==, 5);
  uuids = aduan_store_list_uuids (fixture->store, &query, &error);
  g_assert_cmpuint (uuids->len, ==, 5);
}

/* A draft is kept, replaced and removed; it survives reopening. */
static void
test_draft (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *none = NULL;
  g_autofree char *loaded = NULL;
  g_autofree char *gone = NULL;

  none = aduan_store_load_draft (fixture->store, "officer", &error);
  g_assert_no_error (error);
  g_assert_null (none);

  g_assert_true (aduan_store_save_draft (fixture->store, "officer", "{\"title\":\"La\"}", &error));
  g_assert_true (aduan_store_save_draft (fixture->store, "officer", "{\"title\":\"Lampu\"}", &error));
  g_assert_false (aduan_store_save_draft (fixture->store, "officer", "\xff", &error));
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  g_clear_object (&fixture->store);
  fixture->store = aduan_store_open (fixture->dir, &error);
  loaded = aduan_store_load_draft (fixture->store, "officer", &error);
  g_assert_cmpstr (loaded, ==, "{\"title\":\"Lampu\"}");

  g_assert_true (aduan_store_delete_draft (fixture->store, "officer", &error));
  gone = aduan_store_load_draft (fixture->store, "officer", &error);
  g_assert_null (gone);
}

/* What was saved, complaint or draft, survives the process being killed
 * with SIGKILL straight after. */
static void
test_kill_after_save (void)
{
  g_autofree char *dir = aduan_test_make_temp_dir ("kill");
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanStore) store = NULL;
  g_autoptr(AduanComplaint) complaint = NULL;
  g_autofree char *code_path = g_build_filename (dir, "code", NULL);
  g_autofree char *code = NULL;
  g_autofree char *draft = NULL;
  pid_t pid;
  int status;

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      AduanStore *child_store = aduan_store_open (dir, NULL);
      AduanComplaint *saved = aduan_test_make_complaint (7);

      if (child_store == NULL || !aduan_store_save (child_store, saved, NULL) ||
          !aduan_store_save_draft (child_store, "officer", "{\"title\":\"Separuh\"}", NULL) ||
          !g_file_set_contents (code_path, saved->tracking_code, -1, NULL))
        _exit (1);
      raise (SIGKILL);
      _exit (2);
    }

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

  g_file_get_contents (code_path, &code, NULL, &error);
  g_assert_no_error (error);
  store = aduan_store_open (dir, &error);
  g_assert_no_error (error);
  complaint = aduan_store_get (store, code, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (complaint->title, "#7"));
  draft = aduan_store_load_draft (store, "officer", &error);
  g_assert_cmpstr (draft, ==, "{\"title\":\"Separuh\"}");
}

/* A schema-1 file from an older Aduan is migrated: its complaints, their
 * sync states and the draft are kept and become searchable. */
static void
test_migrate_from_v1 (void)
{
  g_autofree char *dir = aduan_test_make_temp_dir ("migrate");
  g_autofree char *path = database_path (dir);
  g_autofree char *fixture_path = g_test_build_filename (G_TEST_DIST, "core", "fixtures", "store-v1.sql", NULL);
  g_autofree char *sql = NULL;
  g_autofree char *code0 = aduan_tracking_code_build ("K7QM", 0, NULL);
  g_autofree char *code1 = aduan_tracking_code_build ("K7QM", 1, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanStore) store = NULL;
  g_autoptr(AduanComplaint) first = NULL;
  g_autoptr(AduanComplaint) second = NULL;
  g_autoptr(AduanComplaint) fresh = NULL;
  g_autofree char *draft = NULL;
  AduanStoreQuery query = ADUAN_STORE_QUERY_INIT;
  sqlite3 *db = NULL;
  GString *text;

  g_file_get_contents (fixture_path, &sql, NULL, &error);
  g_assert_no_error (error);
  text = g_string_new (sql);
  g_string_replace (text, "@CODE0@", code0, 1);
  g_string_replace (text, "@CODE1@", code1, 1);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, text->str, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_string_free (text, TRUE);

  store = aduan_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (aduan_store_get_device_prefix (store), ==, "K7QM");
  g_assert_cmpint (count_all (store), ==, 2);

  first = aduan_store_get (store, code0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->reporter_name, ==, "Siti Aminah");
  g_assert_true (first->has_location);
  g_assert_cmpfloat_with_epsilon (first->accuracy_m, 12.5, 1e-9);
  second = aduan_store_get (store, code1, &error);
  g_assert_cmpint (second->sync_state, ==, ADUAN_SYNC_STATE_SENT);
  g_assert_true (second->anonymous && second->confidential);

  query.search = "angsana";
  g_assert_cmpint (aduan_store_count (store, &query, &error), ==, 1);

  draft = aduan_store_load_draft (store, "officer", &error);
  g_assert_cmpstr (draft, ==, "{\"title\":\"Belum selesai\"}");

  /* The sequence carries on where schema 1 left it. */
  fresh = aduan_test_make_complaint (9);
  g_assert_true (aduan_store_save (store, fresh, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fresh->tracking_code, !=, code0);
  g_assert_cmpstr (fresh->tracking_code, !=, code1);

  g_clear_object (&store);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;
    sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, ADUAN_STORE_SCHEMA_VERSION);
    sqlite3_finalize (stmt);
  }
  sqlite3_close (db);
}

/* Schema 6 kept a counter row for the tracking-code sequence; schema 7
 * reads it off the newest row instead. A file whose counter had run ahead
 * (codes given out by saves since) goes on after the counter, never back
 * over a code already given. */
static void
test_migrate_sequence_from_v6 (void)
{
  g_autofree char *dir = aduan_test_make_temp_dir ("sequence-v6");
  g_autofree char *path = database_path (dir);
  g_autofree char *prefix = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanStore) store = NULL;
  g_autoptr(AduanComplaint) first = aduan_test_make_complaint (1);
  g_autoptr(AduanComplaint) next = aduan_test_make_complaint (2);
  g_autoptr(AduanComplaint) after = aduan_test_make_complaint (3);
  sqlite3 *db = NULL;

  store = aduan_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (aduan_store_save (store, first, &error));
  g_assert_no_error (error);
  prefix = g_strndup (first->tracking_code, 4);
  g_clear_object (&store);

  /* Back to schema 6, its counter at 41. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "DELETE FROM meta WHERE key = 'sequence_base';"
                                 "INSERT INTO meta (key, value) VALUES ('next_sequence', '41');"
                                 "PRAGMA user_version = 6;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = aduan_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (aduan_store_save (store, next, &error));
  g_assert_no_error (error);
  expected = aduan_tracking_code_build (prefix, 41, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (next->tracking_code, ==, expected);

  g_free (expected);
  g_assert_true (aduan_store_save (store, after, &error));
  g_assert_no_error (error);
  expected = aduan_tracking_code_build (prefix, 42, &error);
  g_assert_cmpstr (after->tracking_code, ==, expected);
}

/* A file from a newer Aduan is refused and left exactly as it was. */
static void
test_migrate_too_new (void)
{
  g_autofree char *dir = aduan_test_make_temp_dir ("too-new");
  g_autofree char *path = database_path (dir);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 99;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = aduan_test_hash_file (path);

  store = aduan_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_TOO_NEW);
  after = aduan_test_hash_file (path);
  g_assert_cmpstr (before, ==, after);
}

/* A damaged file is reported as such and never overwritten. */
static void
test_open_corrupt (void)
{
  g_autofree char *dir = aduan_test_make_temp_dir ("corrupt");
  g_autofree char *path = database_path (dir);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanStore) store = NULL;
  guchar junk[8192];

  for (guint i = 0; i < sizeof junk; i++)
    junk[i] = (guchar) g_random_int ();
  g_file_set_contents (path, (const char *) junk, sizeof junk, &error);
  g_assert_no_error (error);
  before = aduan_test_hash_file (path);

  store = aduan_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_CORRUPT);
  g_test_message ("%s", error->message);
  after = aduan_test_hash_file (path);
  g_assert_cmpstr (before, ==, after);
}

static void
read_only_child (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanStore) store = NULL;
  g_autoptr(AduanComplaint) complaint = aduan_test_make_complaint (11);

  /* Root writes anything; test as the unprivileged user a laptop runs. */
  if (geteuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0))
    {
      g_printerr ("cannot drop privileges\n");
      exit (3);
    }

  store = aduan_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (aduan_store_is_read_only (store));
  g_assert_cmpint (aduan_store_count (store, NULL, &error), ==, 1);
  g_assert_false (aduan_store_save (store, complaint, &error));
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_READ_ONLY);
  g_printerr ("%s\n", error->message);
}

/* A store whose file and folder cannot be written still opens for reading;
 * saving says plainly why it cannot, and the file is untouched. */
static void
test_open_read_only (void)
{
  g_autofree char *base = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      read_only_child (g_getenv ("ADUAN_TEST_RO_DIR"));
      return;
    }

  /* Somewhere an unprivileged user can reach. */
  base = g_strdup ("/tmp/aduan-ro-XXXXXX");
  g_assert_nonnull (g_mkdtemp_full (base, 0755));
  dir = g_build_filename (base, "data", NULL);
  {
    g_autoptr(AduanStore) store = aduan_store_open (dir, &error);
    g_autoptr(AduanComplaint) complaint = aduan_test_make_complaint (10);

    g_assert_no_error (error);
    g_assert_true (aduan_store_save (store, complaint, &error));
    /* Close cleanly so no WAL is left that a reader would need to write. */
  }
  path = database_path (dir);
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  before = aduan_test_hash_file (path);

  g_setenv ("ADUAN_TEST_RO_DIR", dir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*read-only*not saved*");

  after = aduan_test_hash_file (path);
  g_assert_cmpstr (before, ==, after);
  g_chmod (dir, 0755);
  g_chmod (path, 0644);
}

static void
disk_full_child (void)
{
  g_autofree char *dir = g_strdup ("/tmp/aduan-full");
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanStore) store = NULL;
  g_autoptr(AduanComplaint) kept = NULL;
  g_autoptr(AduanComplaint) reread = NULL;
  guint saved = 0;

  if (unshare (CLONE_NEWNS) != 0 ||
      mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
      g_mkdir_with_parents (dir, 0700) != 0 ||
      mount ("tmpfs", dir, "tmpfs", 0, "size=512k") != 0)
    {
      g_printerr ("SKIP: cannot mount a small tmpfs: %s\n", g_strerror (errno));
      exit (77);
    }

  store = aduan_store_open (dir, &error);
  g_assert_no_error (error);
  kept = aduan_test_make_complaint (0);
  g_assert_true (aduan_store_save (store, kept, &error));

  /* Fill the disk with big complaints until a save fails. */
  for (guint i = 1; i < 10000; i++)
    {
      g_autoptr(AduanComplaint) complaint = aduan_test_make_complaint (i);

      g_free (complaint->description);
      complaint->description = g_strnfill (ADUAN_DESCRIPTION_MAX_CHARS, 'x');
      if (!aduan_store_save (store, complaint, &error))
        break;
      saved++;
    }

  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_DISK_FULL);
  g_printerr ("# %s\n", error->message);
  g_clear_error (&error);

  /* What was saved before the disk filled is intact and readable. */
  reread = aduan_store_get (store, kept->tracking_code, &error);
  g_assert_no_error (error);
  g_assert_true (aduan_complaint_same_content (kept, reread));
  g_assert_cmpint (aduan_store_count (store, NULL, &error), ==, saved + 1);
  g_clear_object (&store);

  store = aduan_store_open (dir, &error);
  if (store != NULL)
    g_assert_cmpint (aduan_store_count (store, NULL, &error), ==, saved + 1);
  /* _exit: the child's autoptrs are never unwound, so skip the leak
   * checker's exit hook instead of reporting them. */
  _exit (0);
}

/* On a full disk a save fails with a clear message, and everything saved
 * before is intact. Needs root for a small tmpfs in a private namespace. */
static void
test_save_disk_full (void)
{
  pid_t pid;
  int status;

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    disk_full_child ();

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) == 77)
    {
      g_test_skip ("cannot mount a tmpfs here (needs root)");
      return;
    }
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/core/store/save/new", test_save_new);
  ADD ("/core/store/save/codes-unique", test_save_codes_unique);
  ADD ("/core/store/save/update", test_save_update);
  ADD ("/core/store/save/invalid", test_save_invalid);
  ADD ("/core/store/save/anonymous", test_save_anonymous);
  ADD ("/core/store/get/errors", test_get_errors);
  ADD ("/core/store/search", test_search);
  ADD ("/core/store/list/paging", test_list_paging);
  ADD ("/core/store/draft", test_draft);
#undef ADD
  g_test_add_func ("/core/store/durability/kill-after-save", test_kill_after_save);
  g_test_add_func ("/core/store/migrate/from-v1", test_migrate_from_v1);
  g_test_add_func ("/core/store/migrate/sequence-from-v6", test_migrate_sequence_from_v6);
  g_test_add_func ("/core/store/migrate/too-new", test_migrate_too_new);
  g_test_add_func ("/core/store/open/corrupt", test_open_corrupt);
  g_test_add_func ("/core/store/open/read-only", test_open_read_only);
  g_test_add_func ("/core/store/save/disk-full", test_save_disk_full);

  return g_test_run ();
}
