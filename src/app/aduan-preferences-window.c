/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "aduan-preferences-window.h"

struct _AduanPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwEntryRow          *officer_row;
  AdwComboRow          *channel_row;
  AdwActionRow         *data_dir_row;
  AdwActionRow         *count_row;
  AdwActionRow         *villages_row;
  AdwActionRow         *hub_row;
  GtkButton            *hub_enroll_button;
  AdwEntryRow          *tile_url_row;
  AdwEntryRow          *tile_attribution_row;
};

G_DEFINE_FINAL_TYPE (AduanPreferencesWindow, aduan_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static gboolean
channel_get_mapping (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  AduanChannel channel;

  if (!aduan_channel_from_string (g_variant_get_string (variant, NULL), &channel))
    channel = ADUAN_CHANNEL_FIELD_VISIT;

  g_value_set_uint (value, channel);
  return TRUE;
}

static GVariant *
channel_set_mapping (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  guint channel = g_value_get_uint (value);

  if (channel >= ADUAN_CHANNEL_N)
    return NULL;

  return g_variant_new_string (aduan_channel_to_string (channel));
}

/* Enrolling happens in the main window, which also shows how it went. */
static void
enroll_clicked_cb (AduanPreferencesWindow *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  gtk_window_close (GTK_WINDOW (self));
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.enroll", NULL);
}

static void
aduan_preferences_window_class_init (AduanPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/id/go/aduan/Aduan/ui/aduan-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AduanPreferencesWindow, officer_row);
  gtk_widget_class_bind_template_child (widget_class, AduanPreferencesWindow, channel_row);
  gtk_widget_class_bind_template_child (widget_class, AduanPreferencesWindow, data_dir_row);
  gtk_widget_class_bind_template_child (widget_class, AduanPreferencesWindow, count_row);
  gtk_widget_class_bind_template_child (widget_class, AduanPreferencesWindow, villages_row);
  gtk_widget_class_bind_template_child (widget_class, AduanPreferencesWindow, hub_row);
  gtk_widget_class_bind_template_child (widget_class, AduanPreferencesWindow, hub_enroll_button);
  gtk_widget_class_bind_template_child (widget_class, AduanPreferencesWindow, tile_url_row);
  gtk_widget_class_bind_template_child (widget_class, AduanPreferencesWindow, tile_attribution_row);
  gtk_widget_class_bind_template_callback (widget_class, enroll_clicked_cb);
}

static void
aduan_preferences_window_init (AduanPreferencesWindow *self)
{
  g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < ADUAN_CHANNEL_N; i++)
    gtk_string_list_append (channels, aduan_channel_get_label (i));
  adw_combo_row_set_model (self->channel_row, G_LIST_MODEL (channels));
}

AduanPreferencesWindow *
aduan_preferences_window_new (AduanApplication *application)
{
  AduanPreferencesWindow *self;
  GSettings *settings;
  AduanStore *store;
  AduanAreaIndex *areas;
  const char *data_dir;
  g_autofree char *count = NULL;
  g_autofree char *villages = NULL;

  g_return_val_if_fail (ADUAN_IS_APPLICATION (application), NULL);

  self = g_object_new (ADUAN_TYPE_PREFERENCES_WINDOW, NULL);
  settings = aduan_application_get_settings (application);
  store = aduan_application_get_store (application);
  areas = aduan_application_get_area_index (application);
  data_dir = aduan_application_get_data_dir (application);

  g_settings_bind (settings, "officer-name", self->officer_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "default-channel",
                                self->channel_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                channel_get_mapping, channel_set_mapping,
                                NULL, NULL);

  adw_action_row_set_subtitle (self->data_dir_row, data_dir != NULL ? data_dir : _("Unknown"));

  g_settings_bind (settings, "map-tile-url", self->tile_url_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "map-tile-attribution", self->tile_attribution_row, "text",
                   G_SETTINGS_BIND_DEFAULT);

  {
    AduanSyncEngine *engine = aduan_application_get_sync_engine (application);
    const char *hub_url = engine != NULL ? aduan_sync_engine_get_hub_url (engine) : NULL;

    adw_action_row_set_subtitle (self->hub_row, hub_url != NULL ? hub_url
                                                : _("Not connected: complaints stay on this device"));
    gtk_button_set_label (self->hub_enroll_button, hub_url != NULL ? _("_Enroll Again…") : _("_Connect…"));
    gtk_widget_set_sensitive (GTK_WIDGET (self->hub_enroll_button), engine != NULL);
  }

  if (store != NULL)
    {
      g_autoptr(GError) error = NULL;
      gint64 n = aduan_store_count (store, NULL, &error);

      if (n >= 0)
        count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d complaint", "%d complaints", (int) n),
                                 (int) n);
      else
        count = g_strdup (error->message);
    }
  else
    count = g_strdup (_("The complaint store could not be opened"));
  adw_action_row_set_subtitle (self->count_row, count);

  if (areas != NULL)
    {
      gint64 n = aduan_area_index_count_villages (areas);

      villages = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d village", "%d villages", (int) n),
                                  (int) n);
    }
  else
    villages = g_strdup (_("The list of villages is not installed"));
  adw_action_row_set_subtitle (self->villages_row, villages);

  return self;
}
