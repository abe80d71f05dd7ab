/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "aduan-complaint-form.h"
#include "aduan-error.h"
#include "aduan-location-control.h"
#include "aduan-photo-strip.h"
#include "aduan-village-picker.h"

/*
 * The capture form. What a person types goes into an AduanFormState (plain
 * data, tested without a display); the widgets only show it. A second
 * after the last change the state is written to the store as a draft, so a
 * crash or a flat battery loses at most that second.
 *
 * Photos are prepared and stored by the photo strip as soon as they are
 * added; the state and the draft keep references to them, so a restored
 * draft has its photos back.
 */

#define DRAFT_DELAY_MS 1000

struct _AduanComplaintForm
{
  GtkWidget       parent_instance;

  AduanFormState *state;         /* (owned) */
  AduanStore     *store;         /* (owned) (nullable) */
  AduanCatalog   *catalog;       /* (owned) (nullable) */
  AduanAreaIndex *areas;         /* (owned) (nullable) */
  GSettings      *settings;      /* (owned) (nullable) */
  GPtrArray      *category_ids;  /* (owned) ids in the order of the drop-down, after "Choose" */
  guint           draft_id;      /* the pending autosave */
  GtkWindow      *focus_window;  /* (unowned) the window whose focus we follow */
  gboolean        has_draft;     /* a draft is in the store */
  gboolean        draft_failed;  /* the last draft could not be written */
  gboolean        loading;       /* widgets are being filled from the state */

  GtkScrolledWindow *scroller;
  GtkWidget      *content;
  GtkRevealer    *draft_error_revealer;
  GtkLabel       *draft_error_label;
  AduanPhotoStrip *photo_strip;
  AduanLocationControl *location_control;

  GtkDropDown    *kind_dropdown;
  GtkDropDown    *category_dropdown;
  GtkLabel       *agency_label;
  GtkEntry       *title_entry;
  GtkTextView    *description_view;
  GtkDropDown    *channel_dropdown;
  GtkSwitch      *confidential_switch;
  GtkSwitch      *anonymous_switch;
  GtkRevealer    *reporter_revealer;
  GtkEntry       *reporter_name_entry;
  GtkEntry       *reporter_phone_entry;
  GtkEntry       *reporter_nik_entry;
  GtkEntry       *reporter_address_entry;
  AduanVillagePicker *village_picker;
  GtkEntry       *latitude_entry;
  GtkEntry       *longitude_entry;
  GtkEntry       *accuracy_entry;
  GtkDropDown    *location_source_dropdown;
  GtkEntry       *occurred_date_entry;
  GtkEntry       *occurred_time_entry;
  GtkCalendar    *occurred_calendar;  /* made when first needed */
  GtkPopover     *calendar_popover;
  GtkMenuButton  *calendar_button;
  GtkEntry       *officer_entry;

  GtkLabel       *kind_error;
  GtkLabel       *category_error;
  GtkLabel       *title_error;
  GtkLabel       *description_error;
  GtkLabel       *channel_error;
  GtkLabel       *reporter_name_error;
  GtkLabel       *reporter_phone_error;
  GtkLabel       *reporter_nik_error;
  GtkLabel       *reporter_address_error;
  GtkLabel       *village_error;
  GtkLabel       *location_error;
  GtkLabel       *occurred_error;
  GtkLabel       *officer_error;
};

G_DEFINE_FINAL_TYPE (AduanComplaintForm, aduan_complaint_form, GTK_TYPE_WIDGET)

