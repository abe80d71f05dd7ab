/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "aduan-area-index.h"
#include "aduan-area-index-private.h"
#include "aduan-error.h"
#include "aduan-paths.h"

/**
 * SECTION:aduan-area-index
 * @title: AduanAreaIndex
 * @short_description: Indonesian villages with their Kemendagri codes
 *
 * The village index is a read-only SQLite file, `areas.sqlite`, compiled at
 * build time from the idn-area-data package (ODbL) by
 * `data/areas/aduan-areas-compile`. It answers typeahead as a person types
 * a village name, and turns a stored village code back into names.
 *
 * Its methods may be called from any thread; calls on one index are
 * serialized.
 */

/* More words than this add nothing to a village name search but work: the
 * longest names have about eight words, and each word is one more FTS5
 * term to intersect. */
#define MAX_SEARCH_WORDS 12

/* A word longer than the FTS5 prefix indexes is asked for as the indexed
 * words it starts, if there are at most this many; see
 * _ADUAN_AREA_LONGEST_PREFIX. Long prefixes rarely start more. */
#define MAX_WORD_EXPANSION 16

/* Above any code point, so "key" <= name_key < "key" + this selects exactly
 * the keys that start with "key" in a BINARY-collated index. */
#define KEY_UPPER_BOUND_SUFFIX "\xF4\x8F\xBF\xBF"

struct _AduanAreaIndex
{
  GObject parent_instance;

  GMutex lock;
  char *path;                          /* (owned) */
  sqlite3 *db;                         /* (owned) */
  sqlite3_stmt *by_name_prefix;        /* (owned) */
  sqlite3_stmt *by_match;              /* (owned) */
  sqlite3_stmt *by_code;               /* (owned) */
  sqlite3_stmt *words_by_prefix;       /* (owned) */
  sqlite3_stmt *name_word_by_prefix;   /* (owned) */
  gint64 n_villages;
};

G_DEFINE_TYPE (AduanAreaIndex, aduan_area_index, G_TYPE_OBJECT)

#define VILLAGE_COLUMNS \
  " v.id, v.code, v.name, d.name, r.name, p.name"

#define VILLAGE_JOINS \
  " JOIN districts d ON d.code = v.district_code" \
  " JOIN regencies r ON r.code = d.regency_code" \
  " JOIN provinces p ON p.code = r.province_code"

/* None of the statements has a LIMIT: the rows come lazily as they are
 * stepped, and search stops stepping once it has enough. */

/* Names that start with what was typed, in name order: the exact name comes
 * first ("taman" before "taman sari" before "tamanan"). */
static const char by_name_prefix_sql[] =
  "SELECT" VILLAGE_COLUMNS
  " FROM villages v" VILLAGE_JOINS
  " WHERE v.name_key >= ?1 AND v.name_key < ?2"
  " ORDER BY v.name_key, v.id";

/* Everything else goes through FTS5 in rowid order, which is the order of
 * the codes: no sort, so SQLite does no more work than the rows stepped,
 * however many match (a single "k" matches every village, by "kabupaten"
 * or "kota"). */
static const char by_match_sql[] =
  "SELECT" VILLAGE_COLUMNS
  " FROM villages_fts f"
  " JOIN villages v ON v.id = f.rowid" VILLAGE_JOINS
  " WHERE villages_fts MATCH ?1"
  " ORDER BY f.rowid";

static const char by_code_sql[] =
  "SELECT" VILLAGE_COLUMNS
  " FROM villages v" VILLAGE_JOINS
  " WHERE v.code = ?1";

static const char words_by_prefix_sql[] =
  "SELECT word, in_name FROM words WHERE word >= ?1 AND word < ?2 LIMIT ?3";

static const char name_word_by_prefix_sql[] =
  "SELECT 1 FROM words WHERE word >= ?1 AND word < ?2 AND in_name LIMIT 1";

/**
 * aduan_village_copy:
 * @village: a village
 *
 * Returns: (transfer full): a deep copy of @village; free it with
 *   aduan_village_free()
 */
AduanVillage *
aduan_village_copy (const AduanVillage *village)
{
  AduanVillage *copy;

  g_return_val_if_fail (village != NULL, NULL);

  copy = g_new0 (AduanVillage, 1);
  copy->code = g_strdup (village->code);
  copy->name = g_strdup (village->name);
  copy->district = g_strdup (village->district);
  copy->regency = g_strdup (village->regency);
  copy->province = g_strdup (village->province);
  return copy;
}

