/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <string.h>

#include <glib.h>

G_BEGIN_DECLS

/*
 * Shared between libaduan (aduan-area-index.c) and the build tool that writes
 * areas.sqlite (data/areas/aduan-areas-compile.c). Both sides must turn text
 * into search keys in exactly the same way, or typeahead silently misses
 * villages; so the code lives here once, and the database records
 * _ADUAN_AREA_KEY_VERSION so that an index built by a different rule is
 * refused instead of half-working.
 */

/* Bump whenever _aduan_area_key() changes what it produces. */
#define _ADUAN_AREA_KEY_VERSION "1"

/* The database layout; bump on any change of tables or columns. */
#define _ADUAN_AREA_FORMAT_VERSION "1"

/* The FTS5 prefix indexes, and the longest of them in characters. A
 * prefix query longer than that makes FTS5 merge the doclists of every
 * matching word before it returns a row: several milliseconds for a word
 * in most rows, such as "kabupaten". So search looks a longer word up in
 * the table of indexed words and asks FTS5 for the few words it starts,
 * which FTS5 reads lazily, in rowid order. */
#define _ADUAN_AREA_FTS_PREFIXES "1 2 3 4 5 6"
#define _ADUAN_AREA_LONGEST_PREFIX 6

/* "ADUA" in ASCII, so `file` and sqlite3 can tell our index from any other. */
#define _ADUAN_AREA_APPLICATION_ID 0x41445541

static inline gboolean
_aduan_area_is_joiner (gunichar c)
{
  /* Apostrophes and quotes inside a name mark a glottal stop ("Ba'u",
   * Madurese "Soka\"an"); people type the name with or without them, so
   * they join the letters around them instead of splitting the word. */
  switch (c)
    {
    case '\'':
    case '"':
    case '`':
    case 0x00B4: /* ACUTE ACCENT */
    case 0x02BB: /* MODIFIER LETTER TURNED COMMA */
    case 0x02BC: /* MODIFIER LETTER APOSTROPHE */
    case 0x2018: /* LEFT SINGLE QUOTATION MARK */
    case 0x2019: /* RIGHT SINGLE QUOTATION MARK */
    case 0x201C: /* LEFT DOUBLE QUOTATION MARK */
    case 0x201D: /* RIGHT DOUBLE QUOTATION MARK */
      return TRUE;
    default:
      return FALSE;
    }
}

/*
 * _aduan_area_key:
 * @text: UTF-8 text, a name from the data or what a person typed
 *
 * Folds @text into a search key: lower case, without diacritics, words of
 * letters and digits separated by single spaces, apostrophes dropped. So
 * "Oro-oro  Ombo" and "ORO ORO ombó" both become "oro oro ombo".
 *
 * Returns: (transfer full): the key; empty when @text has no letter or digit
 */
G_GNUC_UNUSED static char *
_aduan_area_key (const char *text)
{
  g_autofree char *decomposed = NULL;
  GString *key;
  gboolean pending_space = FALSE;

  if (text == NULL)
    return g_strdup ("");

  /* Compatibility decomposition splits "é" into "e" + a combining mark and
   * folds ligatures and full-width forms, so dropping marks strips
   * diacritics. Invalid UTF-8 gives NULL: treat it as no text at all. */
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  if (decomposed == NULL)
    return g_strdup ("");

  key = g_string_sized_new (strlen (decomposed));

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (g_unichar_type (c))
        {
        case G_UNICODE_NON_SPACING_MARK:
        case G_UNICODE_SPACING_MARK:
        case G_UNICODE_ENCLOSING_MARK:
        case G_UNICODE_FORMAT:
          continue;
        default:
          break;
        }

      if (_aduan_area_is_joiner (c))
        continue;

      if (g_unichar_isalnum (c))
        {
          if (pending_space && key->len > 0)
            g_string_append_c (key, ' ');
          pending_space = FALSE;
          g_string_append_unichar (key, g_unichar_tolower (c));
        }
      else
        {
          pending_space = TRUE;
        }
    }

  return g_string_free (key, FALSE);
}

G_END_DECLS