enum {
  SIGNAL_SAVED,
  SIGNAL_DRAFT_RESTORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_location_control (AduanComplaintForm *self);

#define WIDGET_AT(self, offset) (*(GtkWidget **) G_STRUCT_MEMBER_P ((self), (offset)))

/* Entries and the AduanFormState text field each one edits. */
static const struct {
  const char *field;
  gsize       offset;
} text_entries[] = {
  { "title", G_STRUCT_OFFSET (AduanComplaintForm, title_entry) },
  { "reporter.name", G_STRUCT_OFFSET (AduanComplaintForm, reporter_name_entry) },
  { "reporter.phone", G_STRUCT_OFFSET (AduanComplaintForm, reporter_phone_entry) },
  { "reporter.nik", G_STRUCT_OFFSET (AduanComplaintForm, reporter_nik_entry) },
  { "reporter.address", G_STRUCT_OFFSET (AduanComplaintForm, reporter_address_entry) },
  { "latitude", G_STRUCT_OFFSET (AduanComplaintForm, latitude_entry) },
  { "longitude", G_STRUCT_OFFSET (AduanComplaintForm, longitude_entry) },
  { "accuracy", G_STRUCT_OFFSET (AduanComplaintForm, accuracy_entry) },
  { "occurred-date", G_STRUCT_OFFSET (AduanComplaintForm, occurred_date_entry) },
  { "occurred-time", G_STRUCT_OFFSET (AduanComplaintForm, occurred_time_entry) },
  { "officer", G_STRUCT_OFFSET (AduanComplaintForm, officer_entry) },
};

/* Where each field's message shows, and what gets the focus for it, in the
 * order the form reads from top to bottom. */
static const struct {
  const char *error_field;
  gsize       label_offset;
  gsize       focus_offset;
} error_labels[] = {
  { "kind", G_STRUCT_OFFSET (AduanComplaintForm, kind_error), G_STRUCT_OFFSET (AduanComplaintForm, kind_dropdown) },
  { "category", G_STRUCT_OFFSET (AduanComplaintForm, category_error), G_STRUCT_OFFSET (AduanComplaintForm, category_dropdown) },
  { "title", G_STRUCT_OFFSET (AduanComplaintForm, title_error), G_STRUCT_OFFSET (AduanComplaintForm, title_entry) },
  { "description", G_STRUCT_OFFSET (AduanComplaintForm, description_error), G_STRUCT_OFFSET (AduanComplaintForm, description_view) },
  { "channel", G_STRUCT_OFFSET (AduanComplaintForm, channel_error), G_STRUCT_OFFSET (AduanComplaintForm, channel_dropdown) },
  { "reporter.name", G_STRUCT_OFFSET (AduanComplaintForm, reporter_name_error), G_STRUCT_OFFSET (AduanComplaintForm, reporter_name_entry) },
  { "reporter.phone", G_STRUCT_OFFSET (AduanComplaintForm, reporter_phone_error), G_STRUCT_OFFSET (AduanComplaintForm, reporter_phone_entry) },
  { "reporter.nik", G_STRUCT_OFFSET (AduanComplaintForm, reporter_nik_error), G_STRUCT_OFFSET (AduanComplaintForm, reporter_nik_entry) },
  { "reporter.address", G_STRUCT_OFFSET (AduanComplaintForm, reporter_address_error), G_STRUCT_OFFSET (AduanComplaintForm, reporter_address_entry) },
  { "village_code", G_STRUCT_OFFSET (AduanComplaintForm, village_error), G_STRUCT_OFFSET (AduanComplaintForm, village_picker) },
  { "location", G_STRUCT_OFFSET (AduanComplaintForm, location_error), G_STRUCT_OFFSET (AduanComplaintForm, latitude_entry) },
  { "occurred_at", G_STRUCT_OFFSET (AduanComplaintForm, occurred_error), G_STRUCT_OFFSET (AduanComplaintForm, occurred_date_entry) },
  { "officer", G_STRUCT_OFFSET (AduanComplaintForm, officer_error), G_STRUCT_OFFSET (AduanComplaintForm, officer_entry) },
};

static gboolean
focus_is_within (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
update_errors (AduanComplaintForm *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_labels); i++)
    {
      GtkLabel *label = GTK_LABEL (WIDGET_AT (self, error_labels[i].label_offset));
      GtkWidget *field = WIDGET_AT (self, error_labels[i].focus_offset);
      const char *message = aduan_form_state_get_visible_error (self->state, error_labels[i].error_field);

      /* "Pick the village from the list" is no news while the list is open. */
      if (field == GTK_WIDGET (self->village_picker) && !self->state->show_all_errors &&
          focus_is_within (field))
        message = NULL;

      gtk_label_set_label (label, message != NULL ? message : "");
      gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);

      if (message != NULL)
        gtk_widget_add_css_class (field, "error");
      else
        gtk_widget_remove_css_class (field, "error");

      gtk_accessible_update_state (GTK_ACCESSIBLE (field),
                                   GTK_ACCESSIBLE_STATE_INVALID,
                                   message != NULL ? GTK_ACCESSIBLE_INVALID_TRUE
                                                   : GTK_ACCESSIBLE_INVALID_FALSE,
                                   -1);
    }
}

static void
update_agency (AduanComplaintForm *self)
{
  const AduanCategory *category = NULL;
  const AduanAgency *agency = NULL;
  g_autofree char *text = NULL;

  if (self->catalog != NULL && self->state->category != NULL)
    category = aduan_catalog_lookup_category (self->catalog, self->state->category);
  if (category != NULL)
    agency = aduan_catalog_lookup_agency (self->catalog, category->agency_code);

  if (agency != NULL)
    /* Translators: the agency (OPD) a complaint of this category goes to */
    text = g_strdup_printf (_("Goes to: %s"), aduan_agency_get_name (agency));

  gtk_label_set_label (self->agency_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->agency_label), text != NULL);
}

static void
validate (AduanComplaintForm *self)
{
  aduan_form_state_check (self->state, self->catalog, self->areas);
  update_errors (self);
}

static void
show_draft_error (AduanComplaintForm *self,
                  const GError       *error)
{
  g_autofree char *text = NULL;

  self->draft_failed = (error != NULL);

  if (error == NULL)
    {
      gtk_revealer_set_reveal_child (self->draft_error_revealer, FALSE);
      return;
    }

  text = g_strdup_printf (_("The draft could not be kept: %s. What you typed is still in the form; "
                            "save the complaint once the problem is solved."),
                          error->message);
  gtk_label_set_label (self->draft_error_label, text);
  gtk_revealer_set_reveal_child (self->draft_error_revealer, TRUE);
}

