/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "aduan-catalog.h"
#include "aduan-error.h"
#include "aduan-json.h"
#include "aduan-paths.h"

/**
 * SECTION:aduan-catalog
 * @title: AduanCatalog
 * @short_description: complaint categories and the agencies they go to
 *
 * The catalog lists the categories a complaint can be filed under, each
 * with the agency (OPD, organisasi perangkat daerah) that handles it by
 * default, and the agencies themselves, with names in English and
 * Indonesian. Aduan ships one as `catalog.json`; a hub serves its own at
 * `GET /v1/catalog` with the ETag of aduan_catalog_get_etag(), so devices
 * fetch it again only when it changed.
 *
 * The document:
 * |[
 * {"version": 1,
 *  "categories": [{"id": "street-lighting",
 *                  "name": {"en": "Street lighting", "id": "Penerangan Jalan Umum (PJU)"},
 *                  "agency": "dishub", "icon": "display-brightness-symbolic"}],
 *  "agencies": [{"code": "dishub",
 *                "name": {"en": "Transport Agency", "id": "Dinas Perhubungan"}}]}
 * ]|
 *
 * A catalog is immutable once loaded, so it may be shared between threads.
 */

#define CATALOG_VERSION 1

/* Identifiers travel in URLs, file names and other systems' records:
 * keep them to lower-case ASCII letters, digits and hyphens. */
#define MAX_IDENTIFIER_LENGTH 64

struct _AduanCatalog
{
  GObject parent_instance;

  GPtrArray *categories;          /* (owned) (element-type AduanCategory) */
  GPtrArray *agencies;            /* (owned) (element-type AduanAgency) */
  GHashTable *categories_by_id;   /* (owned) id → category, borrowed from categories */
  GHashTable *agencies_by_code;   /* (owned) code → agency, borrowed from agencies */
  char *etag;                     /* (owned) */
};

G_DEFINE_TYPE (AduanCatalog, aduan_catalog, G_TYPE_OBJECT)

static void
category_free (AduanCategory *category)
{
  g_free (category->id);
  g_free (category->name_en);
  g_free (category->name_id);
  g_free (category->agency_code);
  g_free (category->icon_name);
  g_free (category);
}

static void
agency_free (AduanAgency *agency)
{
  g_free (agency->code);
  g_free (agency->name_en);
  g_free (agency->name_id);
  g_free (agency);
}

/* Whether names should be Indonesian: the first language of the user's
 * LC_MESSAGES list that we have names for decides (LANGUAGE=jv:id picks
 * Indonesian, en_US English); anything else, C included, gets English, the
 * source language. */
static gboolean
prefer_indonesian (void)
{
  const char * const *languages = g_get_language_names_with_category ("LC_MESSAGES");

  for (gsize i = 0; languages[i] != NULL; i++)
    {
      const char *language = languages[i];

      /* "id", "id_ID", "id_ID.UTF-8", "id@…" but not "ido": the character
       * after the code is a separator or the end (strchr finds '\0'). */
      if (g_ascii_strncasecmp (language, "id", 2) == 0 &&
          strchr ("_.@", language[2]) != NULL)
        return TRUE;
      if (g_ascii_strncasecmp (language, "en", 2) == 0 &&
          strchr ("_.@", language[2]) != NULL)
        return FALSE;
    }

  return FALSE;
}

/**
 * aduan_category_get_name:
 * @category: a category
 *
 * The name to show: in Indonesian when the user's language (`LC_MESSAGES`,
 * or `LANGUAGE`) is Indonesian, otherwise in English.
 *
 * Returns: (transfer none): the name
 */
const char *
aduan_category_get_name (const AduanCategory *category)
{
  g_return_val_if_fail (category != NULL, NULL);

  return prefer_indonesian () ? category->name_id : category->name_en;
}

/**
 * aduan_agency_get_name:
 * @agency: an agency
 *
 * The name to show, in the user's language as for
 * aduan_category_get_name().
 *
 * Returns: (transfer none): the name
 */
const char *
aduan_agency_get_name (const AduanAgency *agency)
{
  g_return_val_if_fail (agency != NULL, NULL);

  return prefer_indonesian () ? agency->name_id : agency->name_en;
}

static void
aduan_catalog_finalize (GObject *object)
{
  AduanCatalog *self = ADUAN_CATALOG (object);

  g_clear_pointer (&self->categories_by_id, g_hash_table_unref);
  g_clear_pointer (&self->agencies_by_code, g_hash_table_unref);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->agencies, g_ptr_array_unref);
  g_clear_pointer (&self->etag, g_free);

  G_OBJECT_CLASS (aduan_catalog_parent_class)->finalize (object);
}

