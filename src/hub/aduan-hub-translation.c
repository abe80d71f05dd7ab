/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "aduan-error.h"
#include "aduan-hub-translation.h"

#define MO_MAGIC 0x950412deu
#define MO_MAGIC_SWAPPED 0xde120495u

/**
 * AduanHubTranslation:
 *
 * One language's messages for the public pages, read straight from the
 * gettext catalogue (`aduan.mo`). The hub answers every visitor in
 * Indonesian whatever locale it runs in, and a server often has no
 * Indonesian locale installed, so switching the process locale with
 * setlocale() is neither possible nor safe with requests in flight.
 * Strings the catalogue lacks fall back to a built-in table, then to the
 * English source text.
 */
struct _AduanHubTranslation
{
  GHashTable *messages;   /* (owned) msgid → msgstr, from the catalogue */
  GHashTable *fallbacks;  /* (owned) msgid → msgstr, built in */
};

/**
 * aduan_hub_translation_new:
 *
 * Returns: (transfer full): a translation with no messages
 */
AduanHubTranslation *
aduan_hub_translation_new (void)
{
  AduanHubTranslation *self = g_new0 (AduanHubTranslation, 1);

  self->messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->fallbacks = g_hash_table_new (g_str_hash, g_str_equal);

  return self;
}

void
aduan_hub_translation_free (AduanHubTranslation *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->messages);
  g_hash_table_unref (self->fallbacks);
  g_free (self);
}

static gboolean
read_u32 (GBytes  *bytes,
          gsize    offset,
          gboolean swapped,
          guint32 *out)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  guint32 value;

  if (offset > size || size - offset < 4)
    return FALSE;

  memcpy (&value, data + offset, 4);
  *out = swapped ? GUINT32_SWAP_LE_BE (value) : value;
  return TRUE;
}

/* A string of a .mo table: its length and offset, checked against the
 * file's size, so a damaged catalogue cannot make us read past it. */
static const char *
read_string (GBytes   *bytes,
             guint32   table,
             guint32   index,
             gboolean  swapped,
             guint32  *out_length)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  guint32 length, offset;

  if (!read_u32 (bytes, (gsize) table + (gsize) index * 8, swapped, &length) ||
      !read_u32 (bytes, (gsize) table + (gsize) index * 8 + 4, swapped, &offset))
    return NULL;

  if ((gsize) offset > size || size - offset <= length || data[offset + length] != '\0')
    return NULL;

  *out_length = length;
  return data + offset;
}

/**
 * aduan_hub_translation_load_mo:
 * @self: a translation
 * @path: a compiled gettext catalogue
 * @error: return location for a #GError
 *
 * Adds the singular messages of @path; plural forms and the header are
 * left out, the public pages have none.
 *
 * Returns: %TRUE if the catalogue was read
 */
gboolean
aduan_hub_translation_load_mo (AduanHubTranslation  *self,
                               const char           *path,
                               GError              **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint32 magic, count, originals, translations;
  gboolean swapped;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  file = g_mapped_file_new (path, FALSE, error);
  if (file == NULL)
    return FALSE;
  bytes = g_mapped_file_get_bytes (file);

  if (!read_u32 (bytes, 0, FALSE, &magic) || (magic != MO_MAGIC && magic != MO_MAGIC_SWAPPED))
    goto invalid;
  swapped = magic == MO_MAGIC_SWAPPED;

  if (!read_u32 (bytes, 8, swapped, &count) ||
      !read_u32 (bytes, 12, swapped, &originals) ||
      !read_u32 (bytes, 16, swapped, &translations))
    goto invalid;

  for (guint32 i = 0; i < count; i++)
    {
      const char *msgid, *msgstr;
      guint32 id_length, str_length;

      msgid = read_string (bytes, originals, i, swapped, &id_length);
      msgstr = read_string (bytes, translations, i, swapped, &str_length);
      if (msgid == NULL || msgstr == NULL)
        goto invalid;

      /* The header (empty msgid), untranslated and fuzzy-free entries. */
      if (*msgid == '\0' || *msgstr == '\0' ||
          !g_utf8_validate (msgid, -1, NULL) || !g_utf8_validate (msgstr, -1, NULL))
        continue;

      g_hash_table_replace (self->messages, g_strdup (msgid), g_strdup (msgstr));
    }

  return TRUE;

invalid:
  g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_CORRUPT,
               "%s is not a gettext catalogue", path);
  return FALSE;
}

/**
 * aduan_hub_translation_load_default:
 * @self: a translation
 * @language: e.g. `id`
 *
 * Looks for `LANGUAGE/LC_MESSAGES/aduan.mo` under `$ADUAN_LOCALEDIR`, the
 * installed locale folder, and the build tree, and loads the first found.
 *
 * Returns: %TRUE if a catalogue was loaded
 */
gboolean
aduan_hub_translation_load_default (AduanHubTranslation *self,
                                    const char          *language)
{
  g_autofree char *build_locale_dir = g_build_filename (ADUAN_BUILD_DATADIR, "..", "po", NULL);
  const char *candidates[] = { g_getenv ("ADUAN_LOCALEDIR"), LOCALEDIR, build_locale_dir };
  g_autofree char *file_name = g_strconcat (GETTEXT_PACKAGE, ".mo", NULL);

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (language != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;

      if (candidates[i] == NULL || *candidates[i] == '\0')
        continue;

      path = g_build_filename (candidates[i], language, "LC_MESSAGES", file_name, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;

      if (aduan_hub_translation_load_mo (self, path, &error))
        return TRUE;

      g_message ("Translations not loaded: %s", error->message);
    }

  return FALSE;
}

/**
 * aduan_hub_translation_add_fallback:
 * @self: a translation
 * @msgid: (not nullable): the English source text; must outlive @self
 * @msgstr: (not nullable): its translation; must outlive @self
 *
 * Adds a translation to use when the catalogue has none for @msgid.
 */
void
aduan_hub_translation_add_fallback (AduanHubTranslation *self,
                                    const char          *msgid,
                                    const char          *msgstr)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (msgid != NULL && msgstr != NULL);

  g_hash_table_replace (self->fallbacks, (gpointer) msgid, (gpointer) msgstr);
}

/**
 * aduan_hub_translation_get:
 * @self: a translation
 * @msgid: the English source text
 *
 * Returns: (transfer none): the translation, or @msgid itself
 */
const char *
aduan_hub_translation_get (AduanHubTranslation *self,
                           const char          *msgid)
{
  const char *msgstr;

  g_return_val_if_fail (self != NULL, msgid);
  g_return_val_if_fail (msgid != NULL, NULL);

  msgstr = g_hash_table_lookup (self->messages, msgid);
  if (msgstr == NULL)
    msgstr = g_hash_table_lookup (self->fallbacks, msgid);

  return msgstr != NULL ? msgstr : msgid;
}