static void
save_draft_now (AduanComplaintForm *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->draft_id, g_source_remove);

  if (self->store == NULL)
    return;

  if (aduan_form_state_is_blank (self->state))
    {
      if (self->has_draft && !aduan_store_delete_draft (self->store, ADUAN_COMPLAINT_FORM_DRAFT_ID, &error))
        {
          show_draft_error (self, error);
          return;
        }
      self->has_draft = FALSE;
    }
  else
    {
      g_autofree char *json = aduan_form_state_to_json (self->state);

      if (!aduan_store_save_draft (self->store, ADUAN_COMPLAINT_FORM_DRAFT_ID, json, &error))
        {
          show_draft_error (self, error);
          return;
        }
      self->has_draft = TRUE;
    }

  show_draft_error (self, NULL);
}

static gboolean
draft_timeout_cb (gpointer user_data)
{
  AduanComplaintForm *self = user_data;

  self->draft_id = 0;
  save_draft_now (self);

  return G_SOURCE_REMOVE;
}

static void
changed (AduanComplaintForm *self)
{
  g_clear_handle_id (&self->draft_id, g_source_remove);
  self->draft_id = g_timeout_add (DRAFT_DELAY_MS, draft_timeout_cb, self);
  g_source_set_name_by_id (self->draft_id, "[aduan] form draft");

  validate (self);
}

static void
entry_changed_cb (GtkEditable        *editable,
                  AduanComplaintForm *self)
{
  const char *field = g_object_get_data (G_OBJECT (editable), "aduan-field");

  if (self->loading)
    return;

  g_assert (field != NULL);

  if (aduan_form_state_set_text (self->state, field, gtk_editable_get_text (editable)))
    {
      /* Typing a reporter's name means the report is not anonymous. */
      if (g_str_has_prefix (field, "reporter.") && gtk_switch_get_active (self->anonymous_switch))
        {
          self->loading = TRUE;
          gtk_switch_set_active (self->anonymous_switch, FALSE);
          self->loading = FALSE;
        }
      if (g_str_equal (aduan_form_state_error_field_for (field), "location"))
        update_location_control (self);
      changed (self);
    }
}

static void
description_changed_cb (GtkTextBuffer      *buffer,
                        AduanComplaintForm *self)
{
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->loading)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  if (aduan_form_state_set_text (self->state, "description", text))
    changed (self);
}

static void
kind_selected_cb (AduanComplaintForm *self)
{
  guint selected = gtk_drop_down_get_selected (self->kind_dropdown);

  if (self->loading || selected >= ADUAN_REPORT_KIND_N)
    return;

  aduan_form_state_set_kind (self->state, selected);
  changed (self);
}

static void
channel_selected_cb (AduanComplaintForm *self)
{
  guint selected = gtk_drop_down_get_selected (self->channel_dropdown);

  if (self->loading || selected >= ADUAN_CHANNEL_N)
    return;

  aduan_form_state_set_channel (self->state, selected);
  changed (self);
}

static void
location_source_selected_cb (AduanComplaintForm *self)
{
  guint selected = gtk_drop_down_get_selected (self->location_source_dropdown);

  if (self->loading || selected >= ADUAN_LOCATION_SOURCE_N)
    return;

  aduan_form_state_set_location_source (self->state, selected);
  changed (self);
}

static void
category_selected_cb (AduanComplaintForm *self)
{
  guint selected = gtk_drop_down_get_selected (self->category_dropdown);
  const char *id = NULL;

  if (self->loading)
    return;

  /* Item 0 is "Choose a category". */
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected - 1 < self->category_ids->len)
    id = g_ptr_array_index (self->category_ids, selected - 1);

  aduan_form_state_set_text (self->state, "category", id);
  update_agency (self);
  changed (self);
}

static void
anonymous_active_cb (AduanComplaintForm *self)
{
  gboolean anonymous = gtk_switch_get_active (self->anonymous_switch);

  gtk_revealer_set_reveal_child (self->reporter_revealer, !anonymous);

  if (self->loading)
    return;

  aduan_form_state_set_anonymous (self->state, anonymous);

  /* An anonymous report keeps no identity: empty the fields, not just hide
   * them, so nothing typed before the switch is saved by mistake. */
  if (anonymous)
    {
      self->loading = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->reporter_name_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->reporter_phone_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->reporter_nik_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->reporter_address_entry), "");
      self->loading = FALSE;
    }

  changed (self);
}

static void
confidential_active_cb (AduanComplaintForm *self)
{
  if (self->loading)
    return;

  aduan_form_state_set_confidential (self->state, gtk_switch_get_active (self->confidential_switch));
  changed (self);
}

static void
village_changed_cb (AduanComplaintForm *self)
{
  if (self->loading)
    return;

  aduan_form_state_set_village (self->state,
                                aduan_village_picker_get_code (self->village_picker),
                                aduan_village_picker_get_text (self->village_picker));
  changed (self);
}

static void
day_selected_cb (AduanComplaintForm *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->occurred_calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");

  if (self->loading)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->occurred_date_entry), text);
  gtk_menu_button_popdown (self->calendar_button);
}

