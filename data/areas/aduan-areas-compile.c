/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * aduan-areas-compile: turns the CSV files of the npm package idn-area-data
 * (provinces, regencies, districts, villages with their Kemendagri codes)
 * into areas.sqlite, the read-only village index that libaduan's
 * AduanAreaIndex opens for typeahead.
 *
 * It runs at build time. The CSVs are ~84 000 villages; parsing them on every
 * start of the app, on a field laptop, would cost seconds, while an SQLite
 * file with an FTS5 index answers a keystroke in well under a millisecond.
 */

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "aduan-area-index-private.h"

typedef enum {
  LEVEL_PROVINCE,
  LEVEL_REGENCY,
  LEVEL_DISTRICT,
  LEVEL_VILLAGE,
} Level;

typedef struct
{
  const char *file_name;
  const char *parent_column;   /* NULL for provinces */
  const char *code_pattern;    /* what a well-formed code looks like */
} LevelInfo;

static const LevelInfo levels[] = {
  [LEVEL_PROVINCE] = { "provinces.csv", NULL, "NN" },
  [LEVEL_REGENCY] = { "regencies.csv", "province_code", "NN.NN" },
  [LEVEL_DISTRICT] = { "districts.csv", "regency_code", "NN.NN.NN" },
  [LEVEL_VILLAGE] = { "villages.csv", "district_code", "NN.NN.NN.NNNN" },
};

typedef struct
{
  char *code;
  char *parent_code;
  char *name;
} Area;

static void
area_free (Area *area)
{
  g_free (area->code);
  g_free (area->parent_code);
  g_free (area->name);
  g_free (area);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Area, area_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static gboolean
code_matches_pattern (const char *code,
                      const char *pattern)
{
  if (strlen (code) != strlen (pattern))
    return FALSE;

  for (gsize i = 0; pattern[i] != '\0'; i++)
    {
      if (pattern[i] == 'N' ? !g_ascii_isdigit (code[i]) : code[i] != pattern[i])
        return FALSE;
    }

  return TRUE;
}

/* RFC 4180 fields, but forgiving: the data has names such as Soka"an with
 * a bare quote inside an unquoted field, which a strict parser rejects.
 * A quote only opens a quoted field at the start of a field. Returns the
 * fields of one record and advances *cursor past it, or NULL at the end. */
static GPtrArray *
csv_next_record (const char **cursor,
                 const char  *end,
                 guint       *line,
                 GError     **error)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = *cursor;
  guint start_line = *line;
  gboolean in_quotes = FALSE;
  gboolean field_was_quoted = FALSE;

  if (p >= end)
    return NULL;

  fields = g_ptr_array_new_with_free_func (g_free);

  while (p < end)
    {
      char c = *p;

      if (in_quotes)
        {
          if (c == '"' && p + 1 < end && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p += 2;
            }
          else if (c == '"')
            {
              in_quotes = FALSE;
              p++;
            }
          else
            {
              if (c == '\n')
                (*line)++;
              g_string_append_c (field, c);
              p++;
            }
          continue;
        }

      if (c == '"' && field->len == 0 && !field_was_quoted)
        {
          in_quotes = TRUE;
          field_was_quoted = TRUE;
          p++;
        }
      else if (c == ',')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          field_was_quoted = FALSE;
          p++;
        }
      else if (c == '\r' || c == '\n')
        {
          if (c == '\r' && p + 1 < end && p[1] == '\n')
            p++;
          p++;
          (*line)++;
          break;
        }
      else
        {
          g_string_append_c (field, c);
          p++;
        }
    }

  if (in_quotes)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "line %u: a quoted field is never closed", start_line);
      return NULL;
    }

  g_ptr_array_add (fields, g_strdup (field->str));
  *cursor = p;
  return g_steal_pointer (&fields);
}

static int
find_column (GPtrArray  *header,
             const char *name)
{
  for (guint i = 0; i < header->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (header, i), name) == 0)
        return (int) i;
    }
  return -1;
}

/* Reads one level's CSV into an array of Area, checking every code, so a
 * damaged download fails the build instead of shipping a broken index. */
