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

  /* Without a GPU render node, GTK's GL renderer runs on llvmpipe, in
   * software, and the first frame takes about twice as long as with the
   * cairo renderer (tests/bench/bench-app-start.c: 656 against 371 ms on a
   * 2-core machine without /dev/dri). Kiosk thin clients are like that.
   * GSK_RENDERER set by the user still wins. */
  if (g_getenv ("GSK_RENDERER") == NULL && !g_file_test ("/dev/dri", G_FILE_TEST_IS_DIR))
    g_setenv ("GSK_RENDERER", "cairo", FALSE);

  app = aduan_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);

  /* A test script may ask for a failing status after the main loop ends. */
  if (status == 0)
    status = aduan_application_get_exit_status (app);

  return status;
}
