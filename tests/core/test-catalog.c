/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "aduan-catalog.h"
#include "aduan-error.h"

/* A small valid catalog; the invalid ones below are edits of it. */
#define AGENCIES \
  "\"agencies\": [" \
  "  {\"code\": \"dishub\", \"name\": {\"en\": \"Transport Agency\", \"id\": \"Dinas Perhubungan\"}}," \
  "  {\"code\": \"dlh\", \"name\": {\"en\": \"Environment Agency\", \"id\": \"Dinas Lingkungan Hidup\"}}" \
  "]"

#define CATEGORY_LIGHTING \
  "{\"id\": \"street-lighting\"," \
  " \"name\": {\"en\": \"Street lighting\", \"id\": \"Penerangan Jalan Umum (PJU)\"}," \
  " \"agency\": \"dishub\", \"icon\": \"display-brightness-symbolic\"}"

#define CATEGORY_TREES \
  "{\"id\": \"trees\"," \
  " \"name\": {\"en\": \"Trees\", \"id\": \"Pohon\"}," \
  " \"agency\": \"dlh\", \"icon\": \"emoji-nature-symbolic\"}"

static const char valid_catalog[] =
  "{\"version\": 1, \"categories\": [" CATEGORY_LIGHTING ", " CATEGORY_TREES "], " AGENCIES "}";

static AduanCatalog *
load (const char *data)
{
  g_autoptr(GError) error = NULL;
  AduanCatalog *catalog = aduan_catalog_new_from_data (data, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  return catalog;
}

static char *
to_text (AduanCatalog *catalog,
         gboolean      pretty)
{
  g_autoptr(JsonNode) root = aduan_catalog_to_json (catalog);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_pretty (generator, pretty);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* The shipped catalog loads, and every category goes to a listed agency. */
static void
test_shipped (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanCatalog) catalog = aduan_catalog_new_default (&error);
  GPtrArray *categories;
  const char *expected[] = {
    "street-lighting", "illegal-parking", "trees", "public-order", "roads-drainage",
    "uninhabitable-housing", "population-documents", "social-aid", "health",
    "education", "internet-network", "billboards", "other",
  };

  g_assert_no_error (error);
  g_assert_nonnull (catalog);

  categories = aduan_catalog_get_categories (catalog);
  g_assert_cmpuint (categories->len, >=, G_N_ELEMENTS (expected));
  g_assert_cmpuint (aduan_catalog_get_agencies (catalog)->len, >=, 10);

  for (guint i = 0; i < categories->len; i++)
    {
      const AduanCategory *category = g_ptr_array_index (categories, i);

      g_test_message ("category %s", category->id);
      g_assert_nonnull (aduan_catalog_lookup_agency (catalog, category->agency_code));
      g_assert_true (aduan_catalog_lookup_category (catalog, category->id) == category);
      g_assert_true (g_str_has_suffix (category->icon_name, "-symbolic"));
      g_assert_cmpstr (category->name_en, !=, "");
      g_assert_cmpstr (category->name_id, !=, "");
    }

  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_nonnull (aduan_catalog_lookup_category (catalog, expected[i]));

  g_assert_cmpstr (aduan_catalog_lookup_category (catalog, "street-lighting")->agency_code, ==, "dishub");
  g_assert_cmpstr (aduan_catalog_lookup_category (catalog, "population-documents")->agency_code, ==, "dispendukcapil");
  g_assert_cmpstr (aduan_catalog_lookup_category (catalog, "uninhabitable-housing")->agency_code, ==, "disperkim");
}

/* Text that is not a JSON object is INVALID_JSON. */
static void
test_invalid_json (void)
{
  const char *documents[] = { "", "{", "{\"version\": 1,}", "[]", "null", "42", "\"catalog\"", "\xFF\xFE{}" };

  for (gsize i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AduanCatalog) catalog = aduan_catalog_new_from_data (documents[i], -1, &error);
      g_autofree char *escaped = g_strescape (documents[i], NULL);

      /* Escaped: TAP output must stay valid UTF-8. */
      g_test_message ("document “%s”", escaped);
      g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_JSON);
      g_assert_null (catalog);
    }
}

