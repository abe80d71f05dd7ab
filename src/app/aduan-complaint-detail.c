/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "aduan-complaint-detail.h"
#include "aduan-format.h"

/* Everything recorded about one saved complaint, read-only. */
struct _AduanComplaintDetail
{
  GtkWidget       parent_instance;

  AduanComplaint *complaint;  /* (owned) (nullable) */

  GtkLabel       *code_label;
  GtkLabel       *title_label;
  GtkLabel       *sync_label;
  AdwActionRow   *kind_row;
  AdwActionRow   *category_row;
  AdwActionRow   *agency_row;
  AdwActionRow   *channel_row;
  AdwActionRow   *confidential_row;
  GtkLabel       *description_label;
  AdwPreferencesGroup *reporter_group;
  AdwActionRow   *reporter_name_row;
  AdwActionRow   *reporter_phone_row;
  AdwActionRow   *reporter_nik_row;
  AdwActionRow   *reporter_address_row;
  AdwActionRow   *village_row;
  AdwActionRow   *location_row;
  AdwActionRow   *occurred_row;
  AdwActionRow   *created_row;
  AdwActionRow   *updated_row;
  AdwActionRow   *officer_row;
  AdwActionRow   *photos_row;
};

G_DEFINE_FINAL_TYPE (AduanComplaintDetail, aduan_complaint_detail, GTK_TYPE_WIDGET)

static const char * const sync_css_classes[ADUAN_SYNC_STATE_N] = {
  "sync-waiting",
  "sync-sending",
  "sync-sent",
  "sync-failed",
};

static void
set_row (AdwActionRow *row,
         const char   *value)
{
  gboolean empty = (value == NULL || *value == '\0');

  adw_action_row_set_subtitle (row, empty ? _("Not given") : value);
  gtk_widget_set_visible (GTK_WIDGET (row), TRUE);
}

static void
set_row_take (AdwActionRow *row,
              char         *value)
{
  set_row (row, value);
  g_free (value);
}

static void
copy_code_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  AduanComplaintDetail *self = ADUAN_COMPLAINT_DETAIL (widget);

  if (self->complaint == NULL || self->complaint->tracking_code == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->complaint->tracking_code);
}

static void
aduan_complaint_detail_dispose (GObject *object)
{
  AduanComplaintDetail *self = (AduanComplaintDetail *) object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), ADUAN_TYPE_COMPLAINT_DETAIL);
  /* Children the template does not name are ours to unparent too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->complaint, aduan_complaint_free);

  G_OBJECT_CLASS (aduan_complaint_detail_parent_class)->dispose (object);
}

static void
aduan_complaint_detail_class_init (AduanComplaintDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aduan_complaint_detail_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/id/go/aduan/Aduan/ui/aduan-complaint-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, code_label);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, sync_label);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, kind_row);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, category_row);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, agency_row);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, channel_row);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, confidential_row);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, description_label);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, reporter_group);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, reporter_name_row);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, reporter_phone_row);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, reporter_nik_row);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, reporter_address_row);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, village_row);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, location_row);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, occurred_row);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, created_row);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, updated_row);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, officer_row);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, photos_row);

  gtk_widget_class_install_action (widget_class, "detail.copy-code", NULL, copy_code_action_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
aduan_complaint_detail_init (AduanComplaintDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
aduan_complaint_detail_new (void)
{
  return g_object_new (ADUAN_TYPE_COMPLAINT_DETAIL, NULL);
}

/**
 * aduan_complaint_detail_set_complaint:
 * @complaint: (nullable): the complaint to show; it is copied
 * @catalog: (nullable): to name the category and its agency
 */
