/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "aduan-paths.h"

/**
 * aduan_find_data_file:
 * @name: a file name relative to the data folder, e.g. `areas.sqlite`
 *
 * Finds one of Aduan's shipped data files: in `$ADUAN_PKGDATADIR` when set
 * (tests and uninstalled runs), then in the build tree, then where it was
 * installed.
 *
 * Returns: (transfer full) (nullable): the path, or %NULL when no such file
 */
char *
aduan_find_data_file (const char *name)
{
  const char *candidates[3];
  guint n = 0;

  g_return_val_if_fail (name != NULL, NULL);

  candidates[n++] = g_getenv ("ADUAN_PKGDATADIR");
  candidates[n++] = PKGDATADIR;
  candidates[n++] = ADUAN_BUILD_DATADIR;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = NULL;

      if (candidates[i] == NULL || *candidates[i] == '\0')
        continue;

      path = g_build_filename (candidates[i], name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }

  return NULL;
}