/* Missing or wrong fields, duplicates and unknown agencies are
 * INVALID_FIELD, and the message names what is wrong. */
static void
test_invalid_fields (void)
{
  const struct {
    const char *document;
    const char *named;    /* must appear in the message */
  } cases[] = {
    { "{\"categories\": [" CATEGORY_LIGHTING "], " AGENCIES "}", "version" },
    { "{\"version\": \"1\", \"categories\": [" CATEGORY_LIGHTING "], " AGENCIES "}", "version" },
    { "{\"version\": 2, \"categories\": [" CATEGORY_LIGHTING "], " AGENCIES "}", "version" },
    { "{\"version\": 1, " AGENCIES "}", "categories" },
    { "{\"version\": 1, \"categories\": [], " AGENCIES "}", "categories" },
    { "{\"version\": 1, \"categories\": {}, " AGENCIES "}", "categories" },
    { "{\"version\": 1, \"categories\": [" CATEGORY_LIGHTING "]}", "agencies" },
    { "{\"version\": 1, \"categories\": [" CATEGORY_LIGHTING ", 3], " AGENCIES "}", "categories[1]" },
    /* duplicates */
    { "{\"version\": 1, \"categories\": [" CATEGORY_LIGHTING ", " CATEGORY_LIGHTING "], " AGENCIES "}",
      "street-lighting" },
    { "{\"version\": 1, \"categories\": [" CATEGORY_LIGHTING "], \"agencies\": ["
      "{\"code\": \"dishub\", \"name\": {\"en\": \"A\", \"id\": \"B\"}},"
      "{\"code\": \"dishub\", \"name\": {\"en\": \"C\", \"id\": \"D\"}}]}", "dishub" },
    /* a category sent to an agency that is not listed */
    { "{\"version\": 1, \"categories\": [{\"id\": \"x\", \"name\": {\"en\": \"X\", \"id\": \"X\"},"
      " \"agency\": \"dinas-nowhere\", \"icon\": \"a-symbolic\"}], " AGENCIES "}", "dinas-nowhere" },
    /* missing and mistyped members */
    { "{\"version\": 1, \"categories\": [{\"name\": {\"en\": \"X\", \"id\": \"X\"},"
      " \"agency\": \"dlh\", \"icon\": \"a-symbolic\"}], " AGENCIES "}", "categories[0].id" },
    { "{\"version\": 1, \"categories\": [{\"id\": \"x\", \"name\": {\"en\": \"X\"},"
      " \"agency\": \"dlh\", \"icon\": \"a-symbolic\"}], " AGENCIES "}", "categories[0].name.id" },
    { "{\"version\": 1, \"categories\": [{\"id\": \"x\", \"name\": \"X\","
      " \"agency\": \"dlh\", \"icon\": \"a-symbolic\"}], " AGENCIES "}", "categories[0].name" },
    { "{\"version\": 1, \"categories\": [{\"id\": \"x\", \"name\": {\"en\": \"X\", \"id\": \"  \"},"
      " \"agency\": \"dlh\", \"icon\": \"a-symbolic\"}], " AGENCIES "}", "categories[0].name.id" },
    { "{\"version\": 1, \"categories\": [{\"id\": \"x\", \"name\": {\"en\": \"X\", \"id\": \"X\"},"
      " \"icon\": \"a-symbolic\"}], " AGENCIES "}", "categories[0].agency" },
    { "{\"version\": 1, \"categories\": [{\"id\": \"x\", \"name\": {\"en\": \"X\", \"id\": \"X\"},"
      " \"agency\": \"dlh\", \"icon\": 7}], " AGENCIES "}", "categories[0].icon" },
    { "{\"version\": 1, \"categories\": [{\"id\": \"Street Lighting\", \"name\": {\"en\": \"X\", \"id\": \"X\"},"
      " \"agency\": \"dlh\", \"icon\": \"a-symbolic\"}], " AGENCIES "}", "categories[0].id" },
    { "{\"version\": 1, \"categories\": [" CATEGORY_LIGHTING "], \"agencies\": ["
      "{\"code\": \"dishub\"}]}", "agencies[0].name" },
    { "{\"version\": 1, \"categories\": [" CATEGORY_LIGHTING "], \"agencies\": ["
      "{\"name\": {\"en\": \"A\", \"id\": \"B\"}}]}", "agencies[0].code" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AduanCatalog) catalog = aduan_catalog_new_from_data (cases[i].document, -1, &error);

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, cases[i].document);
      g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD);
      g_test_message ("→ %s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].named));
      g_assert_null (catalog);
    }
}