/**
 * aduan_village_free:
 * @village: (nullable): a village
 *
 * Frees @village and its strings.
 */
void
aduan_village_free (AduanVillage *village)
{
  if (village == NULL)
    return;

  g_free (village->code);
  g_free (village->name);
  g_free (village->district);
  g_free (village->regency);
  g_free (village->province);
  g_free (village);
}

/**
 * aduan_village_get_label:
 * @village: a village
 *
 * The text that stands for a village in a list: "Village, District,
 * Regency", e.g. "Manguharjo, Manguharjo, Kota Madiun". The province is
 * left out: regency names are unique enough and the line stays short.
 *
 * Returns: (transfer full): the label
 */
char *
aduan_village_get_label (const AduanVillage *village)
{
  GString *label;

  g_return_val_if_fail (village != NULL, NULL);

  label = g_string_new (village->name);
  if (village->district != NULL && *village->district != '\0')
    g_string_append_printf (label, ", %s", village->district);
  if (village->regency != NULL && *village->regency != '\0')
    g_string_append_printf (label, ", %s", village->regency);

  return g_string_free (label, FALSE);
}

/**
 * aduan_village_code_is_well_formed:
 * @code: (nullable): text that should be a village code
 *
 * Checks the shape of a Kemendagri village code, `NN.NN.NN.NNNN`
 * (province, regency, district, village), e.g. `35.77.02.1001`. It does not
 * check that such a village exists: see aduan_area_index_lookup().
 *
 * Returns: %TRUE if @code has the shape of a village code
 */
gboolean
aduan_village_code_is_well_formed (const char *code)
{
  static const char pattern[] = "NN.NN.NN.NNNN";

  if (code == NULL)
    return FALSE;

  for (gsize i = 0; i < sizeof pattern - 1; i++)
    {
      if (code[i] == '\0')
        return FALSE;
      if (pattern[i] == 'N' ? !g_ascii_isdigit (code[i]) : code[i] != pattern[i])
        return FALSE;
    }

  return code[sizeof pattern - 1] == '\0';
}

static void
set_sqlite_error (GError     **error,
                  sqlite3     *db,
                  int          result,
                  const char  *path)
{
  int code = result & 0xff;

  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
    g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_CORRUPT,
                 _("The village list %s is damaged (%s); reinstall Aduan or rebuild it"),
                 path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (result));
  else
    g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_STORAGE,
                 _("Could not read the village list %s: %s"),
                 path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (result));
}

static void
aduan_area_index_finalize (GObject *object)
{
  AduanAreaIndex *self = ADUAN_AREA_INDEX (object);

  g_clear_pointer (&self->by_name_prefix, sqlite3_finalize);
  g_clear_pointer (&self->by_match, sqlite3_finalize);
  g_clear_pointer (&self->by_code, sqlite3_finalize);
  g_clear_pointer (&self->words_by_prefix, sqlite3_finalize);
  g_clear_pointer (&self->name_word_by_prefix, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (aduan_area_index_parent_class)->finalize (object);
}

static void
aduan_area_index_class_init (AduanAreaIndexClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aduan_area_index_finalize;
}

static void
aduan_area_index_init (AduanAreaIndex *self)
{
  g_mutex_init (&self->lock);
}

static gboolean
prepare (AduanAreaIndex  *self,
         const char      *sql,
         sqlite3_stmt   **stmt,
         GError         **error)
{
  int result = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL);

  if (result != SQLITE_OK)
    {
      /* A database without our tables is somebody else's file. */
      if ((result & 0xff) == SQLITE_ERROR)
        g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_CORRUPT,
                     _("%s is not an Aduan village list (%s); reinstall Aduan or rebuild it"),
                     self->path, sqlite3_errmsg (self->db));
      else
        set_sqlite_error (error, self->db, result, self->path);
      return FALSE;
    }

  return TRUE;
}

/* Reads the identity of the file before anything else, so a random file,
 * another program's database or an index built by an incompatible Aduan
 * fails at open with a message, not later with empty search results. */
