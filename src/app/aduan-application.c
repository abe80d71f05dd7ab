/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "aduan-application-private.h"
#include "aduan-error.h"
#include "aduan-preferences-window.h"
#include "aduan-test-script.h"
#include "aduan-window.h"

struct _AduanApplication
{
  AdwApplication  parent_instance;

  char           *data_dir;     /* (owned) (nullable) from --data-dir */
  GSettings      *settings;     /* (owned) */
  AduanStore     *store;        /* (owned) (nullable) NULL when it failed to open */
  AduanCatalog   *catalog;      /* (owned) (nullable) */
  AduanAreaIndex *areas;        /* (owned) (nullable) */
  GError         *store_error;  /* (owned) (nullable) why @store is NULL */
  GError         *catalog_error;
  GError         *areas_error;
  AduanPhotoPipeline *photo_pipeline; /* (owned) (nullable) with @store */
  AduanSyncEngine *sync_engine; /* (owned) (nullable) with a writable @store */
  int             exit_status;
};

G_DEFINE_FINAL_TYPE (AduanApplication, aduan_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "data-dir", 'd', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
    N_("Keep complaints in DIR instead of the usual folder (also ADUAN_DATA_DIR)"), N_("DIR") },
  { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { NULL }
};

AduanApplication *
aduan_application_new (void)
{
  return g_object_new (ADUAN_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/id/go/aduan/Aduan",
                       NULL);
}

