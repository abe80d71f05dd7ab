/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "aduan-catalog.h"
#include "aduan-complaint-item.h"
#include "aduan-complaint-list-model.h"
#include "aduan-test-util.h"

/* The list's model reads the store a page at a time and follows saves
 * with the smallest change the list view can apply. */

#define N_COMPLAINTS 450  /* two full pages and a part */

typedef struct
{
  char       *data_dir;
  AduanStore *store;
  GArray     *changes;  /* of Change */
} Fixture;

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  Change change = { position, removed, added };

  g_array_append_val (fixture->changes, change);
}

static void
save_complaints (AduanStore *store,
                 guint       first,
                 guint       n)
{
  for (guint i = first; i < first + n; i++)
    {
      g_autoptr(AduanComplaint) complaint = aduan_test_make_complaint (i);
      g_autoptr(GError) error = NULL;

      /* Distinct creation times keep the newest-first order exact. */
      complaint->created_at = (G_GINT64_CONSTANT (1700000000) + i) * G_USEC_PER_SEC;
      g_assert_true (aduan_store_save (store, complaint, &error));
      g_assert_no_error (error);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanCatalog) catalog = aduan_catalog_new_default (&error);

  g_assert_no_error (error);
  fixture->data_dir = aduan_test_make_temp_dir ("list-model");
  fixture->store = aduan_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  aduan_store_set_catalog (fixture->store, catalog);
  fixture->changes = g_array_new (FALSE, FALSE, sizeof (Change));

  if (GPOINTER_TO_UINT (user_data) > 0)
    save_complaints (fixture->store, 0, GPOINTER_TO_UINT (user_data));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->data_dir, g_free);
  g_clear_pointer (&fixture->changes, g_array_unref);
}

static const char *
title_at (GListModel *model,
          guint       position)
{
  g_autoptr(AduanComplaintItem) item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  return aduan_complaint_item_get_complaint (item)->title;
}

/* An empty store is an empty model. */
static void
test_empty (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(AduanComplaintListModel) model = aduan_complaint_list_model_new (fixture->store);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 0));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == ADUAN_TYPE_COMPLAINT_ITEM);
}

/* Rows come newest first, and only the pages asked for are read. */
static void
test_pages (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(AduanComplaintListModel) model = aduan_complaint_list_model_new (fixture->store);
  GListModel *list = G_LIST_MODEL (model);
  g_autoptr(GObject) first = NULL;
  g_autoptr(GObject) first_again = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_COMPLAINTS);
  g_assert_cmpuint (aduan_complaint_list_model_get_pages_loaded (model), ==, 0);

  g_assert_true (g_str_has_suffix (title_at (list, 0), "#449"));
  g_assert_cmpuint (aduan_complaint_list_model_get_pages_loaded (model), ==, 1);

  g_assert_true (g_str_has_suffix (title_at (list, N_COMPLAINTS - 1), "#0"));
  g_assert_cmpuint (aduan_complaint_list_model_get_pages_loaded (model), ==, 2);

  g_assert_true (g_str_has_suffix (title_at (list, 250), "#199"));
  g_assert_cmpuint (aduan_complaint_list_model_get_pages_loaded (model), ==, 3);

  g_assert_null (g_list_model_get_item (list, N_COMPLAINTS));

  /* A row read twice is the same object: the view keeps its widget. */
  first = g_list_model_get_item (list, 0);
  first_again = g_list_model_get_item (list, 0);
  g_assert_true (first == first_again);
}

/* A new complaint is one row inserted at the top; the rest shift down. */
static void
test_save_inserts_at_top (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(AduanComplaintListModel) model = aduan_complaint_list_model_new (fixture->store);
  GListModel *list = G_LIST_MODEL (model);
  g_autoptr(AduanComplaint) complaint = aduan_test_make_complaint (1000);
  g_autoptr(GError) error = NULL;
  Change change;

  g_assert_true (g_str_has_suffix (title_at (list, 0), "#2"));
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), fixture);

  g_assert_true (aduan_store_save (fixture->store, complaint, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (fixture->changes->len, ==, 1);
  change = g_array_index (fixture->changes, Change, 0);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 4);
  g_assert_true (g_str_has_suffix (title_at (list, 0), "#1000"));
  g_assert_true (g_str_has_suffix (title_at (list, 1), "#2"));
}