static gboolean
check_identity (AduanAreaIndex  *self,
                GError         **error)
{
  sqlite3_stmt *stmt = NULL;
  int result;
  int application_id = 0;
  g_autofree char *format = NULL;
  g_autofree char *key_version = NULL;

  result = sqlite3_prepare_v2 (self->db, "PRAGMA application_id", -1, &stmt, NULL);
  if (result == SQLITE_OK)
    {
      result = sqlite3_step (stmt);
      if (result == SQLITE_ROW)
        application_id = sqlite3_column_int (stmt, 0);
    }
  if (result != SQLITE_OK && result != SQLITE_ROW && result != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, result, self->path);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (application_id != _ADUAN_AREA_APPLICATION_ID)
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_CORRUPT,
                   _("%s is not an Aduan village list; reinstall Aduan or rebuild it"),
                   self->path);
      return FALSE;
    }

  result = sqlite3_prepare_v2 (self->db,
                               "SELECT"
                               " (SELECT value FROM meta WHERE key = 'format'),"
                               " (SELECT value FROM meta WHERE key = 'key_version'),"
                               " (SELECT count(*) FROM villages)",
                               -1, &stmt, NULL);
  if (result == SQLITE_OK)
    {
      result = sqlite3_step (stmt);
      if (result == SQLITE_ROW)
        {
          format = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          key_version = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          self->n_villages = sqlite3_column_int64 (stmt, 2);
        }
    }
  if (result != SQLITE_ROW)
    {
      /* Our application id but not our tables: a broken build. */
      if ((result & 0xff) == SQLITE_ERROR)
        g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_CORRUPT,
                     _("%s is not an Aduan village list (%s); reinstall Aduan or rebuild it"),
                     self->path, sqlite3_errmsg (self->db));
      else
        set_sqlite_error (error, self->db, result, self->path);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (g_strcmp0 (format, _ADUAN_AREA_FORMAT_VERSION) != 0 ||
      g_strcmp0 (key_version, _ADUAN_AREA_KEY_VERSION) != 0)
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_CORRUPT,
                   _("The village list %s was built for another version of Aduan "
                     "(format %s, key %s; this version reads format %s, key %s); "
                     "reinstall Aduan or rebuild it"),
                   self->path, format != NULL ? format : "?",
                   key_version != NULL ? key_version : "?",
                   _ADUAN_AREA_FORMAT_VERSION, _ADUAN_AREA_KEY_VERSION);
      return FALSE;
    }

  return TRUE;
}

/**
 * aduan_area_index_open:
 * @path: the index file, `areas.sqlite`
 * @error: return location for a #GError
 *
 * Opens a village index read-only and checks that it is one.
 *
 * Returns: (transfer full): the index, or %NULL with @error set:
 *   %G_IO_ERROR_NOT_FOUND if @path does not exist, %ADUAN_ERROR_CORRUPT if
 *   it is not a village index this version of Aduan can read
 */
AduanAreaIndex *
aduan_area_index_open (const char  *path,
                       GError     **error)
{
  g_autoptr(AduanAreaIndex) self = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *file_uri = NULL;
  g_autofree char *uri = NULL;
  int result;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* SQLite would report a missing file as "unable to open database file":
   * say what is missing instead. */
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The village list %s is missing; reinstall Aduan or rebuild it"),
                   path);
      return NULL;
    }

  self = g_object_new (ADUAN_TYPE_AREA_INDEX, NULL);
  self->path = g_strdup (path);

  /* NOMUTEX: self->lock already serializes every use of the connection.
   * immutable=1: the file is shipped data that nothing writes while we run,
   * so SQLite may skip file locking and keep its page cache between
   * keystrokes instead of checking for changes before each query. */
  absolute = g_canonicalize_filename (path, NULL);
  file_uri = g_filename_to_uri (absolute, NULL, error);
  if (file_uri == NULL)
    return NULL;
  uri = g_strconcat (file_uri, "?immutable=1", NULL);

  result = sqlite3_open_v2 (uri, &self->db,
                            SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                            NULL);
  if (result != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, result, path);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);

  if (!check_identity (self, error))
    return NULL;

  if (!prepare (self, by_name_prefix_sql, &self->by_name_prefix, error) ||
      !prepare (self, by_match_sql, &self->by_match, error) ||
      !prepare (self, by_code_sql, &self->by_code, error) ||
      !prepare (self, words_by_prefix_sql, &self->words_by_prefix, error) ||
      !prepare (self, name_word_by_prefix_sql, &self->name_word_by_prefix, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * aduan_area_index_open_default:
 * @error: return location for a #GError
 *
 * Opens the village index that Aduan ships, `areas.sqlite`, found by
 * aduan_find_data_file().
 *
 * Returns: (transfer full): the index, or %NULL with @error set, as for
 *   aduan_area_index_open()
 */
AduanAreaIndex *
aduan_area_index_open_default (GError **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = aduan_find_data_file ("areas.sqlite");
  if (path == NULL)
    {
      const char *env = g_getenv ("ADUAN_PKGDATADIR");

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The village list areas.sqlite is missing from %s%s%s; "
                     "reinstall Aduan or rebuild it"),
                   env != NULL && *env != '\0' ? env : "",
                   env != NULL && *env != '\0' ? ", " : "",
                   PKGDATADIR);
      return NULL;
    }

  return aduan_area_index_open (path, error);
}