static GPtrArray *
read_level (const char  *csv_dir,
            Level        level,
            GHashTable  *parent_codes,
            GError     **error)
{
  const LevelInfo *info = &levels[level];
  g_autofree char *path = g_build_filename (csv_dir, info->file_name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) header = NULL;
  g_autoptr(GPtrArray) areas = g_ptr_array_new_with_free_func ((GDestroyNotify) area_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) local_error = NULL;
  const char *cursor;
  const char *end;
  gsize length;
  guint line = 1;
  int code_column;
  int name_column;
  int parent_column = -1;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  if (!g_utf8_validate (contents, length, NULL))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "%s: not UTF-8 text", path);
      return NULL;
    }

  cursor = contents;
  end = contents + length;

  /* Skip a byte order mark, which spreadsheet programs like to add. */
  if (length >= 3 && memcmp (cursor, "\xEF\xBB\xBF", 3) == 0)
    cursor += 3;

  header = csv_next_record (&cursor, end, &line, &local_error);
  if (header == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "%s: %s", path,
                   local_error != NULL ? local_error->message : "empty file");
      return NULL;
    }

  code_column = find_column (header, "code");
  name_column = find_column (header, "name");
  if (info->parent_column != NULL)
    parent_column = find_column (header, info->parent_column);

  if (code_column < 0 || name_column < 0 ||
      (info->parent_column != NULL && parent_column < 0))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "%s: the header must name the columns code,%s%sname",
                   path,
                   info->parent_column != NULL ? info->parent_column : "",
                   info->parent_column != NULL ? "," : "");
      return NULL;
    }

  for (;;)
    {
      g_autoptr(GPtrArray) record = NULL;
      g_autoptr(Area) area = NULL;
      guint record_line = line;
      const char *code;
      const char *name;

      record = csv_next_record (&cursor, end, &line, &local_error);
      if (record == NULL && local_error != NULL)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       "%s: %s", path, local_error->message);
          return NULL;
        }
      if (record == NULL)
        break;

      /* A trailing newline leaves one empty record behind. */
      if (record->len == 1 && *(char *) g_ptr_array_index (record, 0) == '\0')
        continue;

      if (record->len != header->len)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       "%s:%u: %u fields where the header has %u",
                       path, record_line, record->len, header->len);
          return NULL;
        }

      code = g_ptr_array_index (record, code_column);
      name = g_ptr_array_index (record, name_column);

      if (!code_matches_pattern (code, info->code_pattern))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       "%s:%u: code “%s” is not of the form %s",
                       path, record_line, code, info->code_pattern);
          return NULL;
        }

      if (g_hash_table_contains (seen, code))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       "%s:%u: code %s appears twice", path, record_line, code);
          return NULL;
        }

      area = g_new0 (Area, 1);
      area->code = g_strdup (code);
      area->name = g_strstrip (g_strdup (name));

      if (*area->name == '\0')
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       "%s:%u: code %s has no name", path, record_line, code);
          return NULL;
        }

      if (parent_column >= 0)
        {
          const char *parent = g_ptr_array_index (record, parent_column);

          /* The parent code is also the prefix of the code: 35.77.02 lies
           * in 35.77. Checking both catches rows shifted between columns. */
          if (!g_str_has_prefix (code, parent) || code[strlen (parent)] != '.' ||
              !g_hash_table_contains (parent_codes, parent))
            {
              g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                           "%s:%u: %s names an unknown or wrong parent %s",
                           path, record_line, code, parent);
              return NULL;
            }
          area->parent_code = g_strdup (parent);
        }

      g_hash_table_add (seen, area->code);
      g_ptr_array_add (areas, g_steal_pointer (&area));
    }

  if (areas->len == 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "%s: no rows", path);
      return NULL;
    }

  return g_steal_pointer (&areas);
}

/* Provinces and regencies come in capitals ("KABUPATEN ACEH SELATAN"),
 * which shout from a list next to villages in mixed case. Words become
 * "Kabupaten Aceh Selatan"; the connective "dan" stays in lower case and
 * the acronym "DKI" in capitals, as the government writes them. Names that
 * already have lower-case letters are left as they are. */
static char *
title_case (const char *name)
{
  g_auto(GStrv) words = NULL;
  GString *result;
  gboolean has_lower = FALSE;

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_islower (g_utf8_get_char (p)))
        {
          has_lower = TRUE;
          break;
        }
    }

  if (has_lower)
    return g_strdup (name);

  words = g_strsplit (name, " ", -1);
  result = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *lower = g_utf8_strdown (words[i], -1);
      gboolean start_of_part = TRUE;

      if (*words[i] == '\0')
        continue;

      if (result->len > 0)
        g_string_append_c (result, ' ');

      if (g_strcmp0 (words[i], "DKI") == 0)
        {
          g_string_append (result, "DKI");
          continue;
        }

      if (result->len > 0 && g_strcmp0 (lower, "dan") == 0)
        {
          g_string_append (result, lower);
          continue;
        }

      /* Capitalize after a hyphen, slash or bracket too: "Toli-Toli". */
      for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          g_string_append_unichar (result, start_of_part ? g_unichar_totitle (c) : c);
          start_of_part = (c == '-' || c == '/' || c == '(');
        }
    }

  return g_string_free (result, FALSE);
}