static void
calendar_activate_cb (AduanComplaintForm *self)
{
  gint64 usec;

  /* A calendar is some sixty widgets; most reports never open it, so it
   * is not made before the window's first frame. */
  if (self->occurred_calendar == NULL)
    {
      self->occurred_calendar = GTK_CALENDAR (gtk_calendar_new ());
      g_signal_connect_object (self->occurred_calendar, "day-selected",
                               G_CALLBACK (day_selected_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_popover_set_child (self->calendar_popover, GTK_WIDGET (self->occurred_calendar));
    }

  /* Open the calendar on the date already typed, if it is one. */
  if (aduan_parse_local_date_time (self->state->occurred_date, NULL, &usec) && usec > 0)
    {
      g_autoptr(GDateTime) date = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

      self->loading = TRUE;
      gtk_calendar_select_day (self->occurred_calendar, date);
      self->loading = FALSE;
    }
}

static void
select_string (GtkDropDown *dropdown,
               guint        position)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  if (model != NULL && position < g_list_model_get_n_items (model))
    gtk_drop_down_set_selected (dropdown, position);
}

/* The position in the form, when a source gave it: its accuracy and age
 * are worth a look. Typed coordinates are the person's own business. */
static void
update_location_control (AduanComplaintForm *self)
{
  AduanFormState *state = self->state;
  g_autoptr(AduanLocationFix) fix = NULL;
  double latitude, longitude, accuracy = -1;

  if ((state->location_time > 0 || state->location_source == ADUAN_LOCATION_SOURCE_KIOSK) &&
      aduan_parse_coordinate (state->latitude, &latitude) &&
      aduan_parse_coordinate (state->longitude, &longitude))
    {
      if (!aduan_parse_coordinate (state->accuracy, &accuracy))
        accuracy = -1;
      fix = aduan_location_fix_new (state->location_source, latitude, longitude, accuracy,
                                    state->location_time);
    }

  aduan_location_control_show_fix (self->location_control, fix);
}

/* Shows the state in the widgets, without counting it as typing. */
static void
load_state (AduanComplaintForm *self)
{
  AduanFormState *state = self->state;
  guint category_position = 0;

  self->loading = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (text_entries); i++)
    {
      const char *value = aduan_form_state_get_text (state, text_entries[i].field);

      gtk_editable_set_text (GTK_EDITABLE (WIDGET_AT (self, text_entries[i].offset)),
                             value != NULL ? value : "");
    }

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view),
                            state->description != NULL ? state->description : "", -1);

  select_string (self->kind_dropdown, state->kind);
  select_string (self->channel_dropdown, state->channel);
  select_string (self->location_source_dropdown, state->location_source);

  for (guint i = 0; state->category != NULL && i < self->category_ids->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (self->category_ids, i), state->category))
        category_position = i + 1;
    }
  gtk_drop_down_set_selected (self->category_dropdown, category_position);

  gtk_switch_set_active (self->anonymous_switch, state->anonymous);
  gtk_revealer_set_reveal_child (self->reporter_revealer, !state->anonymous);
  gtk_switch_set_active (self->confidential_switch, state->confidential);
  aduan_village_picker_set_village (self->village_picker, state->village_code, state->village_label);

  self->loading = FALSE;

  update_agency (self);
  update_location_control (self);
  validate (self);
}

/* After the form was emptied or restored: the strip shows its photos. */
static void
load_photos (AduanComplaintForm *self)
{
  aduan_photo_strip_set_photos (self->photo_strip, self->state->photos);
}

static void
offer_photo_place (AduanComplaintForm     *self,
                   const AduanPhotoImport *import)
{
  gboolean location = import->has_location && !aduan_form_state_has_location (self->state);
  gboolean time = import->taken_at > 0 && import->taken_at <= g_get_real_time () &&
                  !aduan_form_state_has_occurred_at (self->state);

  aduan_photo_strip_offer_place (self->photo_strip, import, location, time);
}

static void
photo_added_cb (AduanComplaintForm     *self,
                const AduanPhotoImport *import,
                AduanPhotoStrip        *strip)
{
  if (aduan_form_state_add_photo (self->state, import->ref))
    changed (self);

  offer_photo_place (self, import);
}

static void
photo_removed_cb (AduanComplaintForm *self,
                  const char         *sha256,
                  AduanPhotoStrip    *strip)
{
  if (aduan_form_state_remove_photo (self->state, sha256))
    changed (self);
}

static void
use_photo_place_cb (AduanComplaintForm     *self,
                    const AduanPhotoImport *import,
                    AduanPhotoStrip        *strip)
{
  g_autoptr(AduanLocationFix) fix = aduan_location_fix_new_from_photo (import);

  if (fix != NULL)
    aduan_form_state_apply_fix (self->state, fix);

  if (import->taken_at > 0)
    {
      g_autoptr(GDateTime) taken = g_date_time_new_from_unix_local (import->taken_at / G_USEC_PER_SEC);
      g_autofree char *date = g_date_time_format (taken, "%Y-%m-%d");
      g_autofree char *time = g_date_time_format (taken, "%H:%M");

      aduan_form_state_set_text (self->state, "occurred-date", date);
      aduan_form_state_set_text (self->state, "occurred-time", time);
    }

  load_state (self);
  changed (self);
}