/* A change to a complaint on screen (its sync state) changes that row only. */
static void
test_change_one_row (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(AduanComplaintListModel) model = aduan_complaint_list_model_new (fixture->store);
  GListModel *list = G_LIST_MODEL (model);
  g_autoptr(AduanComplaintItem) item = g_list_model_get_item (list, 1);
  g_autoptr(AduanComplaintItem) updated = NULL;
  g_autoptr(GError) error = NULL;
  Change change;
  guint position;

  g_assert_true (aduan_complaint_list_model_find (model, aduan_complaint_item_get_uuid (item), &position));
  g_assert_cmpuint (position, ==, 1);

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), fixture);
  g_assert_true (aduan_store_set_sync_state (fixture->store, aduan_complaint_item_get_uuid (item),
                                             ADUAN_SYNC_STATE_SENT, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (fixture->changes->len, ==, 1);
  change = g_array_index (fixture->changes, Change, 0);
  g_assert_cmpuint (change.position, ==, 1);
  g_assert_cmpuint (change.removed, ==, 1);
  g_assert_cmpuint (change.added, ==, 1);

  updated = g_list_model_get_item (list, 1);
  g_assert_cmpint (aduan_complaint_item_get_complaint (updated)->sync_state, ==, ADUAN_SYNC_STATE_SENT);
  g_assert_cmpstr (aduan_complaint_item_get_uuid (updated), ==, aduan_complaint_item_get_uuid (item));
}

/* Search narrows the rows with one change for the whole list; clearing it
 * brings them all back. */
static void
test_search (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(AduanComplaintListModel) model = aduan_complaint_list_model_new (fixture->store);
  GListModel *list = G_LIST_MODEL (model);
  Change change;

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), fixture);

  /* aduan_test_make_complaint() gives every sixth one a fallen tree. */
  aduan_complaint_list_model_set_search (model, "tumbang");
  g_assert_cmpstr (aduan_complaint_list_model_get_search (model), ==, "tumbang");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  g_assert_nonnull (strstr (title_at (list, 0), "tumbang"));
  g_assert_cmpuint (fixture->changes->len, ==, 1);
  change = g_array_index (fixture->changes, Change, 0);
  g_assert_cmpuint (change.removed, ==, 12);
  g_assert_cmpuint (change.added, ==, 2);

  /* The same search again changes nothing. */
  aduan_complaint_list_model_set_search (model, "tumbang");
  g_assert_cmpuint (fixture->changes->len, ==, 1);

  aduan_complaint_list_model_set_search (model, "");
  g_assert_null (aduan_complaint_list_model_get_search (model));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 12);

  /* Nothing a word could match shows everything, never an error. */
  aduan_complaint_list_model_set_search (model, "\"*(");
  g_assert_null (aduan_complaint_list_model_get_error (model));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 12);

  aduan_complaint_list_model_set_search (model, "no-such-word-anywhere");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/app/list-model/empty", Fixture, GUINT_TO_POINTER (0),
              fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/app/list-model/pages", Fixture, GUINT_TO_POINTER (N_COMPLAINTS),
              fixture_set_up, test_pages, fixture_tear_down);
  g_test_add ("/app/list-model/save-inserts-at-top", Fixture, GUINT_TO_POINTER (3),
              fixture_set_up, test_save_inserts_at_top, fixture_tear_down);
  g_test_add ("/app/list-model/change-one-row", Fixture, GUINT_TO_POINTER (3),
              fixture_set_up, test_change_one_row, fixture_tear_down);
  g_test_add ("/app/list-model/search", Fixture, GUINT_TO_POINTER (12),
              fixture_set_up, test_search, fixture_tear_down);

  return g_test_run ();
}