static AduanVillage *
village_from_row (sqlite3_stmt *stmt)
{
  AduanVillage *village = g_new0 (AduanVillage, 1);

  /* Column 0 is the row id, used only to drop duplicates across tiers. */
  village->code = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  village->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  village->district = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  village->regency = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  village->province = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  return village;
}

/* Steps @stmt (already bound) and appends the rows not seen yet until
 * @results holds @limit villages. The statement is reset either way. */
static gboolean
collect_rows (AduanAreaIndex  *self,
              sqlite3_stmt    *stmt,
              GHashTable      *seen,
              GPtrArray       *results,
              guint            limit,
              GError         **error)
{
  int result = SQLITE_DONE;

  while (results->len < limit && (result = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gpointer id = GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 0));

      if (g_hash_table_add (seen, id))
        g_ptr_array_add (results, village_from_row (stmt));
    }

  if (results->len < limit && result != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, result, self->path);
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return FALSE;
    }

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return TRUE;
}

/* A word as an FTS5 phrase, "word". The words come from _aduan_area_key(),
 * letters and digits only, so nothing a person types (quotes, *, :,
 * brackets, AND/OR/NOT/NEAR) reaches the FTS5 parser as syntax; doubling
 * quotes is only a second line of defence. */
static char *
quote_phrase (const char *word,
              gboolean    prefix)
{
  GString *phrase = g_string_new ("\"");

  for (const char *p = word; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (phrase, '"');
      g_string_append_c (phrase, *p);
    }
  g_string_append (phrase, prefix ? "\"*" : "\"");

  return g_string_free (phrase, FALSE);
}

/* One word typed, as FTS5 phrases that together match the indexed words
 * it starts: "word"* if the prefix indexes answer it, else those indexed
 * words themselves. in_name has the phrases for the village name column
 * alone; it is empty when no village name has such a word, which spares
 * the name-only queries a scan of every row that has the word elsewhere:
 * a column filter checks each row of the word's doclist, and a regency
 * word such as "administrasi" has thousands of rows, none in a name. */
typedef struct
{
  GPtrArray *anywhere;   /* (owned) (element-type utf8) */
  GPtrArray *in_name;    /* (owned) (element-type utf8) */
} WordTerm;

static void
word_term_free (WordTerm *term)
{
  g_clear_pointer (&term->anywhere, g_ptr_array_unref);
  g_clear_pointer (&term->in_name, g_ptr_array_unref);
  g_free (term);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WordTerm, word_term_free)

static gboolean
step_error (AduanAreaIndex  *self,
            sqlite3_stmt    *stmt,
            int              result,
            GError         **error)
{
  gboolean failed = (result != SQLITE_DONE && result != SQLITE_ROW);

  /* Read the message before reset, which may replace it. */
  if (failed)
    set_sqlite_error (error, self->db, result, self->path);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return failed;
}