static void
location_found_cb (AduanComplaintForm   *self,
                   const AduanLocationFix *fix,
                   AduanLocationControl *control)
{
  aduan_form_state_apply_fix (self->state, fix);
  load_state (self);
  changed (self);
}

/* Files or an image dropped anywhere on the form become photos. */
static gboolean
drop_cb (GtkDropTarget      *target,
         const GValue       *value,
         double              x,
         double              y,
         AduanComplaintForm *self)
{
  return aduan_photo_strip_add_value (self->photo_strip, value);
}

/* Ctrl+V pastes photos, except into a text field where the clipboard
 * holds text as well (files copied in a file manager carry their names
 * as text, and a person typing may mean those). */
static gboolean
paste_shortcut_cb (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  AduanComplaintForm *self = ADUAN_COMPLAINT_FORM (widget);
  GdkContentFormats *formats = gdk_clipboard_get_formats (gtk_widget_get_clipboard (widget));
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean in_text = focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus) ||
                                       gtk_widget_get_ancestor (focus, GTK_TYPE_TEXT_VIEW) != NULL);
  gboolean has_photo = gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE) ||
                       gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST);
  gboolean has_text = gdk_content_formats_contain_gtype (formats, G_TYPE_STRING);

  if (!has_photo || (in_text && has_text))
    return FALSE;

  aduan_photo_strip_paste (self->photo_strip);
  return TRUE;
}

static void
now_clicked_cb (AduanComplaintForm *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *time = g_date_time_format (now, "%H:%M");

  gtk_editable_set_text (GTK_EDITABLE (self->occurred_date_entry), date);
  gtk_editable_set_text (GTK_EDITABLE (self->occurred_time_entry), time);
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  ellipsize)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       string != NULL ? gtk_string_object_get_string (string) : "");
}

static GtkListItemFactory *
label_factory_new (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), GINT_TO_POINTER (ellipsize));

  return factory;
}

/* The chosen item is cut short rather than widening the form past a
 * phone's width (two drop-downs share a row); the list shows it whole. */
static void
ellipsize_drop_down (GtkDropDown *dropdown)
{
  g_autoptr(GtkListItemFactory) factory = label_factory_new (TRUE);
  g_autoptr(GtkListItemFactory) list_factory = label_factory_new (FALSE);

  gtk_drop_down_set_factory (dropdown, factory);
  gtk_drop_down_set_list_factory (dropdown, list_factory);
}

static void
fill_string_list (GtkDropDown *dropdown,
                  guint        n,
                  const char *(*get_label) (int))
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, get_label (i));

  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
}

static void
fill_categories (AduanComplaintForm *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  g_ptr_array_set_size (self->category_ids, 0);
  gtk_string_list_append (list, _("Choose a category…"));

  if (self->catalog != NULL)
    {
      GPtrArray *categories = aduan_catalog_get_categories (self->catalog);

      for (guint i = 0; categories != NULL && i < categories->len; i++)
        {
          const AduanCategory *category = g_ptr_array_index (categories, i);

          gtk_string_list_append (list, aduan_category_get_name (category));
          g_ptr_array_add (self->category_ids, g_strdup (category->id));
        }
    }

  self->loading = TRUE;
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (list));
  self->loading = FALSE;
}

static void
reset_state (AduanComplaintForm *self)
{
  g_autofree char *officer = NULL;
  AduanChannel channel = ADUAN_CHANNEL_FIELD_VISIT;

  if (self->settings != NULL)
    {
      g_autofree char *nick = g_settings_get_string (self->settings, "default-channel");

      officer = g_settings_get_string (self->settings, "officer-name");
      if (!aduan_channel_from_string (nick, &channel))
        channel = ADUAN_CHANNEL_FIELD_VISIT;
    }

  aduan_form_state_reset (self->state, officer, channel, g_get_real_time ());
}

/* New defaults in the preferences apply at once to a form nobody has
 * started on; a report in progress keeps what it has. */
static void
defaults_changed_cb (AduanComplaintForm *self)
{
  if (!aduan_form_state_is_blank (self->state))
    return;

  reset_state (self);
  load_state (self);
}

static const char *
error_heading (const GError *error)
{
  if (error->domain != ADUAN_ERROR)
    return _("Could Not Save the Complaint");

  switch ((AduanError) error->code)
    {
    case ADUAN_ERROR_DISK_FULL:
      return _("The Disk Is Full");
    case ADUAN_ERROR_READ_ONLY:
      return _("The Complaint Store Is Read-Only");
    case ADUAN_ERROR_CORRUPT:
      return _("The Complaint Store Is Damaged");
    case ADUAN_ERROR_INVALID_FIELD:
      return _("Check the Form");
    case ADUAN_ERROR_INVALID_JSON:
    case ADUAN_ERROR_NOT_FOUND:
    case ADUAN_ERROR_INVALID_CODE:
    case ADUAN_ERROR_STORAGE:
    case ADUAN_ERROR_CONFLICT:
    case ADUAN_ERROR_TOO_NEW:
    default:
      return _("Could Not Save the Complaint");
    }
}