/* Records the words of @key in @words, word → whether a village name has
 * it (GINT_TO_POINTER). */
static void
add_words (GHashTable *words,
           const char *key,
           gboolean    in_name)
{
  g_auto(GStrv) split = g_strsplit (key, " ", -1);

  for (guint i = 0; split[i] != NULL; i++)
    {
      gpointer old_in_name;

      if (*split[i] == '\0')
        continue;

      if (!g_hash_table_lookup_extended (words, split[i], NULL, &old_in_name))
        g_hash_table_insert (words, g_strdup (split[i]), GINT_TO_POINTER (in_name));
      else if (in_name && !GPOINTER_TO_INT (old_in_name))
        g_hash_table_replace (words, g_strdup (split[i]), GINT_TO_POINTER (TRUE));
    }
}

static int
compare_areas_by_code (gconstpointer a,
                       gconstpointer b)
{
  const Area *area_a = *(const Area * const *) a;
  const Area *area_b = *(const Area * const *) b;

  return strcmp (area_a->code, area_b->code);
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "SQLite: %s", message != NULL ? message : sqlite3_errmsg (db));
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "SQLite: %s", sqlite3_errmsg (db));
      return NULL;
    }

  return stmt;
}

static gboolean
step_done (sqlite3       *db,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "SQLite: %s", sqlite3_errmsg (db));
      return FALSE;
    }

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return TRUE;
}