void
aduan_complaint_detail_set_complaint (AduanComplaintDetail *self,
                                      const AduanComplaint *complaint,
                                      AduanCatalog         *catalog)
{
  const AduanCategory *category = NULL;
  const AduanAgency *agency = NULL;

  g_return_if_fail (ADUAN_IS_COMPLAINT_DETAIL (self));

  g_clear_pointer (&self->complaint, aduan_complaint_free);
  if (complaint == NULL)
    return;

  self->complaint = aduan_complaint_copy (complaint);
  complaint = self->complaint;

  if (catalog != NULL && complaint->category != NULL)
    category = aduan_catalog_lookup_category (catalog, complaint->category);
  if (catalog != NULL && category != NULL)
    agency = aduan_catalog_lookup_agency (catalog, category->agency_code);

  gtk_label_set_label (self->code_label, complaint->tracking_code != NULL ? complaint->tracking_code : "");
  gtk_label_set_label (self->title_label, complaint->title != NULL ? complaint->title : "");

  for (guint i = 0; i < G_N_ELEMENTS (sync_css_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->sync_label), sync_css_classes[i]);
  if ((guint) complaint->sync_state < ADUAN_SYNC_STATE_N)
    {
      gtk_label_set_label (self->sync_label, aduan_sync_state_get_label (complaint->sync_state));
      gtk_widget_add_css_class (GTK_WIDGET (self->sync_label), sync_css_classes[complaint->sync_state]);
    }

  set_row (self->kind_row, (guint) complaint->kind < ADUAN_REPORT_KIND_N
                           ? aduan_report_kind_get_label (complaint->kind) : NULL);
  set_row (self->category_row, category != NULL ? aduan_category_get_name (category) : complaint->category);
  set_row (self->agency_row, agency != NULL ? aduan_agency_get_name (agency)
                             : category != NULL ? category->agency_code : NULL);
  set_row (self->channel_row, (guint) complaint->channel < ADUAN_CHANNEL_N
                              ? aduan_channel_get_label (complaint->channel) : NULL);
  set_row (self->confidential_row,
           complaint->confidential ? _("Yes: the content is never shown in public")
                                   : _("No"));

  gtk_label_set_label (self->description_label, complaint->description != NULL ? complaint->description : "");

  if (complaint->anonymous)
    {
      adw_preferences_group_set_description (self->reporter_group,
                                             _("Anonymous: no identity of the reporter is kept."));
      gtk_widget_set_visible (GTK_WIDGET (self->reporter_name_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->reporter_phone_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->reporter_nik_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->reporter_address_row), FALSE);
    }
  else
    {
      adw_preferences_group_set_description (self->reporter_group, NULL);
      set_row (self->reporter_name_row, complaint->reporter_name);
      set_row (self->reporter_phone_row, complaint->reporter_phone);
      set_row (self->reporter_nik_row, complaint->reporter_nik);
      set_row (self->reporter_address_row, complaint->reporter_address);
    }

  if (complaint->village_label != NULL)
    set_row_take (self->village_row, g_strdup_printf ("%s (%s)", complaint->village_label,
                                                      complaint->village_code));
  else
    set_row (self->village_row, complaint->village_code);

  if (complaint->has_location)
    {
      g_autofree char *coordinates = aduan_format_coordinates (complaint->latitude,
                                                               complaint->longitude,
                                                               complaint->accuracy_m);

      /* Translators: coordinates, then where they came from, e.g. "GPS receiver" */
      set_row_take (self->location_row,
                    g_strdup_printf (_("%s, from: %s"), coordinates,
                                     (guint) complaint->location_source < ADUAN_LOCATION_SOURCE_N
                                     ? aduan_location_source_get_label (complaint->location_source)
                                     : "?"));
    }
  else
    set_row (self->location_row, NULL);

  set_row_take (self->occurred_row, aduan_format_date_time (complaint->occurred_at));
  set_row_take (self->created_row, aduan_format_date_time (complaint->created_at));
  set_row_take (self->updated_row, aduan_format_date_time (complaint->updated_at));
  set_row (self->officer_row, complaint->officer);

  if (complaint->photos != NULL && complaint->photos->len > 0)
    set_row_take (self->photos_row,
                  g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u photo", "%u photos",
                                                complaint->photos->len),
                                   complaint->photos->len));
  else
    set_row (self->photos_row, _("None"));
}

/**
 * aduan_complaint_detail_get_complaint:
 *
 * Returns: (transfer none) (nullable): the complaint shown
 */
const AduanComplaint *
aduan_complaint_detail_get_complaint (AduanComplaintDetail *self)
{
  g_return_val_if_fail (ADUAN_IS_COMPLAINT_DETAIL (self), NULL);

  return self->complaint;
}
