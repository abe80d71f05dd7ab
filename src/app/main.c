/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "aduan-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AduanApplication) app = NULL;
  const char *localedir = g_getenv ("ADUAN_LOCALEDIR");
  int status;

  /* ADUAN_LOCALEDIR: the translations in a build tree, for `meson devenv`
   * and the tests. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = aduan_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);

  /* A test script may ask for a failing status after the main loop ends. */
  if (status == 0)
    status = aduan_application_get_exit_status (app);

  return status;
}
