/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aduan-error.h"
#include "aduan-json.h"

/**
 * aduan_json_check_depth:
 * @data: JSON text from outside: a request body, a hub's answer, a file
 * @length: its length in bytes
 * @max_depth: how deeply arrays and objects may nest
 * @error: return location for a #GError
 *
 * Checks that @data is UTF-8 and nests no deeper than @max_depth, before a
 * JSON parser sees it: json-glib 1.6 recurses once per level, so a text of
 * nothing but "[" would overflow the stack of whoever parses it.
 *
 * Returns: %TRUE if @data may be parsed; else %ADUAN_ERROR_INVALID_JSON
 */
gboolean
aduan_json_check_depth (const char  *data,
                        gsize        length,
                        guint        max_depth,
                        GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_JSON,
                           _("The JSON text is not valid UTF-8"));
      return FALSE;
    }

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if ((c == '[' || c == '{') && ++depth > max_depth)
        {
          g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_JSON,
                       _("The JSON text nests deeper than %u levels"), max_depth);
          return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}