/* A file that cannot be read is a G_FILE_ERROR; a bad one names its path. */
static void
test_file_errors (void)
{
  g_autofree char *missing = g_build_filename (g_get_user_cache_dir (), "missing.json", NULL);
  g_autofree char *broken = g_build_filename (g_get_user_cache_dir (), "broken.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanCatalog) catalog = NULL;

  catalog = aduan_catalog_new_from_file (missing, &error);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_null (catalog);
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_file_set_contents (broken, "{\"version\": 1}", -1, &error);
  g_assert_no_error (error);

  catalog = aduan_catalog_new_from_file (broken, &error);
  g_assert_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD);
  g_assert_true (g_str_has_prefix (error->message, broken));
  g_assert_null (catalog);
}

static void
set_locale_env (const char *language,
                const char *lc_all)
{
  if (language != NULL)
    g_setenv ("LANGUAGE", language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  g_setenv ("LC_ALL", lc_all, TRUE);
}

/* Names follow the user's language: Indonesian for id, English otherwise. */
static void
test_locale_names (void)
{
  g_autoptr(AduanCatalog) catalog = load (valid_catalog);
  const AduanCategory *lighting = aduan_catalog_lookup_category (catalog, "street-lighting");
  const AduanAgency *dishub = aduan_catalog_lookup_agency (catalog, "dishub");
  g_autofree char *saved_language = g_strdup (g_getenv ("LANGUAGE"));
  g_autofree char *saved_lc_all = g_strdup (g_getenv ("LC_ALL"));
  const struct {
    const char *language;
    const char *lc_all;
    gboolean indonesian;
  } cases[] = {
    { NULL, "C.UTF-8", FALSE },
    { NULL, "C", FALSE },
    { NULL, "en_US.UTF-8", FALSE },
    { NULL, "id_ID.UTF-8", TRUE },
    { NULL, "id_ID", TRUE },
    { "id", "C.UTF-8", TRUE },
    { "jv:id", "C.UTF-8", TRUE },        /* Javanese first, which we lack */
    { "en_GB:id", "id_ID.UTF-8", FALSE },
    { NULL, "ido.UTF-8", FALSE },         /* Ido is not Indonesian */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      set_locale_env (cases[i].language, cases[i].lc_all);
      g_test_message ("LANGUAGE=%s LC_ALL=%s", cases[i].language, cases[i].lc_all);

      g_assert_cmpstr (aduan_category_get_name (lighting), ==,
                       cases[i].indonesian ? "Penerangan Jalan Umum (PJU)" : "Street lighting");
      g_assert_cmpstr (aduan_agency_get_name (dishub), ==,
                       cases[i].indonesian ? "Dinas Perhubungan" : "Transport Agency");
    }

  if (saved_language != NULL)
    g_setenv ("LANGUAGE", saved_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  if (saved_lc_all != NULL)
    g_setenv ("LC_ALL", saved_lc_all, TRUE);
  else
    g_unsetenv ("LC_ALL");
}

/* to_json gives back the same format, which loads to the same catalog. */
static void
test_to_json_round_trip (void)
{
  g_autoptr(AduanCatalog) catalog = load (valid_catalog);
  g_autofree char *text = to_text (catalog, FALSE);
  g_autoptr(AduanCatalog) again = load (text);
  g_autoptr(JsonNode) root = aduan_catalog_to_json (catalog);
  JsonObject *object = json_node_get_object (root);
  JsonObject *first;

  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 1);
  first = json_array_get_object_element (json_object_get_array_member (object, "categories"), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, "street-lighting");
  g_assert_cmpstr (json_object_get_string_member (first, "agency"), ==, "dishub");
  g_assert_cmpstr (json_object_get_string_member (first, "icon"), ==, "display-brightness-symbolic");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "name"), "id"),
                   ==, "Penerangan Jalan Umum (PJU)");

  g_assert_cmpuint (aduan_catalog_get_categories (again)->len, ==, 2);
  g_assert_cmpuint (aduan_catalog_get_agencies (again)->len, ==, 2);
  g_assert_cmpstr (aduan_catalog_get_etag (again), ==, aduan_catalog_get_etag (catalog));

  for (guint i = 0; i < 2; i++)
    {
      const AduanCategory *a = g_ptr_array_index (aduan_catalog_get_categories (catalog), i);
      const AduanCategory *b = g_ptr_array_index (aduan_catalog_get_categories (again), i);

      g_assert_cmpstr (a->id, ==, b->id);
      g_assert_cmpstr (a->name_en, ==, b->name_en);
      g_assert_cmpstr (a->name_id, ==, b->name_id);
      g_assert_cmpstr (a->agency_code, ==, b->agency_code);
      g_assert_cmpstr (a->icon_name, ==, b->icon_name);
    }

  g_assert_null (aduan_catalog_lookup_category (catalog, "no-such-category"));
  g_assert_null (aduan_catalog_lookup_agency (catalog, "no-such-agency"));
}