static int
aduan_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  AduanApplication *self = ADUAN_APPLICATION (application);
  g_autofree char *data_dir = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("aduan %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "data-dir", "^ay", &data_dir))
    {
      g_free (self->data_dir);
      self->data_dir = g_canonicalize_filename (data_dir, NULL);
    }

  /* A second window on another data folder, a test or a benchmark must not
   * be handed over to an instance that is already running. */
  if (self->data_dir != NULL ||
      g_getenv ("ADUAN_TEST_SCRIPT") != NULL ||
      g_getenv ("ADUAN_BENCH_FIRST_FRAME") != NULL)
    g_application_set_flags (application,
                             g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);

  return -1;
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  AduanApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing each window lets it keep its draft and its size, or ask
   * before losing a report it could not keep; the application ends when
   * the last window has gone. */
  for (const GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
preferences_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  AduanApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  AduanPreferencesWindow *preferences;

  preferences = aduan_preferences_window_new (self);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  AduanApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { "The Aduan authors", NULL };
  AdwAboutWindow *about;

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  adw_about_window_set_application_name (about, "Aduan");
  adw_about_window_set_application_icon (about, APPLICATION_ID);
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_developer_name (about, "The Aduan authors");
  adw_about_window_set_developers (about, developers);
  adw_about_window_set_comments (about,
                                 _("Record public-service complaints where the network is poor or absent, "
                                   "and bring every one of them to the complaint hub and on to SP4N-LAPOR!"));
  adw_about_window_set_website (about, "https://github.com/aduan-id/aduan");
  adw_about_window_set_issue_url (about, "https://github.com/aduan-id/aduan/issues");
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  adw_about_window_set_copyright (about, "© 2026 The Aduan authors");
  /* Translators: your names, one per line, shown in the About window */
  adw_about_window_set_translator_credits (about, _("translator-credits"));

  /* ODbL 4.3: the data we ship must say where it comes from and under which
   * licence, wherever a person can see it. */
  adw_about_window_add_legal_section (about,
                                      _("Administrative areas"),
                                      "© fityannugroho and the idn-area-data contributors",
                                      GTK_LICENSE_CUSTOM,
                                      _("The provinces, regencies, districts and villages of Indonesia, "
                                        "with their Kemendagri codes, come from "
                                        "<a href=\"https://github.com/fityannugroho/idn-area-data\">idn-area-data</a> "
                                        "and are made available under the "
                                        "<a href=\"https://opendatacommons.org/licenses/odbl/1-0/\">Open Database License (ODbL) v1.0</a>."));
  adw_about_window_add_acknowledgement_section (about,
                                                _("Data"),
                                                (const char *[]) {
                                                  "idn-area-data https://github.com/fityannugroho/idn-area-data",
                                                  NULL
                                                });

  gtk_window_set_transient_for (GTK_WINDOW (about), parent);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_entries[] = {
  { "quit", quit_action_cb },
  { "preferences", preferences_action_cb },
  { "about", about_action_cb },
};

static gboolean
open_data (AduanApplication *self)
{
  g_autofree char *default_dir = NULL;
  const char *data_dir = self->data_dir;

  if (data_dir == NULL)
    data_dir = default_dir = aduan_store_default_data_dir ();

  self->store = aduan_store_open (data_dir, &self->store_error);
  if (self->store == NULL)
    g_message ("Could not open the store in %s: %s", data_dir, self->store_error->message);

  self->catalog = aduan_catalog_new_default (&self->catalog_error);
  if (self->catalog == NULL)
    g_message ("Could not load the catalog: %s", self->catalog_error->message);

  self->areas = aduan_area_index_open_default (&self->areas_error);
  if (self->areas == NULL)
    g_message ("Could not open the area index: %s", self->areas_error->message);

  /* The store checks categories and villages on save, and labels each
   * complaint with its village so that search finds it by name. */
  if (self->store != NULL)
    {
      aduan_store_set_catalog (self->store, self->catalog);
      aduan_store_set_area_index (self->store, self->areas);
      self->photo_pipeline = _aduan_application_make_photo_pipeline (self->store, self->settings);
      self->sync_engine = _aduan_application_make_sync_engine (self->store, self->settings);
    }

  return self->store != NULL;
}

static void
aduan_application_startup (GApplication *application)
{
  AduanApplication *self = ADUAN_APPLICATION (application);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  G_APPLICATION_CLASS (aduan_application_parent_class)->startup (application);

  g_set_application_name (_("Aduan"));
  gtk_window_set_default_icon_name (APPLICATION_ID);

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      /* g_settings_new() would abort with a message nobody understands. */
      g_printerr (_("The settings schema %s is not installed. Install Aduan, "
                    "or run it with “meson devenv” from the build folder.\n"),
                  APPLICATION_ID);
      exit (EXIT_FAILURE);
    }

  self->settings = g_settings_new (APPLICATION_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         (const char *[]) { "<Control>question", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.new-complaint",
                                         (const char *[]) { "<Control>n", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search",
                                         (const char *[]) { "<Control>f", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.save",
                                         (const char *[]) { "<Control>s", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.sync-now",
                                         (const char *[]) { "<Control>r", NULL });

  open_data (self);
}

static void
aduan_application_activate (GApplication *application)
{
  AduanApplication *self = ADUAN_APPLICATION (application);
  GtkWindow *window;
  const char *script;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  window = GTK_WINDOW (aduan_window_new (self));

  if (g_strcmp0 (g_getenv ("ADUAN_BENCH_FIRST_FRAME"), "1") == 0)
    aduan_test_script_report_first_frame (window);

  gtk_window_present (window);

  if (self->store_error != NULL)
    aduan_window_show_store_error (ADUAN_WINDOW (window), self->store_error);
  else if (aduan_store_is_read_only (self->store))
    {
      g_autoptr(GError) error = g_error_new_literal (ADUAN_ERROR, ADUAN_ERROR_READ_ONLY,
                                                     _("The complaints on this device can be read, "
                                                       "but no new complaint can be saved."));

      aduan_window_show_store_error (ADUAN_WINDOW (window), error);
    }

  script = g_getenv ("ADUAN_TEST_SCRIPT");
  if (script != NULL && *script != '\0')
    aduan_test_script_run (self, window, script);
}

static void
aduan_application_dispose (GObject *object)
{
  AduanApplication *self = (AduanApplication *) object;

  if (self->sync_engine != NULL)
    aduan_sync_engine_stop (self->sync_engine);
  g_clear_object (&self->sync_engine);
  g_clear_object (&self->photo_pipeline);
  g_clear_object (&self->store);
  g_clear_object (&self->catalog);
  g_clear_object (&self->areas);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (aduan_application_parent_class)->dispose (object);
}

static void
aduan_application_finalize (GObject *object)
{
  AduanApplication *self = (AduanApplication *) object;

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_error (&self->store_error);
  g_clear_error (&self->catalog_error);
  g_clear_error (&self->areas_error);

  G_OBJECT_CLASS (aduan_application_parent_class)->finalize (object);
}

static void
aduan_application_class_init (AduanApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = aduan_application_dispose;
  object_class->finalize = aduan_application_finalize;

  app_class->handle_local_options = aduan_application_handle_local_options;
  app_class->startup = aduan_application_startup;
  app_class->activate = aduan_application_activate;
}

static void
aduan_application_init (AduanApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  _aduan_application_init_kiosk (self);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Record public-service complaints, even without a network."));
}

/**
 * aduan_application_get_store:
 *
 * Returns: (transfer none) (nullable): the device store, or %NULL when it
 *   could not be opened
 */
AduanStore *
aduan_application_get_store (AduanApplication *self)
{
  g_return_val_if_fail (ADUAN_IS_APPLICATION (self), NULL);

  return self->store;
}

/**
 * aduan_application_get_catalog:
 *
 * Returns: (transfer none) (nullable): the categories and agencies
 */
AduanCatalog *
aduan_application_get_catalog (AduanApplication *self)
{
  g_return_val_if_fail (ADUAN_IS_APPLICATION (self), NULL);

  return self->catalog;
}

/**
 * aduan_application_get_area_index:
 *
 * Returns: (transfer none) (nullable): the villages, or %NULL when the
 *   index is not installed
 */
AduanAreaIndex *
aduan_application_get_area_index (AduanApplication *self)
{
  g_return_val_if_fail (ADUAN_IS_APPLICATION (self), NULL);

  return self->areas;
}

GSettings *
aduan_application_get_settings (AduanApplication *self)
{
  g_return_val_if_fail (ADUAN_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * aduan_application_get_data_dir:
 *
 * Returns: (nullable): the folder the store lives in
 */
const char *
aduan_application_get_data_dir (AduanApplication *self)
{
  g_return_val_if_fail (ADUAN_IS_APPLICATION (self), NULL);

  if (self->store != NULL)
    return aduan_store_get_data_dir (self->store);

  return self->data_dir;
}

void
aduan_application_set_exit_status (AduanApplication *self,
                                   int               status)
{
  g_return_if_fail (ADUAN_IS_APPLICATION (self));

  self->exit_status = status;
}

int
aduan_application_get_exit_status (AduanApplication *self)
{
  g_return_val_if_fail (ADUAN_IS_APPLICATION (self), 1);

  return self->exit_status;
}

/**
 * aduan_application_get_photo_pipeline:
 *
 * Returns: (transfer none) (nullable): what turns chosen photos into
 *   stored ones, or %NULL without a store
 */
AduanPhotoPipeline *
aduan_application_get_photo_pipeline (AduanApplication *self)
{
  g_return_val_if_fail (ADUAN_IS_APPLICATION (self), NULL);

  return self->photo_pipeline;
}

/**
 * aduan_application_get_sync_engine:
 *
 * Returns: (transfer none) (nullable): the engine that sends complaints
 *   to the hub while the app runs, or %NULL without a writable store
 */
AduanSyncEngine *
aduan_application_get_sync_engine (AduanApplication *self)
{
  g_return_val_if_fail (ADUAN_IS_APPLICATION (self), NULL);

  return self->sync_engine;
}