static void
show_save_error (AduanComplaintForm *self,
                 const GError       *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  body = g_strdup_printf ("%s\n\n%s", error->message,
                          self->draft_failed
                          ? _("Nothing you typed is lost: it stays in the form until the complaint is saved. "
                              "Do not close Aduan until then.")
                          : _("Nothing you typed is lost: it stays in the form, and in the draft, "
                              "until the complaint is saved."));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       error_heading (error), body));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_widget_add_css_class (GTK_WIDGET (dialog), "save-error");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
focus_first_error (AduanComplaintForm *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_labels); i++)
    {
      if (aduan_form_state_get_error (self->state, error_labels[i].error_field) != NULL)
        {
          /* focus_widget_cb() scrolls it into view. */
          gtk_widget_grab_focus (WIDGET_AT (self, error_labels[i].focus_offset));
          return;
        }
    }
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  aduan_complaint_form_save (ADUAN_COMPLAINT_FORM (widget));
}

static void
clear_response_cb (AdwMessageDialog   *dialog,
                   const char         *response,
                   AduanComplaintForm *self)
{
  if (g_strcmp0 (response, "clear") == 0)
    aduan_complaint_form_clear (self);
}

static void
clear_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AduanComplaintForm *self = ADUAN_COMPLAINT_FORM (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;

  if (aduan_form_state_is_blank (self->state))
    {
      aduan_complaint_form_clear (self);
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Clear the Form?"),
                                                       _("What you typed for this complaint will be lost.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "clear", _("C_lear"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "clear", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (clear_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GtkViewport in GTK 4.8 only scrolls to its direct child, the whole
 * form; a person tabbing to the next field must see that field. */
static void
focus_widget_cb (AduanComplaintForm *self,
                 GParamSpec         *pspec,
                 GtkWindow          *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double below;

  /* Some messages wait until a person leaves the field. */
  update_errors (self);

  if (focus == NULL || !gtk_widget_is_ancestor (focus, self->content))
    return;

  if (!gtk_widget_compute_bounds (focus, self->content, &bounds))
    return;

  /* Room for the field's caption above and its message below; below the
   * village field, room for the list of matches, so it does not open
   * upwards over what is being typed. */
  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  below = focus_is_within (GTK_WIDGET (self->village_picker)) ? 360 : 36;
  gtk_adjustment_clamp_page (adjustment,
                             MAX (0, bounds.origin.y - 64),
                             bounds.origin.y + MIN (bounds.size.height, 240) + below);
}

static void
aduan_complaint_form_map (GtkWidget *widget)
{
  AduanComplaintForm *self = ADUAN_COMPLAINT_FORM (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  GTK_WIDGET_CLASS (aduan_complaint_form_parent_class)->map (widget);

  if (GTK_IS_WINDOW (root))
    {
      self->focus_window = GTK_WINDOW (root);
      g_signal_connect_object (root, "notify::focus-widget",
                               G_CALLBACK (focus_widget_cb), self,
                               G_CONNECT_SWAPPED);
    }
}

static void
aduan_complaint_form_unmap (GtkWidget *widget)
{
  AduanComplaintForm *self = ADUAN_COMPLAINT_FORM (widget);

  if (self->focus_window != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->focus_window, focus_widget_cb, self);
      self->focus_window = NULL;
    }

  GTK_WIDGET_CLASS (aduan_complaint_form_parent_class)->unmap (widget);
}

static void
aduan_complaint_form_dispose (GObject *object)
{
  AduanComplaintForm *self = (AduanComplaintForm *) object;
  GtkWidget *child;

  /* A pending draft is written, not dropped, when the window goes away. */
  if (self->draft_id != 0)
    save_draft_now (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), ADUAN_TYPE_COMPLAINT_FORM);
  /* Children the template does not name are ours to unparent too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_object (&self->catalog);
  g_clear_object (&self->areas);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (aduan_complaint_form_parent_class)->dispose (object);
}

static void
aduan_complaint_form_finalize (GObject *object)
{
  AduanComplaintForm *self = (AduanComplaintForm *) object;

  g_clear_pointer (&self->state, aduan_form_state_free);
  g_clear_pointer (&self->category_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (aduan_complaint_form_parent_class)->finalize (object);
}

static void
aduan_complaint_form_class_init (AduanComplaintFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aduan_complaint_form_dispose;
  object_class->finalize = aduan_complaint_form_finalize;

  widget_class->map = aduan_complaint_form_map;
  widget_class->unmap = aduan_complaint_form_unmap;

  /**
   * AduanComplaintForm::saved:
   * @complaint: the complaint as stored, with its tracking code
   */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ADUAN_TYPE_COMPLAINT | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * AduanComplaintForm::draft-restored:
   *
   * A report left unsaved (the app was closed or crashed) is back in the form.
   */
  signals[SIGNAL_DRAFT_RESTORED] =
    g_signal_new ("draft-restored",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (ADUAN_TYPE_VILLAGE_PICKER);
  g_type_ensure (ADUAN_TYPE_PHOTO_STRIP);
  g_type_ensure (ADUAN_TYPE_LOCATION_CONTROL);

  gtk_widget_class_set_template_from_resource (widget_class, "/id/go/aduan/Aduan/ui/aduan-complaint-form.ui");
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, scroller);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, content);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, draft_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, draft_error_label);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, photo_strip);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, location_control);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, agency_label);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, title_entry);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, description_view);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, confidential_switch);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, anonymous_switch);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, reporter_revealer);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, reporter_name_entry);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, reporter_phone_entry);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, reporter_nik_entry);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, reporter_address_entry);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, village_picker);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, latitude_entry);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, longitude_entry);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, accuracy_entry);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, location_source_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, occurred_date_entry);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, occurred_time_entry);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, calendar_popover);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, calendar_button);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, officer_entry);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, kind_error);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, category_error);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, title_error);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, description_error);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, channel_error);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, reporter_name_error);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, reporter_phone_error);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, reporter_nik_error);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, reporter_address_error);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, village_error);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, location_error);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, occurred_error);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintForm, officer_error);
  gtk_widget_class_bind_template_callback (widget_class, kind_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, category_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, channel_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, location_source_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, anonymous_active_cb);
  gtk_widget_class_bind_template_callback (widget_class, confidential_active_cb);
  gtk_widget_class_bind_template_callback (widget_class, village_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, calendar_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, now_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, photo_added_cb);
  gtk_widget_class_bind_template_callback (widget_class, photo_removed_cb);
  gtk_widget_class_bind_template_callback (widget_class, use_photo_place_cb);
  gtk_widget_class_bind_template_callback (widget_class, location_found_cb);

  gtk_widget_class_install_action (widget_class, "form.save", NULL, save_action_cb);
  gtk_widget_class_install_action (widget_class, "form.clear", NULL, clear_action_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static const char *
kind_label (int kind)
{
  return aduan_report_kind_get_label (kind);
}

static const char *
channel_label (int channel)
{
  return aduan_channel_get_label (channel);
}

static const char *
location_source_label (int source)
{
  return aduan_location_source_get_label (source);
}

static void
aduan_complaint_form_init (AduanComplaintForm *self)
{
  self->state = aduan_form_state_new ();
  self->category_ids = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->loading = TRUE;
  fill_string_list (self->kind_dropdown, ADUAN_REPORT_KIND_N, kind_label);
  fill_string_list (self->channel_dropdown, ADUAN_CHANNEL_N, channel_label);
  fill_string_list (self->location_source_dropdown, ADUAN_LOCATION_SOURCE_N, location_source_label);
  ellipsize_drop_down (self->location_source_dropdown);
  ellipsize_drop_down (self->category_dropdown);
  ellipsize_drop_down (self->channel_dropdown);
  ellipsize_drop_down (self->kind_dropdown);
  self->loading = FALSE;
  fill_categories (self);

  for (guint i = 0; i < G_N_ELEMENTS (text_entries); i++)
    {
      GtkWidget *entry = WIDGET_AT (self, text_entries[i].offset);

      g_object_set_data (G_OBJECT (entry), "aduan-field", (gpointer) text_entries[i].field);
      g_signal_connect (entry, "changed", G_CALLBACK (entry_changed_cb), self);
    }

  g_signal_connect (gtk_text_view_get_buffer (self->description_view), "changed",
                    G_CALLBACK (description_changed_cb), self);

  {
    GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
    GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE, GDK_TYPE_TEXTURE };
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
    g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

    /* Before the text fields see the key, so it can be a photo. */
    gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_v, GDK_CONTROL_MASK),
                                                            gtk_callback_action_new (paste_shortcut_cb, NULL, NULL)));
    gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  }

  reset_state (self);
  load_state (self);
}