/* The ETag is a quoted SHA-256, the same for the same content however it
 * is laid out, and different as soon as anything changes. */
static void
test_etag (void)
{
  g_autoptr(AduanCatalog) catalog = load (valid_catalog);
  g_autoptr(AduanCatalog) same = load (valid_catalog);
  g_autofree char *pretty = to_text (catalog, TRUE);
  g_autoptr(AduanCatalog) reformatted = load (pretty);
  g_autoptr(AduanCatalog) reordered = load (
    "{" AGENCIES ", \"categories\": ["
    "{\"icon\": \"display-brightness-symbolic\", \"agency\": \"dishub\","
    " \"name\": {\"id\": \"Penerangan Jalan Umum (PJU)\", \"en\": \"Street lighting\"},"
    " \"id\": \"street-lighting\"}, " CATEGORY_TREES "], \"version\": 1}");
  g_autoptr(AduanCatalog) renamed = NULL;
  g_autoptr(AduanCatalog) other_order = load (
    "{\"version\": 1, \"categories\": [" CATEGORY_TREES ", " CATEGORY_LIGHTING "], " AGENCIES "}");
  g_autoptr(AduanCatalog) shipped = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) changed = g_string_new (valid_catalog);
  const char *etag = aduan_catalog_get_etag (catalog);

  g_assert_cmpuint (strlen (etag), ==, 2 + 64);
  g_assert_true (etag[0] == '"' && etag[65] == '"');
  for (guint i = 1; i < 65; i++)
    g_assert_true (g_ascii_isxdigit (etag[i]) && !g_ascii_isupper (etag[i]));

  g_assert_cmpstr (aduan_catalog_get_etag (same), ==, etag);
  g_assert_cmpstr (aduan_catalog_get_etag (reformatted), ==, etag);
  g_assert_cmpstr (aduan_catalog_get_etag (reordered), ==, etag);

  g_string_replace (changed, "Dinas Perhubungan", "Dinas Perhubungan Kota", 1);
  renamed = load (changed->str);
  g_assert_cmpstr (aduan_catalog_get_etag (renamed), !=, etag);

  /* The order of categories is the order on screen: it is content. */
  g_assert_cmpstr (aduan_catalog_get_etag (other_order), !=, etag);

  shipped = aduan_catalog_new_default (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (aduan_catalog_get_etag (shipped), !=, etag);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/catalog/shipped", test_shipped);
  g_test_add_func ("/core/catalog/invalid/json", test_invalid_json);
  g_test_add_func ("/core/catalog/invalid/fields", test_invalid_fields);
  g_test_add_func ("/core/catalog/invalid/file", test_file_errors);
  g_test_add_func ("/core/catalog/locale-names", test_locale_names);
  g_test_add_func ("/core/catalog/to-json/round-trip", test_to_json_round_trip);
  g_test_add_func ("/core/catalog/etag", test_etag);

  return g_test_run ();
}