static void
aduan_catalog_class_init (AduanCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aduan_catalog_finalize;
}

static void
aduan_catalog_init (AduanCatalog *self)
{
  self->categories = g_ptr_array_new_with_free_func ((GDestroyNotify) category_free);
  self->agencies = g_ptr_array_new_with_free_func ((GDestroyNotify) agency_free);
  self->categories_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->agencies_by_code = g_hash_table_new (g_str_hash, g_str_equal);
}

/* The helpers below name the offending field by its path in the document,
 * e.g. "categories[3].name.id", so whoever edits a catalog by hand can
 * find the mistake. */

static JsonObject *
require_object (JsonObject  *object,
                const char  *member,
                const char  *where,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   node == NULL ? _("Catalog field %s%s%s is missing")
                                : _("Catalog field %s%s%s must be an object"),
                   where, *where != '\0' ? "." : "", member);
      return NULL;
    }

  return json_node_get_object (node);
}

static JsonArray *
require_array (JsonObject  *object,
               const char  *member,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   node == NULL ? _("Catalog field %s is missing")
                                : _("Catalog field %s must be an array"),
                   member);
      return NULL;
    }

  if (json_array_get_length (json_node_get_array (node)) == 0)
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("Catalog field %s is empty"), member);
      return NULL;
    }

  return json_node_get_array (node);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return FALSE;
    }

  return TRUE;
}

static const char *
require_string (JsonObject  *object,
                const char  *member,
                const char  *where,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;

  if (node == NULL)
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("Catalog field %s.%s is missing"), where, member);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("Catalog field %s.%s must be a string"), where, member);
      return NULL;
    }

  value = json_node_get_string (node);
  if (is_blank (value))
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("Catalog field %s.%s is empty"), where, member);
      return NULL;
    }

  return value;
}

static const char *
require_identifier (JsonObject  *object,
                    const char  *member,
                    const char  *where,
                    GError     **error)
{
  const char *value = require_string (object, member, where, error);
  gsize length;

  if (value == NULL)
    return NULL;

  length = strlen (value);
  if (length > MAX_IDENTIFIER_LENGTH || value[0] == '-' || value[length - 1] == '-' ||
      strspn (value, "abcdefghijklmnopqrstuvwxyz0123456789-") != length)
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("Catalog field %s.%s is “%s”: use lower-case letters, digits "
                     "and hyphens, at most %d characters"),
                   where, member, value, MAX_IDENTIFIER_LENGTH);
      return NULL;
    }

  return value;
}

static gboolean
read_names (JsonObject   *object,
            const char   *where,
            char        **name_en,
            char        **name_id,
            GError      **error)
{
  g_autofree char *names_where = g_strconcat (where, ".name", NULL);
  JsonObject *names;
  const char *en;
  const char *id;

  names = require_object (object, "name", where, error);
  if (names == NULL)
    return FALSE;

  en = require_string (names, "en", names_where, error);
  if (en == NULL)
    return FALSE;
  id = require_string (names, "id", names_where, error);
  if (id == NULL)
    return FALSE;

  *name_en = g_strdup (en);
  *name_id = g_strdup (id);
  return TRUE;
}

