/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "aduan-application-private.h"
#include "aduan-kiosk-window.h"
#include "aduan-test-script.h"

/*
 * Kiosk mode: `aduan --kiosk`, or the kiosk-mode setting, opens the
 * kiosk window instead of the officer's. Everything that could lead a
 * citizen out of it is switched off: the shortcuts to quit and to the
 * preferences, and the actions behind them. Leaving is the kiosk's
 * admin page, behind the PIN.
 */

#define KIOSK_KEY "aduan-kiosk"

static int
handle_local_options_cb (GApplication *application,
                         GVariantDict *options)
{
  if (g_variant_dict_contains (options, "kiosk"))
    g_object_set_data (G_OBJECT (application), KIOSK_KEY, GINT_TO_POINTER (TRUE));

  /* Go on with the application's own handling. */
  return -1;
}

static void
lock_down (AduanApplication *self)
{
  static const char * const actions[] = { "quit", "preferences", "about" };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autofree char *detailed = g_strconcat ("app.", actions[i], NULL);
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), actions[i]);

      gtk_application_set_accels_for_action (GTK_APPLICATION (self), detailed, (const char *[]) { NULL });
      if (G_IS_SIMPLE_ACTION (action))
        g_simple_action_set_enabled (G_SIMPLE_ACTION (action), FALSE);
    }
}

static void
activate_cb (GApplication *application)
{
  AduanApplication *self = ADUAN_APPLICATION (application);
  GSettings *settings = aduan_application_get_settings (self);
  GtkWindow *window;
  const char *script;

  if (gtk_application_get_active_window (GTK_APPLICATION (self)) != NULL)
    return;

  if (g_object_get_data (G_OBJECT (self), KIOSK_KEY) == NULL &&
      (settings == NULL || !g_settings_get_boolean (settings, "kiosk-mode")))
    return;

  lock_down (self);
  window = GTK_WINDOW (aduan_kiosk_window_new (self));
  gtk_window_present (window);

  /* The application's own activate finds this window and only presents
   * it, so the test script starts here. */
  script = g_getenv ("ADUAN_TEST_SCRIPT");
  if (script != NULL && *script != '\0')
    aduan_test_script_run (self, window, script);
}

/**
 * _aduan_application_init_kiosk:
 *
 * Adds the --kiosk option; called from the application's init.
 */
void
_aduan_application_init_kiosk (AduanApplication *self)
{
  const GOptionEntry entries[] = {
    { "kiosk", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Start as a kiosk that citizens use by themselves, full screen"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_signal_connect (self, "handle-local-options", G_CALLBACK (handle_local_options_cb), NULL);
  /* Before the class handler, which would open the officer's window. */
  g_signal_connect (self, "activate", G_CALLBACK (activate_cb), NULL);
}