GtkWidget *
aduan_complaint_form_new (void)
{
  return g_object_new (ADUAN_TYPE_COMPLAINT_FORM, NULL);
}

/**
 * aduan_complaint_form_setup:
 * @store: (nullable): where complaints and the draft go; %NULL disables saving
 * @catalog: (nullable): the categories
 * @areas: (nullable): the villages
 * @settings: (nullable): the officer's name and default channel
 */
void
aduan_complaint_form_setup (AduanComplaintForm *self,
                            AduanStore         *store,
                            AduanCatalog       *catalog,
                            AduanAreaIndex     *areas,
                            GSettings          *settings)
{
  g_return_if_fail (ADUAN_IS_COMPLAINT_FORM (self));

  g_set_object (&self->store, store);
  g_set_object (&self->catalog, catalog);
  g_set_object (&self->areas, areas);

  if (g_set_object (&self->settings, settings) && settings != NULL)
    {
      g_signal_connect_object (settings, "changed::officer-name",
                               G_CALLBACK (defaults_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (settings, "changed::default-channel",
                               G_CALLBACK (defaults_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  aduan_village_picker_set_area_index (self->village_picker, areas);
  aduan_location_control_setup (self->location_control, settings);
  fill_categories (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.save", store != NULL);

  reset_state (self);
  load_state (self);
}

/**
 * aduan_complaint_form_restore_draft:
 *
 * Puts back what was in the form when the app last stopped without saving.
 *
 * Returns: %TRUE when a draft was restored
 */
gboolean
aduan_complaint_form_restore_draft (AduanComplaintForm *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  g_return_val_if_fail (ADUAN_IS_COMPLAINT_FORM (self), FALSE);

  if (self->store == NULL)
    return FALSE;

  json = aduan_store_load_draft (self->store, ADUAN_COMPLAINT_FORM_DRAFT_ID, &error);
  if (json == NULL)
    {
      if (error != NULL)
        g_message ("Could not read the draft: %s", error->message);
      return FALSE;
    }

  self->has_draft = TRUE;

  if (!aduan_form_state_load_json (self->state, json, &error))
    {
      /* Keep the unreadable draft in the store for whoever can read it. */
      g_message ("Could not restore the draft: %s", error->message);
      return FALSE;
    }

  load_state (self);
  load_photos (self);
  g_signal_emit (self, signals[SIGNAL_DRAFT_RESTORED], 0);

  return TRUE;
}

/**
 * aduan_complaint_form_save:
 *
 * Checks the form and, when nothing is wrong, saves the complaint durably,
 * emits AduanComplaintForm::saved, deletes the draft and empties the form.
 * On any failure the form and its draft stay as they are.
 *
 * Returns: %TRUE when the complaint was saved
 */
gboolean
aduan_complaint_form_save (AduanComplaintForm *self)
{
  g_autoptr(AduanComplaint) complaint = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (ADUAN_IS_COMPLAINT_FORM (self), FALSE);

  /* A report saved without the photo still being prepared would be half
   * of what the person gave. */
  if (aduan_photo_strip_is_busy (self->photo_strip))
    {
      aduan_photo_strip_show_error (self->photo_strip,
                                    _("Wait until the photos are ready, then save the complaint."));
      gtk_widget_grab_focus (GTK_WIDGET (self->photo_strip));
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }

  aduan_form_state_set_show_all_errors (self->state, TRUE);
  if (aduan_form_state_check (self->state, self->catalog, self->areas) > 0)
    {
      update_errors (self);
      focus_first_error (self);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }
  update_errors (self);

  if (self->store == NULL)
    return FALSE;

  /* The draft goes first: if saving fails, what was typed is on disk. */
  save_draft_now (self);

  complaint = aduan_form_state_to_complaint (self->state, NULL);
  if (!aduan_store_save (self->store, complaint, &error))
    {
      show_save_error (self, error);
      return FALSE;
    }

  g_signal_emit (self, signals[SIGNAL_SAVED], 0, complaint);

  if (!aduan_store_delete_draft (self->store, ADUAN_COMPLAINT_FORM_DRAFT_ID, &error))
    g_message ("Could not delete the draft of a saved complaint: %s", error->message);
  self->has_draft = FALSE;

  reset_state (self);
  load_state (self);
  load_photos (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);

  return TRUE;
}

/**
 * aduan_complaint_form_clear:
 *
 * Empties the form for a new report and forgets the draft.
 */
void
aduan_complaint_form_clear (AduanComplaintForm *self)
{
  g_return_if_fail (ADUAN_IS_COMPLAINT_FORM (self));

  reset_state (self);
  load_state (self);
  load_photos (self);
  save_draft_now (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

/**
 * aduan_complaint_form_flush_draft:
 *
 * Writes the draft now if a change is waiting for the autosave, as when
 * the window closes.
 */
void
aduan_complaint_form_flush_draft (AduanComplaintForm *self)
{
  g_return_if_fail (ADUAN_IS_COMPLAINT_FORM (self));

  if (self->draft_id != 0)
    save_draft_now (self);
}

void
aduan_complaint_form_focus_start (AduanComplaintForm *self)
{
  g_return_if_fail (ADUAN_IS_COMPLAINT_FORM (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->title_entry));
}

/**
 * aduan_complaint_form_is_at_risk:
 *
 * Returns: %TRUE when the form holds a report that is neither saved nor in
 *   a draft (the draft could not be written), so closing would lose it
 */
gboolean
aduan_complaint_form_is_at_risk (AduanComplaintForm *self)
{
  g_return_val_if_fail (ADUAN_IS_COMPLAINT_FORM (self), FALSE);

  return self->draft_failed && !aduan_form_state_is_blank (self->state);
}

gboolean
aduan_complaint_form_is_blank (AduanComplaintForm *self)
{
  g_return_val_if_fail (ADUAN_IS_COMPLAINT_FORM (self), TRUE);

  return aduan_form_state_is_blank (self->state);
}

/**
 * aduan_complaint_form_get_state:
 *
 * Returns: (transfer none): what the form holds
 */
AduanFormState *
aduan_complaint_form_get_state (AduanComplaintForm *self)
{
  g_return_val_if_fail (ADUAN_IS_COMPLAINT_FORM (self), NULL);

  return self->state;
}

/**
 * aduan_complaint_form_set_photo_pipeline:
 * @pipeline: (nullable): what prepares photos; %NULL disables them
 *
 * Photos are stored in the pipeline's photo store as soon as they are
 * added, before the complaint is saved.
 */
void
aduan_complaint_form_set_photo_pipeline (AduanComplaintForm *self,
                                         AduanPhotoPipeline *pipeline)
{
  g_return_if_fail (ADUAN_IS_COMPLAINT_FORM (self));

  aduan_photo_strip_setup (self->photo_strip, pipeline, self->settings);
}
