/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "aduan-complaint-row.h"
#include "aduan-format.h"

/* One line of the list: what it is about, where, when, and whether the
 * hub has it yet. */
struct _AduanComplaintRow
{
  GtkWidget           parent_instance;

  AduanComplaintItem *item;  /* (owned) (nullable) */

  GtkLabel           *title_label;
  GtkLabel           *time_label;
  GtkLabel           *village_label;
  GtkLabel           *code_label;
  GtkLabel           *sync_label;
  GtkImage           *confidential_image;
};

G_DEFINE_FINAL_TYPE (AduanComplaintRow, aduan_complaint_row, GTK_TYPE_WIDGET)

static const char * const sync_css_classes[ADUAN_SYNC_STATE_N] = {
  "sync-waiting",
  "sync-sending",
  "sync-sent",
  "sync-failed",
};

static void
update (AduanComplaintRow *self)
{
  const AduanComplaint *complaint = NULL;
  g_autofree char *when = NULL;
  g_autofree char *accessible = NULL;
  const char *village;
  const char *sync_label = "";

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
  if ((guint) complaint->sync_state < ADUAN_SYNC_STATE_N)
    {
      sync_label = aduan_sync_state_get_label (complaint->sync_state);
      gtk_widget_add_css_class (GTK_WIDGET (self->sync_label),
                                sync_css_classes[complaint->sync_state]);
    }

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
aduan_complaint_row_init (AduanComplaintRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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
    update (self);
}