static gboolean
read_agencies (AduanCatalog  *self,
               JsonObject    *root,
               GError       **error)
{
  JsonArray *array = require_array (root, "agencies", error);

  if (array == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf ("agencies[%u]", i);
      AduanAgency *agency;
      JsonObject *object;
      const char *code;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                       _("Catalog field %s must be an object"), where);
          return FALSE;
        }
      object = json_node_get_object (node);

      code = require_identifier (object, "code", where, error);
      if (code == NULL)
        return FALSE;

      if (g_hash_table_contains (self->agencies_by_code, code))
        {
          g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                       _("Catalog field %s.code: agency “%s” is listed twice"),
                       where, code);
          return FALSE;
        }

      agency = g_new0 (AduanAgency, 1);
      agency->code = g_strdup (code);
      g_ptr_array_add (self->agencies, agency);
      g_hash_table_insert (self->agencies_by_code, agency->code, agency);

      if (!read_names (object, where, &agency->name_en, &agency->name_id, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_categories (AduanCatalog  *self,
                 JsonObject    *root,
                 GError       **error)
{
  JsonArray *array = require_array (root, "categories", error);

  if (array == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf ("categories[%u]", i);
      AduanCategory *category;
      JsonObject *object;
      const char *id;
      const char *agency_code;
      const char *icon_name;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                       _("Catalog field %s must be an object"), where);
          return FALSE;
        }
      object = json_node_get_object (node);

      id = require_identifier (object, "id", where, error);
      if (id == NULL)
        return FALSE;

      if (g_hash_table_contains (self->categories_by_id, id))
        {
          g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                       _("Catalog field %s.id: category “%s” is listed twice"),
                       where, id);
          return FALSE;
        }

      agency_code = require_identifier (object, "agency", where, error);
      if (agency_code == NULL)
        return FALSE;

      /* A complaint filed under this category would have nowhere to go. */
      if (!g_hash_table_contains (self->agencies_by_code, agency_code))
        {
          g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                       _("Catalog field %s.agency: category “%s” names agency “%s”, "
                         "which is not in the agencies list"),
                       where, id, agency_code);
          return FALSE;
        }

      icon_name = require_string (object, "icon", where, error);
      if (icon_name == NULL)
        return FALSE;

      category = g_new0 (AduanCategory, 1);
      category->id = g_strdup (id);
      category->agency_code = g_strdup (agency_code);
      category->icon_name = g_strdup (icon_name);
      g_ptr_array_add (self->categories, category);
      g_hash_table_insert (self->categories_by_id, category->id, category);

      if (!read_names (object, where, &category->name_en, &category->name_id, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_version (JsonObject  *root,
              GError     **error)
{
  JsonNode *node = json_object_get_member (root, "version");
  gint64 version;

  if (node == NULL)
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("Catalog field version is missing"));
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("Catalog field version must be an integer"));
      return FALSE;
    }

  version = json_node_get_int (node);
  if (version != CATALOG_VERSION)
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("Catalog field version is %lld; this version of Aduan reads version %d"),
                   (long long) version, CATALOG_VERSION);
      return FALSE;
    }

  return TRUE;
}

static JsonNode *
names_to_json (const char *name_en,
               const char *name_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "en");
  json_builder_add_string_value (builder, name_en);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, name_id);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * aduan_catalog_to_json:
 * @self: a catalog
 *
 * The catalog as a JSON document of the format it was read from, with the
 * members in a fixed order and nothing else: two catalogs with the same
 * content give the same document.
 *
 * Returns: (transfer full): the document's root object
 */
JsonNode *
aduan_catalog_to_json (AduanCatalog *self)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (ADUAN_IS_CATALOG (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, CATALOG_VERSION);

  json_builder_set_member_name (builder, "categories");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->categories->len; i++)
    {
      const AduanCategory *category = g_ptr_array_index (self->categories, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, category->id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_value (builder, names_to_json (category->name_en, category->name_id));
      json_builder_set_member_name (builder, "agency");
      json_builder_add_string_value (builder, category->agency_code);
      json_builder_set_member_name (builder, "icon");
      json_builder_add_string_value (builder, category->icon_name);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "agencies");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->agencies->len; i++)
    {
      const AduanAgency *agency = g_ptr_array_index (self->agencies, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, agency->code);
      json_builder_set_member_name (builder, "name");
      json_builder_add_value (builder, names_to_json (agency->name_en, agency->name_id));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The ETag hashes the canonical form, not the bytes read, so reformatting
 * catalog.json or reordering members in an object does not make every
 * device download it again; any change of content does. */
static char *
compute_etag (AduanCatalog *self)
{
  g_autoptr(JsonNode) root = aduan_catalog_to_json (self);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *canonical = NULL;
  g_autofree char *digest = NULL;
  gsize length;

  json_generator_set_pretty (generator, FALSE);
  json_generator_set_root (generator, root);
  canonical = json_generator_to_data (generator, &length);
  digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) canonical, length);

  return g_strdup_printf ("\"%s\"", digest);
}

/**
 * aduan_catalog_new_from_data:
 * @data: the catalog as JSON text
 * @length: the length of @data in bytes, or -1 if it is nul-terminated
 * @error: return location for a #GError
 *
 * Reads and checks a catalog: every field present and of the right type,
 * no category or agency listed twice, every category's agency listed.
 *
 * Returns: (transfer full): the catalog, or %NULL with @error set:
 *   %ADUAN_ERROR_INVALID_JSON if @data is not JSON, %ADUAN_ERROR_INVALID_FIELD
 *   naming the field that is wrong
 */
