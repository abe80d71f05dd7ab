/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "aduan-sync-indicator.h"
#include "aduan-sync-labels.h"

/*
 * Where sync stands, at the foot of the list: offline, n waiting,
 * sending, all sent, and when the hub was last reached; "Sync Now", or
 * "Connect…" while the device has no hub.
 */

#define REFRESH_SECONDS 30

struct _AduanSyncIndicator
{
  GtkWidget        parent_instance;

  AduanSyncEngine *engine;      /* (owned) (nullable) */
  guint            refresh_id;

  GtkStack        *icon_stack;
  GtkImage        *status_image;
  GtkSpinner      *spinner;
  GtkLabel        *status_label;
  GtkLabel        *detail_label;
  GtkWidget       *enroll_button;
  GtkWidget       *sync_button;
};

G_DEFINE_FINAL_TYPE (AduanSyncIndicator, aduan_sync_indicator, GTK_TYPE_WIDGET)

static const char *
status_icon (AduanSyncStatus status)
{
  switch (status)
    {
    case ADUAN_SYNC_STATUS_NOT_ENROLLED:
      return "network-server-symbolic";
    case ADUAN_SYNC_STATUS_ENROLL_AGAIN:
      return "dialog-password-symbolic";
    case ADUAN_SYNC_STATUS_OFFLINE:
      return "network-offline-symbolic";
    case ADUAN_SYNC_STATUS_WAITING:
      return "document-send-symbolic";
    case ADUAN_SYNC_STATUS_NEEDS_ATTENTION:
      return "dialog-warning-symbolic";
    case ADUAN_SYNC_STATUS_SYNCING:
    case ADUAN_SYNC_STATUS_ALL_SENT:
    default:
      return "emblem-ok-symbolic";
    }
}

static void
update (AduanSyncIndicator *self)
{
  static const char * const classes[] = { "sync-status-ok", "sync-status-waiting", "sync-status-problem" };
  AduanSyncStatus status = ADUAN_SYNC_STATUS_NOT_ENROLLED;
  g_autofree char *text = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *accessible = NULL;
  const char *css = "sync-status-waiting";
  gint64 now = g_get_real_time ();
  gboolean enrolled;

  if (self->engine != NULL)
    status = aduan_sync_engine_get_status (self->engine);

  enrolled = status != ADUAN_SYNC_STATUS_NOT_ENROLLED && status != ADUAN_SYNC_STATUS_ENROLL_AGAIN;

  if (self->engine == NULL)
    {
      text = g_strdup (_("Complaints cannot be sent"));
      detail = g_strdup (_("The complaint store cannot be written."));
    }
  else
    {
      text = aduan_sync_describe_status (status,
                                         aduan_sync_engine_get_n_waiting (self->engine),
                                         aduan_sync_engine_get_n_failed (self->engine),
                                         aduan_sync_engine_get_last_sync (self->engine),
                                         now);
      if (status == ADUAN_SYNC_STATUS_NOT_ENROLLED)
        detail = g_strdup (_("Complaints stay on this device until it is connected."));
      else if (status == ADUAN_SYNC_STATUS_ENROLL_AGAIN)
        detail = g_strdup (_("The hub no longer accepts this device."));
      else
        detail = aduan_sync_describe_last_sync (aduan_sync_engine_get_last_sync (self->engine), now);
    }

  switch (status)
    {
    case ADUAN_SYNC_STATUS_ALL_SENT:
    case ADUAN_SYNC_STATUS_SYNCING:
      css = "sync-status-ok";
      break;
    case ADUAN_SYNC_STATUS_ENROLL_AGAIN:
    case ADUAN_SYNC_STATUS_NEEDS_ATTENTION:
      css = "sync-status-problem";
      break;
    case ADUAN_SYNC_STATUS_NOT_ENROLLED:
    case ADUAN_SYNC_STATUS_OFFLINE:
    case ADUAN_SYNC_STATUS_WAITING:
    default:
      break;
    }
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self), css);

  gtk_label_set_label (self->status_label, text);
  gtk_label_set_label (self->detail_label, detail);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->detail_label), detail);
  gtk_image_set_from_icon_name (self->status_image, status_icon (status));

  if (status == ADUAN_SYNC_STATUS_SYNCING)
    {
      gtk_stack_set_visible_child_name (self->icon_stack, "spinner");
      gtk_spinner_start (self->spinner);
    }
  else
    {
      gtk_stack_set_visible_child_name (self->icon_stack, "icon");
      gtk_spinner_stop (self->spinner);
    }

  gtk_widget_set_visible (self->enroll_button, self->engine != NULL && !enrolled);
  gtk_widget_set_visible (self->sync_button, self->engine != NULL && enrolled);

  accessible = g_strdup_printf ("%s. %s", text, detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static gboolean
refresh_cb (gpointer user_data)
{
  update (ADUAN_SYNC_INDICATOR (user_data));

  return G_SOURCE_CONTINUE;
}

static void
aduan_sync_indicator_dispose (GObject *object)
{
  AduanSyncIndicator *self = (AduanSyncIndicator *) object;
  GtkWidget *child;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);

  gtk_widget_dispose_template (GTK_WIDGET (self), ADUAN_TYPE_SYNC_INDICATOR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (aduan_sync_indicator_parent_class)->dispose (object);
}

static void
aduan_sync_indicator_class_init (AduanSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aduan_sync_indicator_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/id/go/aduan/Aduan/ui/aduan-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, AduanSyncIndicator, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, AduanSyncIndicator, status_image);
  gtk_widget_class_bind_template_child (widget_class, AduanSyncIndicator, spinner);
  gtk_widget_class_bind_template_child (widget_class, AduanSyncIndicator, status_label);
  gtk_widget_class_bind_template_child (widget_class, AduanSyncIndicator, detail_label);
  gtk_widget_class_bind_template_child (widget_class, AduanSyncIndicator, enroll_button);
  gtk_widget_class_bind_template_child (widget_class, AduanSyncIndicator, sync_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "syncindicator");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
aduan_sync_indicator_init (AduanSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* "5 minutes ago" must not stay "Just now". */
  self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_cb, self);
  g_source_set_name_by_id (self->refresh_id, "[aduan] sync indicator");
  update (self);
}

GtkWidget *
aduan_sync_indicator_new (void)
{
  return g_object_new (ADUAN_TYPE_SYNC_INDICATOR, NULL);
}

/**
 * aduan_sync_indicator_set_engine:
 * @engine: (nullable): the app's sync engine; %NULL when nothing can be
 *   sent (no writable store)
 */
void
aduan_sync_indicator_set_engine (AduanSyncIndicator *self,
                                 AduanSyncEngine    *engine)
{
  g_return_if_fail (ADUAN_IS_SYNC_INDICATOR (self));

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);

  if (engine != NULL)
    {
      const char * const properties[] = { "status", "n-waiting", "n-failed", "last-sync", "hub-url" };

      for (guint i = 0; i < G_N_ELEMENTS (properties); i++)
        {
          g_autofree char *signal = g_strconcat ("notify::", properties[i], NULL);

          g_signal_connect_swapped (engine, signal, G_CALLBACK (update), self);
        }
    }

  update (self);
}
