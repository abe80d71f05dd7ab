/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "aduan-application.h"
#include "aduan-complaint-row.h"
#include "aduan-format.h"
#include "aduan-outbox.h"
#include "aduan-sync-labels.h"

/* One line of the list: what it is about, where, when, and where it
 * stands on its way to the hub (sending n %, received, the hub's latest
 * status), kept up to date while it is sent. */
struct _AduanComplaintRow
{
  GtkWidget           parent_instance;

  AduanComplaintItem *item;    /* (owned) (nullable) */
  AduanSyncEngine    *engine;  /* (owned) (nullable) */
  double              fraction;

  GtkLabel           *title_label;
  GtkLabel           *time_label;
  GtkLabel           *village_label;
  GtkLabel           *code_label;
  GtkLabel           *sync_label;
  GtkImage           *confidential_image;
};

G_DEFINE_FINAL_TYPE (AduanComplaintRow, aduan_complaint_row, GTK_TYPE_WIDGET)

static const char * const sync_css_classes[] = {
  "sync-waiting",
  "sync-sending",
  "sync-sent",
  "sync-failed",
};

/* (transfer full): what the row's sync tag says */
static char *
describe_sync (AduanComplaintRow    *self,
               const AduanComplaint *complaint,
               const char          **out_css_class)
{
  AduanSyncItemState state;
  AduanComplaintStatus hub_status = ADUAN_COMPLAINT_STATUS_RECEIVED;
  gboolean has_hub_status = FALSE;
  double fraction = 0;

  if (self->engine == NULL)
    {
      if ((guint) complaint->sync_state >= ADUAN_SYNC_STATE_N)
        {
          *out_css_class = NULL;
          return g_strdup ("");
        }
      *out_css_class = sync_css_classes[complaint->sync_state];
      return g_strdup (aduan_sync_state_get_label (complaint->sync_state));
    }

  state = aduan_sync_engine_get_item_state (self->engine, complaint->uuid, &fraction);
  if (state == ADUAN_SYNC_ITEM_SENDING && self->fraction > fraction)
    fraction = self->fraction;
  if (state == ADUAN_SYNC_ITEM_RECEIVED)
    {
      g_autoptr(GError) error = NULL;

      has_hub_status = aduan_outbox_get_hub_status (aduan_sync_engine_get_store (self->engine),
                                                    complaint->uuid, &hub_status, &error);
      if (error != NULL)
        g_warning ("Cannot read the hub’s status of %s: %s", complaint->uuid, error->message);
    }

  *out_css_class = aduan_sync_item_css_class (state, has_hub_status, hub_status);
  return aduan_sync_describe_item (state, fraction, has_hub_status, hub_status, NULL);
}

static void
update (AduanComplaintRow *self)
{
  const AduanComplaint *complaint = NULL;
  g_autofree char *when = NULL;
  g_autofree char *accessible = NULL;
  const char *village;
  g_autofree char *sync_label = NULL;
  const char *sync_class = NULL;

  if (self->item != NULL)
    complaint = aduan_complaint_item_get_complaint (self->item);

  for (guint i = 0; i < G_N_ELEMENTS (sync_css_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->sync_label), sync_css_classes[i]);

  if (complaint == NULL || complaint->uuid == NULL)
    {
      gtk_label_set_label (self->title_label, "");
      gtk_label_set_label (self->time_label, "");
      gtk_label_set_label (self->village_label, "");
      gtk_label_set_label (self->code_label, "");
      gtk_label_set_label (self->sync_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->confidential_image), FALSE);
      return;
    }

  when = aduan_format_relative_time (complaint->created_at, g_get_real_time ());
  village = complaint->village_label != NULL ? complaint->village_label : _("No village");
  sync_label = describe_sync (self, complaint, &sync_class);
  if (sync_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->sync_label), sync_class);

  gtk_label_set_label (self->title_label, complaint->title != NULL ? complaint->title : "");
  gtk_label_set_label (self->time_label, when);
  gtk_label_set_label (self->village_label, village);
  gtk_label_set_label (self->code_label, complaint->tracking_code != NULL ? complaint->tracking_code : "");
  gtk_label_set_label (self->sync_label, sync_label);
  gtk_widget_set_visible (GTK_WIDGET (self->confidential_image), complaint->confidential);

  /* Translators: how a screen reader reads one row of the list:
   * title, village, time, tracking code, sync state */
  accessible = g_strdup_printf (_("%s, %s, %s, tracking code %s, %s"),
                                complaint->title != NULL ? complaint->title : "",
                                village, when,
                                complaint->tracking_code != NULL ? complaint->tracking_code : "",
                                sync_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
aduan_complaint_row_dispose (GObject *object)
{
  AduanComplaintRow *self = (AduanComplaintRow *) object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), ADUAN_TYPE_COMPLAINT_ROW);
  /* Children the template does not name are ours to unparent too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->item);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (aduan_complaint_row_parent_class)->dispose (object);
}

static void
aduan_complaint_row_class_init (AduanComplaintRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aduan_complaint_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/id/go/aduan/Aduan/ui/aduan-complaint-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintRow, village_label);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintRow, code_label);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintRow, sync_label);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintRow, confidential_image);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "complaintrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
item_progress_cb (AduanComplaintRow  *self,
                  const char         *uuid,
                  AduanSyncItemState  state,
                  double              fraction,
                  AduanSyncEngine    *engine)
{
  if (self->item == NULL || g_strcmp0 (uuid, aduan_complaint_item_get_uuid (self->item)) != 0)
    return;

  self->fraction = fraction;
  update (self);
}

static void
item_changed_cb (AduanComplaintRow *self,
                 const char        *uuid,
                 AduanSyncEngine   *engine)
{
  if (self->item != NULL && g_strcmp0 (uuid, aduan_complaint_item_get_uuid (self->item)) == 0)
    update (self);
}

static void
aduan_complaint_row_init (AduanComplaintRow *self)
{
  GApplication *application = g_application_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Rows live in the officer's window, which the application's engine
   * serves; without one they show what the store says. */
  if (ADUAN_IS_APPLICATION (application))
    self->engine = aduan_application_get_sync_engine (ADUAN_APPLICATION (application));
  if (self->engine != NULL)
    {
      g_object_ref (self->engine);
      g_signal_connect_object (self->engine, "item-progress", G_CALLBACK (item_progress_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->engine, "item-changed", G_CALLBACK (item_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
}

GtkWidget *
aduan_complaint_row_new (void)
{
  return g_object_new (ADUAN_TYPE_COMPLAINT_ROW, NULL);
}

/**
 * aduan_complaint_row_get_item:
 *
 * Returns: (transfer none) (nullable): the complaint shown
 */
AduanComplaintItem *
aduan_complaint_row_get_item (AduanComplaintRow *self)
{
  g_return_val_if_fail (ADUAN_IS_COMPLAINT_ROW (self), NULL);

  return self->item;
}

void
aduan_complaint_row_set_item (AduanComplaintRow  *self,
                              AduanComplaintItem *item)
{
  g_return_if_fail (ADUAN_IS_COMPLAINT_ROW (self));
  g_return_if_fail (item == NULL || ADUAN_IS_COMPLAINT_ITEM (item));

  if (g_set_object (&self->item, item))
    {
      self->fraction = 0;
      update (self);
    }
}
