/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "aduan-complaint-detail.h"
#include "aduan-format.h"
#include "aduan-map-view.h"
#include "aduan-outbox.h"
#include "aduan-sync-labels.h"

/* Everything recorded about one saved complaint, read-only: where it
 * stands on its way to the hub (kept up to date while it is sent), its
 * position on a map, and what the hub's offices did with it. */

#define MAP_ZOOM_LEVEL 16

struct _AduanComplaintDetail
{
  GtkWidget       parent_instance;

  AduanComplaint *complaint;  /* (owned) (nullable) */
  AduanCatalog   *catalog;    /* (owned) (nullable) */
  AduanSyncEngine *engine;    /* (owned) (nullable) */
  gboolean        map_ready;
  GSettings      *settings;   /* (owned) (nullable) */

  AdwPreferencesGroup *map_group;
  AduanMapView   *map_view;
  AdwPreferencesGroup *history_group;
  GtkListBox     *history_list;

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

static const char * const sync_css_classes[] = {
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

static const char *
agency_name (AduanComplaintDetail *self,
             const char           *agency_code)
{
  const AduanAgency *agency = NULL;

  if (self->catalog != NULL && agency_code != NULL)
    agency = aduan_catalog_lookup_agency (self->catalog, agency_code);

  return agency != NULL ? aduan_agency_get_name (agency) : NULL;
}

/* Where the complaint stands: waiting, sending n %, received, or the
 * hub's latest status. @fraction < 0 when not known from a signal. */
static void
update_sync (AduanComplaintDetail *self,
             double                fraction)
{
  const AduanComplaint *complaint = self->complaint;
  AduanSyncItemState state;
  AduanComplaintStatus hub_status = ADUAN_COMPLAINT_STATUS_RECEIVED;
  gboolean has_hub_status = FALSE;
  g_autofree char *text = NULL;
  const char *agency = NULL;
  double engine_fraction = 0;

  for (guint i = 0; i < G_N_ELEMENTS (sync_css_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->sync_label), sync_css_classes[i]);

  if (complaint == NULL)
    return;

  if (self->engine == NULL)
    {
      if ((guint) complaint->sync_state < ADUAN_SYNC_STATE_N)
        {
          gtk_label_set_label (self->sync_label, aduan_sync_state_get_label (complaint->sync_state));
          gtk_widget_add_css_class (GTK_WIDGET (self->sync_label), sync_css_classes[complaint->sync_state]);
        }
      return;
    }

  state = aduan_sync_engine_get_item_state (self->engine, complaint->uuid, &engine_fraction);
  if (fraction < 0)
    fraction = engine_fraction;

  if (state == ADUAN_SYNC_ITEM_RECEIVED)
    {
      g_autoptr(GError) error = NULL;

      has_hub_status = aduan_outbox_get_hub_status (aduan_sync_engine_get_store (self->engine),
                                                    complaint->uuid, &hub_status, &error);
      if (error != NULL)
        g_warning ("Cannot read the hub’s status of %s: %s", complaint->uuid, error->message);
    }

  if (complaint->category != NULL && self->catalog != NULL)
    {
      const AduanCategory *category = aduan_catalog_lookup_category (self->catalog, complaint->category);

      if (category != NULL)
        agency = agency_name (self, category->agency_code);
    }

  text = aduan_sync_describe_item (state, fraction, has_hub_status, hub_status, agency);
  gtk_label_set_label (self->sync_label, text);
  gtk_widget_add_css_class (GTK_WIDGET (self->sync_label),
                            aduan_sync_item_css_class (state, has_hub_status, hub_status));
}

/* The hub's news, newest first. */
static void
update_history (AduanComplaintDetail *self)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    gtk_list_box_remove (self->history_list, child);

  if (self->complaint == NULL || self->engine == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->history_group), FALSE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->history_group), TRUE);
  events = aduan_outbox_list_status_events (aduan_sync_engine_get_store (self->engine),
                                            self->complaint->uuid, &error);
  if (events == NULL)
    {
      g_warning ("Cannot read the status history of %s: %s", self->complaint->uuid, error->message);
      adw_preferences_group_set_description (self->history_group, error->message);
      return;
    }

  if (events->len == 0)
    {
      adw_preferences_group_set_description (self->history_group,
                                             _("No news yet. The news comes with the next sync."));
      return;
    }

  adw_preferences_group_set_description (self->history_group, NULL);
  for (guint i = events->len; i > 0; i--)
    {
      const AduanStatusEvent *event = g_ptr_array_index (events, i - 1);
      g_autofree char *what = aduan_status_event_describe (event, agency_name (self, event->agency_code));
      g_autofree char *when = aduan_format_date_time (event->at);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), what);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   event->message != NULL && *event->message != '\0'
                                   ? event->message : when);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      if (event->message != NULL && *event->message != '\0')
        gtk_widget_set_tooltip_text (row, when);
      gtk_widget_set_name (row, "history_row");
      gtk_list_box_append (self->history_list, row);
    }
}

static void
item_progress_cb (AduanComplaintDetail *self,
                  const char           *uuid,
                  AduanSyncItemState    state,
                  double                fraction,
                  AduanSyncEngine      *engine)
{
  if (self->complaint != NULL && g_strcmp0 (uuid, self->complaint->uuid) == 0)
    update_sync (self, fraction);
}

static void
item_changed_cb (AduanComplaintDetail *self,
                 const char           *uuid,
                 AduanSyncEngine      *engine)
{
  if (self->complaint != NULL && g_strcmp0 (uuid, self->complaint->uuid) == 0)
    {
      update_sync (self, -1);
      update_history (self);
    }
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
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->catalog);
  g_clear_object (&self->settings);

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
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, map_group);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, map_view);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, history_group);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintDetail, history_list);

  gtk_widget_class_install_action (widget_class, "detail.copy-code", NULL, copy_code_action_cb);

  g_type_ensure (ADUAN_TYPE_MAP_VIEW);

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
  g_set_object (&self->catalog, catalog);
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

  update_sync (self, -1);
  update_history (self);

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

  gtk_widget_set_visible (GTK_WIDGET (self->map_group), complaint->has_location && self->settings != NULL);
  if (complaint->has_location && self->settings != NULL)
    {
      /* The map and its tile cache are made when first needed. */
      if (!self->map_ready)
        {
          aduan_map_view_setup (self->map_view, self->settings);
          self->map_ready = TRUE;
        }
      aduan_map_view_show_position (self->map_view, complaint->latitude, complaint->longitude,
                                    MAP_ZOOM_LEVEL);
    }

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

/**
 * aduan_complaint_detail_setup:
 * @settings: (nullable): where the map's tile server is set
 * @engine: (nullable): what sends complaints and brings the hub's news
 */
void
aduan_complaint_detail_setup (AduanComplaintDetail *self,
                              GSettings            *settings,
                              AduanSyncEngine      *engine)
{
  g_return_if_fail (ADUAN_IS_COMPLAINT_DETAIL (self));

  g_set_object (&self->settings, settings);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    {
      g_signal_connect_object (engine, "item-progress", G_CALLBACK (item_progress_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "item-changed", G_CALLBACK (item_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
}