static WordTerm *
expand_word (AduanAreaIndex  *self,
             const char      *word,
             GError         **error)
{
  g_autoptr(WordTerm) term = g_new0 (WordTerm, 1);
  g_autofree char *word_end = g_strconcat (word, KEY_UPPER_BOUND_SUFFIX, NULL);
  sqlite3_stmt *stmt;
  int result;

  term->anywhere = g_ptr_array_new_with_free_func (g_free);
  term->in_name = g_ptr_array_new_with_free_func (g_free);

  if (g_utf8_strlen (word, -1) <= _ADUAN_AREA_LONGEST_PREFIX)
    {
      stmt = self->name_word_by_prefix;
      sqlite3_bind_text (stmt, 1, word, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, word_end, -1, SQLITE_STATIC);
      result = sqlite3_step (stmt);
      if (step_error (self, stmt, result, error))
        return NULL;

      g_ptr_array_add (term->anywhere, quote_phrase (word, TRUE));
      if (result == SQLITE_ROW)
        g_ptr_array_add (term->in_name, quote_phrase (word, TRUE));
      return g_steal_pointer (&term);
    }

  stmt = self->words_by_prefix;
  sqlite3_bind_text (stmt, 1, word, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, word_end, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, MAX_WORD_EXPANSION + 1);

  while ((result = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *indexed = (const char *) sqlite3_column_text (stmt, 0);

      g_ptr_array_add (term->anywhere, quote_phrase (indexed, FALSE));
      if (sqlite3_column_int (stmt, 1))
        g_ptr_array_add (term->in_name, quote_phrase (indexed, FALSE));
    }

  if (step_error (self, stmt, result, error))
    return NULL;

  /* Too many to list: let FTS5 merge them, slower but still right. */
  if (term->anywhere->len > MAX_WORD_EXPANSION)
    {
      g_ptr_array_set_size (term->anywhere, 0);
      g_ptr_array_add (term->anywhere, quote_phrase (word, TRUE));
      if (term->in_name->len > 0)
        {
          g_ptr_array_set_size (term->in_name, 0);
          g_ptr_array_add (term->in_name, quote_phrase (word, TRUE));
        }
    }

  return g_steal_pointer (&term);
}

typedef enum {
  MATCH_NAME_STARTS,   /* the village name starts with the first word */
  MATCH_NAME_HAS,      /* the village name has a word starting with it */
  MATCH_ANYWHERE,      /* it starts a word of the village, district or regency */
} MatchKind;

static void
append_term (GString   *match,
             GPtrArray *phrases,
             gboolean   initial)
{
  if (phrases->len > 1)
    g_string_append_c (match, '(');

  for (guint i = 0; i < phrases->len; i++)
    {
      if (i > 0)
        g_string_append (match, " OR ");
      /* ^: the phrase must be the first word of the column. */
      if (initial)
        g_string_append_c (match, '^');
      g_string_append (match, g_ptr_array_index (phrases, i));
    }

  if (phrases->len > 1)
    g_string_append_c (match, ')');
}

/* @terms holds a WordTerm for each word typed. */
static char *
build_match (GPtrArray *terms,
             MatchKind  kind)
{
  GString *match = g_string_new (NULL);

  for (guint i = 0; i < terms->len; i++)
    {
      WordTerm *term = g_ptr_array_index (terms, i);

      if (i > 0)
        g_string_append (match, " AND ");

      if (i == 0 && kind != MATCH_ANYWHERE)
        {
          g_string_append (match, "(name : ");
          append_term (match, term->in_name, kind == MATCH_NAME_STARTS);
          g_string_append_c (match, ')');
        }
      else
        {
          append_term (match, term->anywhere, FALSE);
        }
    }

  return g_string_free (match, FALSE);
}

/**
 * aduan_area_index_search:
 * @self: an index
 * @text: what the person typed so far
 * @limit: the most villages to return
 * @error: return location for a #GError
 *
 * Finds villages for typeahead. Every word of @text must start a word of
 * the village's name, its district's or its regency's, so "manguharjo
 * madiun" narrows to Manguharjo in Kota Madiun. Case, diacritics and
 * punctuation do not matter, and no input is a syntax error.
 *
 * Villages whose name starts with @text come first, in name order; then
 * villages whose name starts with the first word; then those whose name
 * has a word starting with it; then the rest, in order of their codes.
 *
 * Returns: (transfer full) (element-type AduanVillage): the villages, empty
 *   if @text has no letters or digits; %NULL with @error set if the index
 *   could not be read
 */
GPtrArray *
aduan_area_index_search (AduanAreaIndex  *self,
                         const char      *text,
                         guint            limit,
                         GError         **error)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *key = NULL;
  g_autofree char *key_end = NULL;
  g_auto(GStrv) words = NULL;
  const MatchKind kinds[] = { MATCH_NAME_STARTS, MATCH_NAME_HAS, MATCH_ANYWHERE };

  g_return_val_if_fail (ADUAN_IS_AREA_INDEX (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) aduan_village_free);

  key = _aduan_area_key (text);
  if (*key == '\0' || limit == 0)
    return g_steal_pointer (&results);

  words = g_strsplit (key, " ", MAX_SEARCH_WORDS + 1);
  if (g_strv_length (words) > MAX_SEARCH_WORDS)
    g_clear_pointer (&words[MAX_SEARCH_WORDS], g_free);

  seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  key_end = g_strconcat (key, KEY_UPPER_BOUND_SUFFIX, NULL);

  locker = g_mutex_locker_new (&self->lock);

  sqlite3_bind_text (self->by_name_prefix, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->by_name_prefix, 2, key_end, -1, SQLITE_STATIC);
  if (!collect_rows (self, self->by_name_prefix, seen, results, limit, error))
    return NULL;

  if (results->len >= limit)
    return g_steal_pointer (&results);

  terms = g_ptr_array_new_with_free_func ((GDestroyNotify) word_term_free);
  for (guint i = 0; words[i] != NULL; i++)
    {
      WordTerm *term = expand_word (self, words[i], error);

      if (term == NULL)
        return NULL;

      g_ptr_array_add (terms, term);

      /* A word that starts no indexed word: no village has it. */
      if (term->anywhere->len == 0)
        return g_steal_pointer (&results);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (kinds) && results->len < limit; i++)
    {
      WordTerm *first = g_ptr_array_index (terms, 0);
      g_autofree char *match = NULL;

      /* With one word, "name starts with it" is what the name-order query
       * above already returned. */
      if (kinds[i] == MATCH_NAME_STARTS && terms->len == 1)
        continue;

      if (kinds[i] != MATCH_ANYWHERE && first->in_name->len == 0)
        continue;

      match = build_match (terms, kinds[i]);
      sqlite3_bind_text (self->by_match, 1, match, -1, SQLITE_STATIC);
      if (!collect_rows (self, self->by_match, seen, results, limit, error))
        return NULL;
    }

  return g_steal_pointer (&results);
}

