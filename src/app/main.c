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
   * software: the first frame took 656 ms against 371 ms with the cairo
   * renderer on a 2-core machine without /dev/dri, and merely opening GL
   * (which GDK does even for cairo) loads Mesa and LLVM: about 400 against
   * 290 ms with GL off (tests/bench/bench-app-start.c). Kiosk thin clients
   * are like that. What the user sets still wins. */
  if (!g_file_test ("/dev/dri", G_FILE_TEST_IS_DIR))
    {
      g_setenv ("GSK_RENDERER", "cairo", FALSE);
      g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
    }

  app = aduan_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);

  /* A test script may ask for a failing status after the main loop ends. */
  if (status == 0)
    status = aduan_application_get_exit_status (app);

  return status;
}