static const char schema_sql[] =
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE provinces ("
  "  code TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE regencies ("
  "  code TEXT PRIMARY KEY,"
  "  province_code TEXT NOT NULL REFERENCES provinces (code),"
  "  name TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE districts ("
  "  code TEXT PRIMARY KEY,"
  "  regency_code TEXT NOT NULL REFERENCES regencies (code),"
  "  name TEXT NOT NULL"
  ") WITHOUT ROWID;"
  /* id follows the order of the codes, so FTS results, which come in rowid
   * order, list the villages of one district together. name_key is the
   * folded name; its index answers "name starts with" in name order. */
  "CREATE TABLE villages ("
  "  id INTEGER PRIMARY KEY,"
  "  code TEXT NOT NULL UNIQUE,"
  "  district_code TEXT NOT NULL REFERENCES districts (code),"
  "  name TEXT NOT NULL,"
  "  name_key TEXT NOT NULL"
  ");"
  /* Every word of the FTS index once. Search expands a long word typed
   * into the few indexed words it starts: see _ADUAN_AREA_LONGEST_PREFIX. */
  "CREATE TABLE words ("
  "  word TEXT PRIMARY KEY,"
  "  in_name INTEGER NOT NULL"   /* 1 if some village name has it */
  ") WITHOUT ROWID;"
  /* Contentless: the text lives in the tables above; the index only needs
   * the folded words. Prefix indexes make the first keystrokes ("k", "ke")
   * as cheap as whole words. */
  "CREATE VIRTUAL TABLE villages_fts USING fts5 ("
  "  name, district, regency,"
  "  content = '',"
  "  columnsize = 0,"
  "  prefix = '" _ADUAN_AREA_FTS_PREFIXES "',"
  "  tokenize = 'unicode61 remove_diacritics 2'"
  ");";

static char *
read_source_version (const char *csv_dir)
{
  /* The CSVs sit in node_modules/idn-area-data/data; the version is in
   * the package.json next to that folder. A full JSON parser for one
   * field is not worth a dependency: the file is npm's, not hand-made. */
  g_autofree char *path = g_build_filename (csv_dir, "..", "package.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;

  regex = g_regex_new ("\"version\"\\s*:\\s*\"([^\"]+)\"", 0, 0, NULL);
  if (!g_regex_match (regex, contents, 0, &match))
    return NULL;

  return g_match_info_fetch (match, 1);
}

static gboolean
write_index (const char  *output,
             const char  *csv_dir,
             GError     **error)
{
  g_autoptr(GHashTable) province_codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) regency_codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) district_codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) regency_names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) district_names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) district_regency = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) provinces = NULL;
  g_autoptr(GPtrArray) regencies = NULL;
  g_autoptr(GPtrArray) districts = NULL;
  g_autoptr(GPtrArray) villages = NULL;
  g_autoptr(sqlite3) db = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) insert_fts = NULL;
  g_autofree char *temporary = g_strconcat (output, ".tmp", NULL);
  g_autofree char *source_version = NULL;
  g_autofree char *pragmas = NULL;

  provinces = read_level (csv_dir, LEVEL_PROVINCE, NULL, error);
  if (provinces == NULL)
    return FALSE;
  for (guint i = 0; i < provinces->len; i++)
    {
      Area *area = g_ptr_array_index (provinces, i);
      g_hash_table_add (province_codes, area->code);
    }

  regencies = read_level (csv_dir, LEVEL_REGENCY, province_codes, error);
  if (regencies == NULL)
    return FALSE;
  for (guint i = 0; i < regencies->len; i++)
    {
      Area *area = g_ptr_array_index (regencies, i);
      g_hash_table_add (regency_codes, area->code);
    }

  districts = read_level (csv_dir, LEVEL_DISTRICT, regency_codes, error);
  if (districts == NULL)
    return FALSE;
  for (guint i = 0; i < districts->len; i++)
    {
      Area *area = g_ptr_array_index (districts, i);
      g_hash_table_add (district_codes, area->code);
    }

  villages = read_level (csv_dir, LEVEL_VILLAGE, district_codes, error);
  if (villages == NULL)
    return FALSE;

  /* Build aside and rename at the end, so an interrupted build never
   * leaves a half-written areas.sqlite that looks finished to make. */
  if (g_unlink (temporary) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", temporary, g_strerror (saved_errno));
      return FALSE;
    }

  if (sqlite3_open_v2 (temporary, &db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "%s: %s", temporary, db != NULL ? sqlite3_errmsg (db) : "out of memory");
      return FALSE;
    }

  /* Nothing to protect while building: the file is thrown away on error. */
  pragmas = g_strdup_printf ("PRAGMA journal_mode = OFF;"
                             "PRAGMA synchronous = OFF;"
                             "PRAGMA application_id = %d;"
                             "PRAGMA user_version = %s;",
                             _ADUAN_AREA_APPLICATION_ID,
                             _ADUAN_AREA_FORMAT_VERSION);
  if (!exec_sql (db, pragmas, error) ||
      !exec_sql (db, "BEGIN", error) ||
      !exec_sql (db, schema_sql, error))
    return FALSE;

  insert = prepare (db, "INSERT INTO meta (key, value) VALUES (?1, ?2)", error);
  if (insert == NULL)
    return FALSE;

  source_version = read_source_version (csv_dir);
  {
    const char *meta[][2] = {
      { "format", _ADUAN_AREA_FORMAT_VERSION },
      { "key_version", _ADUAN_AREA_KEY_VERSION },
      { "source", "idn-area-data" },
      { "source_version", source_version != NULL ? source_version : "unknown" },
      { "license", "ODbL-1.0" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (meta); i++)
      {
        sqlite3_bind_text (insert, 1, meta[i][0], -1, SQLITE_STATIC);
        sqlite3_bind_text (insert, 2, meta[i][1], -1, SQLITE_STATIC);
        if (!step_done (db, insert, error))
          return FALSE;
      }
  }
  g_clear_pointer (&insert, sqlite3_finalize);

  insert = prepare (db, "INSERT INTO provinces (code, name) VALUES (?1, ?2)", error);
  if (insert == NULL)
    return FALSE;
  for (guint i = 0; i < provinces->len; i++)
    {
      Area *area = g_ptr_array_index (provinces, i);
      g_autofree char *name = title_case (area->name);

      sqlite3_bind_text (insert, 1, area->code, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, name, -1, SQLITE_STATIC);
      if (!step_done (db, insert, error))
        return FALSE;
    }
  g_clear_pointer (&insert, sqlite3_finalize);

  insert = prepare (db, "INSERT INTO regencies (code, province_code, name) VALUES (?1, ?2, ?3)", error);
  if (insert == NULL)
    return FALSE;
  for (guint i = 0; i < regencies->len; i++)
    {
      Area *area = g_ptr_array_index (regencies, i);
      char *name = title_case (area->name);

      /* The FTS rows below need the nice name; keep it, freed with area. */
      g_free (area->name);
      area->name = name;
      g_hash_table_insert (regency_names, area->code, area->name);

      sqlite3_bind_text (insert, 1, area->code, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, area->parent_code, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, area->name, -1, SQLITE_STATIC);
      if (!step_done (db, insert, error))
        return FALSE;
    }
  g_clear_pointer (&insert, sqlite3_finalize);

  insert = prepare (db, "INSERT INTO districts (code, regency_code, name) VALUES (?1, ?2, ?3)", error);
  if (insert == NULL)
    return FALSE;
  for (guint i = 0; i < districts->len; i++)
    {
      Area *area = g_ptr_array_index (districts, i);

      g_hash_table_insert (district_names, area->code, area->name);
      g_hash_table_insert (district_regency, area->code, area->parent_code);

      sqlite3_bind_text (insert, 1, area->code, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, area->parent_code, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, area->name, -1, SQLITE_STATIC);
      if (!step_done (db, insert, error))
        return FALSE;
    }
  g_clear_pointer (&insert, sqlite3_finalize);

  /* Codes sort the same as text and as numbers: NN.NN.NN.NNNN is fixed
   * width. Sorting makes ids follow the codes whatever the CSV order. */
  g_ptr_array_sort (villages, compare_areas_by_code);

  insert = prepare (db,
                    "INSERT INTO villages (id, code, district_code, name, name_key)"
                    " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  insert_fts = prepare (db,
                        "INSERT INTO villages_fts (rowid, name, district, regency)"
                        " VALUES (?1, ?2, ?3, ?4)", error);
  if (insert == NULL || insert_fts == NULL)
    return FALSE;

  for (guint i = 0; i < villages->len; i++)
    {
      Area *area = g_ptr_array_index (villages, i);
      const char *regency_code = g_hash_table_lookup (district_regency, area->parent_code);
      g_autofree char *name_key = _aduan_area_key (area->name);
      g_autofree char *district_key = _aduan_area_key (g_hash_table_lookup (district_names, area->parent_code));
      g_autofree char *regency_key = _aduan_area_key (g_hash_table_lookup (regency_names, regency_code));
      sqlite3_int64 id = (sqlite3_int64) i + 1;

      sqlite3_bind_int64 (insert, 1, id);
      sqlite3_bind_text (insert, 2, area->code, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, area->parent_code, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 4, area->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 5, name_key, -1, SQLITE_STATIC);
      if (!step_done (db, insert, error))
        return FALSE;

      add_words (words, name_key, TRUE);
      add_words (words, district_key, FALSE);
      add_words (words, regency_key, FALSE);

      sqlite3_bind_int64 (insert_fts, 1, id);
      sqlite3_bind_text (insert_fts, 2, name_key, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert_fts, 3, district_key, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert_fts, 4, regency_key, -1, SQLITE_STATIC);
      if (!step_done (db, insert_fts, error))
        return FALSE;
    }
  g_clear_pointer (&insert, sqlite3_finalize);
  g_clear_pointer (&insert_fts, sqlite3_finalize);

  insert = prepare (db, "INSERT INTO words (word, in_name) VALUES (?1, ?2)", error);
  if (insert == NULL)
    return FALSE;
  {
    GHashTableIter iter;
    gpointer word;
    gpointer in_name;

    g_hash_table_iter_init (&iter, words);
    while (g_hash_table_iter_next (&iter, &word, &in_name))
      {
        sqlite3_bind_text (insert, 1, word, -1, SQLITE_STATIC);
        sqlite3_bind_int (insert, 2, GPOINTER_TO_INT (in_name));
        if (!step_done (db, insert, error))
          return FALSE;
      }
  }
  g_clear_pointer (&insert, sqlite3_finalize);

  /* The index is built after the rows, in one go, and the FTS segments
   * merged into one b-tree: both make the file smaller and reads faster. */
  if (!exec_sql (db,
                 "CREATE INDEX villages_by_name_key ON villages (name_key);"
                 "INSERT INTO villages_fts (villages_fts) VALUES ('optimize');"
                 "COMMIT;"
                 "ANALYZE;"
                 "VACUUM;", error))
    return FALSE;

  g_clear_pointer (&db, sqlite3_close);

  if (g_rename (temporary, output) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", output, g_strerror (saved_errno));
      return FALSE;
    }

  g_print ("%s: %u provinces, %u regencies, %u districts, %u villages\n",
           output, provinces->len, regencies->len, districts->len, villages->len);
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv_dir = NULL;
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "csv-dir", 'c', 0, G_OPTION_ARG_FILENAME, &csv_dir,
      "Folder with provinces.csv, regencies.csv, districts.csv, villages.csv", "DIR" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "The SQLite file to write", "FILE" },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("- compile idn-area-data CSVs into areas.sqlite");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }

  if (csv_dir == NULL || output == NULL || argc != 1)
    {
      g_printerr ("%s: usage: %s --csv-dir DIR --output FILE\n",
                  g_get_prgname (), g_get_prgname ());
      return EXIT_FAILURE;
    }

  if (!write_index (output, csv_dir, &error))
    {
      g_autofree char *temporary = g_strconcat (output, ".tmp", NULL);

      g_unlink (temporary);
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }

  return EXIT_SUCCESS;
}