/**
 * aduan_area_index_lookup:
 * @self: an index
 * @code: a Kemendagri village code, `NN.NN.NN.NNNN`
 * @error: return location for a #GError
 *
 * Finds the village with @code, e.g. to show the place of a stored
 * complaint.
 *
 * Returns: (transfer full): the village, or %NULL with @error set:
 *   %ADUAN_ERROR_INVALID_FIELD if @code is not of the right shape,
 *   %ADUAN_ERROR_NOT_FOUND if no village has it
 */
AduanVillage *
aduan_area_index_lookup (AduanAreaIndex  *self,
                         const char      *code,
                         GError         **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  AduanVillage *village = NULL;
  int result;

  g_return_val_if_fail (ADUAN_IS_AREA_INDEX (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!aduan_village_code_is_well_formed (code))
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("“%s” is not a village code: it should look like 35.77.02.1001"),
                   code);
      return NULL;
    }

  locker = g_mutex_locker_new (&self->lock);

  sqlite3_bind_text (self->by_code, 1, code, -1, SQLITE_STATIC);
  result = sqlite3_step (self->by_code);
  if (result == SQLITE_ROW)
    village = village_from_row (self->by_code);
  else if (result == SQLITE_DONE)
    g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_NOT_FOUND,
                 _("No village has the code %s"), code);
  else
    set_sqlite_error (error, self->db, result, self->path);

  sqlite3_reset (self->by_code);
  sqlite3_clear_bindings (self->by_code);
  return village;
}

/**
 * aduan_area_index_count_villages:
 * @self: an index
 *
 * Returns: how many villages the index holds
 */
gint64
aduan_area_index_count_villages (AduanAreaIndex *self)
{
  g_return_val_if_fail (ADUAN_IS_AREA_INDEX (self), 0);

  return self->n_villages;
}