AduanCatalog *
aduan_catalog_new_from_data (const char  *data,
                             gssize       length,
                             GError     **error)
{
  g_autoptr(AduanCatalog) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Catalogs come from the hub too: refuse hostile nesting first. */
  if (!aduan_json_check_depth (data, length < 0 ? strlen (data) : (gsize) length, 16, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_JSON,
                   _("The catalog is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_JSON,
                   _("The catalog must be a JSON object"));
      return NULL;
    }

  self = g_object_new (ADUAN_TYPE_CATALOG, NULL);

  if (!read_version (json_node_get_object (root), error) ||
      !read_agencies (self, json_node_get_object (root), error) ||
      !read_categories (self, json_node_get_object (root), error))
    return NULL;

  self->etag = compute_etag (self);
  return g_steal_pointer (&self);
}

/**
 * aduan_catalog_new_from_file:
 * @path: a catalog file
 * @error: return location for a #GError
 *
 * Reads and checks a catalog from a file, as aduan_catalog_new_from_data()
 * does; error messages start with @path.
 *
 * Returns: (transfer full): the catalog, or %NULL with @error set
 *   (%G_FILE_ERROR if @path cannot be read)
 */
AduanCatalog *
aduan_catalog_new_from_file (const char  *path,
                             GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;
  AduanCatalog *catalog;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  catalog = aduan_catalog_new_from_data (contents, (gssize) length, error);
  if (catalog == NULL)
    g_prefix_error (error, "%s: ", path);

  return catalog;
}

/**
 * aduan_catalog_new_default:
 * @error: return location for a #GError
 *
 * Reads the catalog that Aduan ships, `catalog.json`, found by
 * aduan_find_data_file().
 *
 * Returns: (transfer full): the catalog, or %NULL with @error set
 *   (%G_IO_ERROR_NOT_FOUND if there is no such file)
 */
AduanCatalog *
aduan_catalog_new_default (GError **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = aduan_find_data_file ("catalog.json");
  if (path == NULL)
    {
      const char *env = g_getenv ("ADUAN_PKGDATADIR");

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The catalog catalog.json is missing from %s%s%s; "
                     "reinstall Aduan or rebuild it"),
                   env != NULL && *env != '\0' ? env : "",
                   env != NULL && *env != '\0' ? ", " : "",
                   PKGDATADIR);
      return NULL;
    }

  return aduan_catalog_new_from_file (path, error);
}

/**
 * aduan_catalog_get_categories:
 * @self: a catalog
 *
 * Returns: (transfer none) (element-type AduanCategory): the categories, in
 *   the order of the catalog, which is the order to show them in
 */
GPtrArray *
aduan_catalog_get_categories (AduanCatalog *self)
{
  g_return_val_if_fail (ADUAN_IS_CATALOG (self), NULL);

  return self->categories;
}

/**
 * aduan_catalog_get_agencies:
 * @self: a catalog
 *
 * Returns: (transfer none) (element-type AduanAgency): the agencies, in the
 *   order of the catalog
 */
GPtrArray *
aduan_catalog_get_agencies (AduanCatalog *self)
{
  g_return_val_if_fail (ADUAN_IS_CATALOG (self), NULL);

  return self->agencies;
}

/**
 * aduan_catalog_lookup_category:
 * @self: a catalog
 * @id: a category id, e.g. `street-lighting`
 *
 * Returns: (transfer none) (nullable): the category, or %NULL if the
 *   catalog has none with @id
 */
const AduanCategory *
aduan_catalog_lookup_category (AduanCatalog *self,
                               const char   *id)
{
  g_return_val_if_fail (ADUAN_IS_CATALOG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->categories_by_id, id);
}

/**
 * aduan_catalog_lookup_agency:
 * @self: a catalog
 * @code: an agency code, e.g. `dishub`
 *
 * Returns: (transfer none) (nullable): the agency, or %NULL if the catalog
 *   has none with @code
 */
const AduanAgency *
aduan_catalog_lookup_agency (AduanCatalog *self,
                             const char   *code)
{
  g_return_val_if_fail (ADUAN_IS_CATALOG (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  return g_hash_table_lookup (self->agencies_by_code, code);
}

/**
 * aduan_catalog_get_etag:
 * @self: a catalog
 *
 * A strong HTTP entity tag for the catalog: the SHA-256 of its canonical
 * JSON (aduan_catalog_to_json() without white space) in hexadecimal,
 * within double quotes as the `ETag` header wants it.
 *
 * Returns: (transfer none): the ETag, e.g. `"3f9a…"`
 */
const char *
aduan_catalog_get_etag (AduanCatalog *self)
{
  g_return_val_if_fail (ADUAN_IS_CATALOG (self), NULL);

  return self->etag;
}
