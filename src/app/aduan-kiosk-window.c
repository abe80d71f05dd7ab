/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "aduan-kiosk-admin.h"
#include "aduan-kiosk-check.h"
#include "aduan-kiosk-flow-state.h"
#include "aduan-kiosk-receipt.h"
#include "aduan-kiosk-survey.h"
#include "aduan-kiosk-window.h"
#include "aduan-tracking-code.h"
#include "aduan-village-picker.h"
#include "aduan-webcam-capture.h"
#include "aduan-window.h"

/*
 * The kiosk: a full-screen window citizens use by themselves. What one
 * citizen enters lives in an AduanKioskFlowState and in the widgets of
 * the steps; the wipe empties both, after the receipt or after a while
 * without a touch, so nothing is left for the next person. Nothing here
 * lists complaints, and the receipt is the only trace of a saved one.
 */

/* The countdown shows in the last seconds before the wipe. */
#define COUNTDOWN_S 15

static const char * const step_names[ADUAN_KIOSK_N_STEPS] = {
  "kind", "category", "what", "where", "who", "review",
};

struct _AduanKioskWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  GtkLabel           *place_label;
  GtkRevealer        *idle_revealer;
  GtkLabel           *idle_label;
  GtkStack           *main_stack;
  GtkWidget          *survey_button;
  GtkLabel           *step_label;
  GtkProgressBar     *step_progress;
  GtkScrolledWindow  *flow_scroller;
  GtkStack           *flow_stack;
  GtkBox             *kind_box;
  GtkFlowBox         *category_box;
  GtkTextView        *description_view;
  GtkEntry           *title_entry;
  GtkLabel           *photo_button_label;
  GtkPicture         *photo_picture;
  GtkWidget          *remove_photo_button;
  GtkBox             *camera_box;
  GtkToggleButton    *here_button;
  GtkLabel           *here_label;
  GtkToggleButton    *elsewhere_button;
  GtkWidget          *village_box;
  AduanVillagePicker *village_picker;
  GtkWidget          *identity_box;
  GtkEntry           *name_entry;
  GtkEntry           *phone_entry;
  GtkToggleButton    *anonymous_button;
  GtkImage           *anonymous_check;
  GtkToggleButton    *confidential_button;
  GtkImage           *confidential_check;
  GtkListBox         *review_list;
  GtkLabel           *step_error;
  GtkWidget          *back_button;
  GtkLabel           *next_label;
  GtkWidget          *next_icon;
  GtkSpinner         *saving_spinner;
  GtkLabel           *code_label;
  GtkLabel           *code_spoken_label;
  GtkDrawingArea     *qr_area;
  GtkLabel           *receipt_hint;
  GtkLabel           *print_status;
  GtkWidget          *reprint_button;
  GtkWidget          *receipt_survey_button;
  AduanKioskCheck    *check_page;
  AduanKioskSurvey   *survey_page;
  AduanKioskAdmin    *admin_page;

  /* kind and category buttons, made from the catalog */
  GtkToggleButton    *kind_buttons[ADUAN_REPORT_KIND_N];
  GPtrArray          *category_buttons;   /* (owned) (element-type GtkToggleButton) unowned */

  AduanApplication   *application;        /* (owned) */
  GSettings          *settings;           /* (owned) */
  AduanKioskFlowState *state;             /* (owned) */
  AduanKioskPlace     place;
  AduanPhotoImport   *photo;              /* (owned) (nullable) processed, not stored */
  AduanKioskReceipt  *receipt;            /* (owned) (nullable) shown now */
  GtkWidget          *camera;             /* (unowned) (nullable) in camera_box */
  GCancellable       *cancellable;        /* (owned) work for this citizen */

  gboolean            loading;            /* widgets are being set from the state */
  gboolean            may_close;
  gint64              last_activity;      /* monotonic */
  guint               idle_id;
  gint64              submit_started;     /* monotonic, for the benchmark */
};

G_DEFINE_FINAL_TYPE (AduanKioskWindow, aduan_kiosk_window, ADW_TYPE_APPLICATION_WINDOW)

static void show_step (AduanKioskWindow *self);

/* Settings and the place */

static char *
get_hub_url (AduanKioskWindow *self)
{
  return g_settings_get_string (self->settings, "kiosk-hub-url");
}

static void
load_place (AduanKioskWindow *self)
{
  AduanAreaIndex *areas = aduan_application_get_area_index (self->application);
  g_autoptr(GVariant) fixed = g_settings_get_value (self->settings, "fixed-location");
  g_autoptr(GVariant) maybe = g_variant_get_maybe (fixed);
  g_autofree char *code = g_settings_get_string (self->settings, "kiosk-village-code");
  g_autofree char *name = g_settings_get_string (self->settings, "kiosk-place-name");
  g_autofree char *here = NULL;

  aduan_kiosk_place_clear (&self->place);
  self->place.accuracy_m = -1;
  if (maybe != NULL)
    {
      g_variant_get (maybe, "(ddd)", &self->place.latitude, &self->place.longitude, &self->place.accuracy_m);
      self->place.has_location = TRUE;
    }

  if (*code != '\0')
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AduanVillage) village = NULL;

      if (areas != NULL)
        village = aduan_area_index_lookup (areas, code, &error);
      if (village != NULL)
        {
          self->place.village_code = g_strdup (code);
          self->place.village_label = aduan_village_get_label (village);
        }
      else
        g_message ("The kiosk's village %s is not known: %s", code,
                   error != NULL ? error->message : "no area index");
    }

  gtk_label_set_label (self->place_label, name);

  if (*name != '\0')
    /* Translators: the kiosk's own place, e.g. “Here, at MPP Kota Madiun” */
    here = g_strdup_printf (_("Here, at %s"), name);
  else if (self->place.village_label != NULL)
    here = g_strdup_printf (_("Here, in %s"), self->place.village_label);
  else
    here = g_strdup (_("Here, where this kiosk stands"));
  gtk_label_set_label (self->here_label, here);
  gtk_widget_set_sensitive (GTK_WIDGET (self->here_button), aduan_kiosk_place_is_known (&self->place));
}

static void
settings_changed_cb (AduanKioskWindow *self,
                     const char       *key)
{
  if (g_str_equal (key, "fixed-location") || g_str_equal (key, "kiosk-village-code") ||
      g_str_equal (key, "kiosk-place-name"))
    load_place (self);
  else if (g_str_equal (key, "kiosk-survey-enabled"))
    {
      gboolean survey = g_settings_get_boolean (self->settings, "kiosk-survey-enabled");

      gtk_widget_set_visible (self->survey_button, survey);
      gtk_widget_set_visible (self->receipt_survey_button, survey);
    }
}

/* The idle timer */

static void
hide_countdown (AduanKioskWindow *self)
{
  gtk_revealer_set_reveal_child (self->idle_revealer, FALSE);
}

static void
note_activity (AduanKioskWindow *self)
{
  self->last_activity = g_get_monotonic_time ();
  if (gtk_revealer_get_reveal_child (self->idle_revealer))
    hide_countdown (self);
}

static gboolean
has_something_to_forget (AduanKioskWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->main_stack);

  return !g_str_equal (page, "welcome") || !aduan_kiosk_flow_state_is_blank (self->state);
}

static gboolean
idle_tick_cb (gpointer user_data)
{
  AduanKioskWindow *self = user_data;
  gint64 timeout = (gint64) g_settings_get_uint (self->settings, "kiosk-idle-timeout") * G_USEC_PER_SEC;
  gint64 idle = g_get_monotonic_time () - self->last_activity;
  gint64 left = timeout - idle;
  const char *page = gtk_stack_get_visible_child_name (self->main_stack);

  /* Saving is not the citizen's delay; the broken page has nothing. */
  if (!has_something_to_forget (self) || g_str_equal (page, "saving") || g_str_equal (page, "broken"))
    {
      self->last_activity = g_get_monotonic_time ();
      hide_countdown (self);
      return G_SOURCE_CONTINUE;
    }

  if (left <= 0)
    {
      g_message ("The kiosk was left alone; starting over");
      aduan_kiosk_window_wipe (self);
      return G_SOURCE_CONTINUE;
    }

  if (left <= (gint64) COUNTDOWN_S * G_USEC_PER_SEC)
    {
      guint seconds = (guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "Are you still there? Everything you entered will be erased in %u second.",
                                                            "Are you still there? Everything you entered will be erased in %u seconds.",
                                                            seconds),
                                               seconds);

      gtk_label_set_label (self->idle_label, text);
      gtk_revealer_set_reveal_child (self->idle_revealer, TRUE);
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
activity_key_cb (AduanKioskWindow *self)
{
  note_activity (self);
  return GDK_EVENT_PROPAGATE;
}

static void
activity_click_cb (AduanKioskWindow *self)
{
  note_activity (self);
}

static gboolean
activity_scroll_cb (AduanKioskWindow *self)
{
  note_activity (self);
  return GDK_EVENT_PROPAGATE;
}

/* Steps */

static const char *
kind_icon (AduanReportKind kind)
{
  switch (kind)
    {
    case ADUAN_REPORT_KIND_COMPLAINT:
      return "dialog-warning-symbolic";
    case ADUAN_REPORT_KIND_ASPIRATION:
      return "starred-symbolic";
    case ADUAN_REPORT_KIND_INFORMATION_REQUEST:
    case ADUAN_REPORT_KIND_N:
    default:
      return "dialog-question-symbolic";
    }
}

static const char *
kind_description (AduanReportKind kind)
{
  switch (kind)
    {
    case ADUAN_REPORT_KIND_COMPLAINT:
      return _("Something in a public service is wrong or not working");
    case ADUAN_REPORT_KIND_ASPIRATION:
      return _("An idea or a wish to make a public service better");
    case ADUAN_REPORT_KIND_INFORMATION_REQUEST:
    case ADUAN_REPORT_KIND_N:
    default:
      return _("You would like to know something from the government");
    }
}

static GtkWidget *
make_choice_child (const char *icon_name,
                   const char *title,
                   const char *subtitle,
                   int         icon_size)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *image = g_object_new (GTK_TYPE_IMAGE,
                                   "icon-name", icon_name,
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                   NULL);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *heading = gtk_label_new (title);

  gtk_image_set_pixel_size (GTK_IMAGE (image), icon_size);
  gtk_box_append (GTK_BOX (box), image);

  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (texts), heading);
  if (subtitle != NULL)
    {
      GtkWidget *detail = gtk_label_new (subtitle);

      gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
      gtk_label_set_xalign (GTK_LABEL (detail), 0);
      gtk_box_append (GTK_BOX (texts), detail);
    }
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), texts);

  return box;
}

static void
kind_clicked_cb (GtkButton        *button,
                 AduanKioskWindow *self)
{
  AduanReportKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "aduan-kind"));

  aduan_kiosk_flow_state_set_kind (self->state, kind);
  gtk_widget_activate_action (GTK_WIDGET (self), "kiosk.next", NULL);
}

static void
category_clicked_cb (GtkButton        *button,
                     AduanKioskWindow *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "aduan-category");

  aduan_kiosk_flow_state_set_category (self->state, id);
  gtk_widget_activate_action (GTK_WIDGET (self), "kiosk.next", NULL);
}

static void
build_choices (AduanKioskWindow *self)
{
  AduanCatalog *catalog = aduan_application_get_catalog (self->application);
  GPtrArray *categories = catalog != NULL ? aduan_catalog_get_categories (catalog) : NULL;

  for (guint kind = 0; kind < ADUAN_REPORT_KIND_N; kind++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      g_autofree char *name = g_strdup_printf ("kind-%s", aduan_report_kind_to_string (kind));

      gtk_button_set_child (GTK_BUTTON (button),
                            make_choice_child (kind_icon (kind), aduan_report_kind_get_label (kind),
                                               kind_description (kind), 48));
      gtk_widget_set_name (button, name);
      gtk_widget_add_css_class (button, "kiosk-choice");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, aduan_report_kind_get_label (kind),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, kind_description (kind),
                                      -1);
      g_object_set_data (G_OBJECT (button), "aduan-kind", GUINT_TO_POINTER (kind));
      g_signal_connect_object (button, "clicked", G_CALLBACK (kind_clicked_cb), self, 0);
      self->kind_buttons[kind] = GTK_TOGGLE_BUTTON (button);
      gtk_box_append (self->kind_box, button);
    }

  for (guint i = 0; categories != NULL && i < categories->len; i++)
    {
      const AduanCategory *category = g_ptr_array_index (categories, i);
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
      GtkWidget *image = g_object_new (GTK_TYPE_IMAGE,
                                       "icon-name", category->icon_name != NULL ? category->icon_name
                                                                                : "folder-symbolic",
                                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                       NULL);
      GtkWidget *label = gtk_label_new (aduan_category_get_name (category));
      g_autofree char *name = g_strdup_printf ("category-%s", category->id);

      gtk_image_set_pixel_size (GTK_IMAGE (image), 48);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_box_append (GTK_BOX (box), image);
      gtk_box_append (GTK_BOX (box), label);
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_set_name (button, name);
      gtk_widget_add_css_class (button, "kiosk-category");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, aduan_category_get_name (category),
                                      -1);
      g_object_set_data_full (G_OBJECT (button), "aduan-category", g_strdup (category->id), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (category_clicked_cb), self, 0);
      g_ptr_array_add (self->category_buttons, button);
      gtk_flow_box_append (self->category_box, button);
    }
}

static void
set_check_icon (GtkImage *image,
                gboolean  active)
{
  gtk_image_set_from_icon_name (image, active ? "checkbox-checked-symbolic" : "checkbox-symbolic");
}

static const char *
category_label (AduanKioskWindow *self,
                const char       *id)
{
  AduanCatalog *catalog = aduan_application_get_catalog (self->application);
  const AduanCategory *category = catalog != NULL ? aduan_catalog_lookup_category (catalog, id) : NULL;

  return category != NULL ? aduan_category_get_name (category) : id;
}

static void
add_review_row (AduanKioskWindow *self,
                AduanKioskStep    step,
                const char       *title,
                const char       *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *edit = g_object_new (GTK_TYPE_IMAGE,
                                  "icon-name", "document-edit-symbolic",
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                  NULL);
  g_autofree char *name = g_strdup_printf ("review-%s", step_names[step]);
  g_autofree char *shown = g_markup_escape_text (value != NULL && *value != '\0' ? value : "—", -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
  gtk_widget_set_name (row, name);
  gtk_widget_add_css_class (row, "property");
  g_object_set_data (G_OBJECT (row), "aduan-step", GUINT_TO_POINTER (step));
  gtk_list_box_append (self->review_list, row);
}

static void
clear_review (AduanKioskWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->review_list))) != NULL)
    gtk_list_box_remove (self->review_list, child);
}

static void
build_review (AduanKioskWindow *self)
{
  AduanKioskFlowState *state = self->state;
  g_autofree char *where = NULL;
  g_autofree char *who = NULL;
  g_autofree char *what = NULL;

  clear_review (self);

  add_review_row (self, ADUAN_KIOSK_STEP_KIND, _("What you would like to do"),
                  aduan_report_kind_get_label (state->kind));
  add_review_row (self, ADUAN_KIOSK_STEP_CATEGORY, _("About"), category_label (self, state->category));

  if (state->photo != NULL)
    /* Translators: the review of the kiosk: the text written, then a note */
    what = g_strdup_printf (_("%s\n(with a photo)"), state->description);
  else
    what = g_strdup (state->description);
  add_review_row (self, ADUAN_KIOSK_STEP_WHAT, _("What happened"), what);

  if (state->here && aduan_kiosk_place_is_known (&self->place))
    where = g_strdup (gtk_label_get_label (self->here_label));
  else
    where = g_strdup (state->village_label);
  add_review_row (self, ADUAN_KIOSK_STEP_WHERE, _("Where"), where);

  if (state->anonymous)
    who = g_strdup (_("Anonymous"));
  else if (*state->reporter_phone != '\0')
    who = g_strdup_printf ("%s, %s", state->reporter_name, state->reporter_phone);
  else
    who = g_strdup (state->reporter_name);
  if (state->confidential)
    {
      g_autofree char *plain = g_steal_pointer (&who);

      /* Translators: the review of the kiosk: who reports, then a note */
      who = g_strdup_printf (_("%s\n(kept private)"), plain);
    }
  add_review_row (self, ADUAN_KIOSK_STEP_WHO, _("Who"), who);
}

static void
show_step_error (AduanKioskWindow *self,
                 const char       *message)
{
  gtk_label_set_label (self->step_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->step_error), message != NULL);
}

static void
focus_step (AduanKioskWindow *self)
{
  switch (self->state->step)
    {
    case ADUAN_KIOSK_STEP_WHAT:
      gtk_widget_grab_focus (GTK_WIDGET (self->description_view));
      break;
    case ADUAN_KIOSK_STEP_WHO:
      if (!self->state->anonymous)
        gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
      break;
    case ADUAN_KIOSK_STEP_KIND:
    case ADUAN_KIOSK_STEP_CATEGORY:
    case ADUAN_KIOSK_STEP_WHERE:
    case ADUAN_KIOSK_STEP_REVIEW:
    case ADUAN_KIOSK_N_STEPS:
    default:
      break;
    }
}

/* Shows the state's step, with what the state holds. */
static void
show_step (AduanKioskWindow *self)
{
  AduanKioskFlowState *state = self->state;
  guint position = aduan_kiosk_flow_state_get_position (state);
  g_autofree char *step_text = g_strdup_printf (_("Step %u of %u"), position, (guint) ADUAN_KIOSK_N_STEPS);
  gboolean review = state->step == ADUAN_KIOSK_STEP_REVIEW;

  self->loading = TRUE;

  for (guint kind = 0; kind < ADUAN_REPORT_KIND_N; kind++)
    gtk_toggle_button_set_active (self->kind_buttons[kind], state->kind_chosen && state->kind == kind);
  for (guint i = 0; i < self->category_buttons->len; i++)
    {
      GtkToggleButton *button = g_ptr_array_index (self->category_buttons, i);

      gtk_toggle_button_set_active (button, g_strcmp0 (g_object_get_data (G_OBJECT (button), "aduan-category"),
                                                       state->category) == 0);
    }

  if (state->here && aduan_kiosk_place_is_known (&self->place))
    gtk_toggle_button_set_active (self->here_button, TRUE);
  else
    gtk_toggle_button_set_active (self->elsewhere_button, TRUE);
  gtk_widget_set_visible (self->village_box, gtk_toggle_button_get_active (self->elsewhere_button));

  gtk_toggle_button_set_active (self->anonymous_button, state->anonymous);
  set_check_icon (self->anonymous_check, state->anonymous);
  gtk_widget_set_visible (self->identity_box, !state->anonymous);
  gtk_toggle_button_set_active (self->confidential_button, state->confidential);
  set_check_icon (self->confidential_check, state->confidential);

  self->loading = FALSE;

  if (review)
    build_review (self);

  gtk_label_set_label (self->step_label, step_text);
  gtk_progress_bar_set_fraction (self->step_progress, (double) position / ADUAN_KIOSK_N_STEPS);
  gtk_label_set_label (self->next_label, review ? _("Send report") : _("Next"));
  gtk_widget_set_visible (self->next_icon, !review);
  show_step_error (self, NULL);

  gtk_stack_set_visible_child_name (self->flow_stack, step_names[state->step]);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->flow_scroller), 0);
  focus_step (self);
}

/* Widgets into the state */

static char *
text_view_get_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
description_changed_cb (AduanKioskWindow *self)
{
  g_autofree char *text = text_view_get_text (self->description_view);

  aduan_kiosk_flow_state_set_description (self->state, text);
}

static void
title_changed_cb (AduanKioskWindow *self)
{
  aduan_kiosk_flow_state_set_title (self->state, gtk_editable_get_text (GTK_EDITABLE (self->title_entry)));
}

static void
reporter_changed_cb (AduanKioskWindow *self)
{
  if (self->loading || self->state->anonymous)
    return;

  aduan_kiosk_flow_state_set_reporter (self->state,
                                       gtk_editable_get_text (GTK_EDITABLE (self->name_entry)),
                                       gtk_editable_get_text (GTK_EDITABLE (self->phone_entry)));
}

static void
where_toggled_cb (AduanKioskWindow *self)
{
  gboolean elsewhere = gtk_toggle_button_get_active (self->elsewhere_button);

  gtk_widget_set_visible (self->village_box, elsewhere);
  if (self->loading)
    return;

  aduan_kiosk_flow_state_set_here (self->state, !elsewhere);
  show_step_error (self, NULL);
  if (elsewhere)
    gtk_widget_grab_focus (aduan_village_picker_get_entry (self->village_picker));
}

static void
village_changed_cb (AduanKioskWindow *self)
{
  aduan_kiosk_flow_state_set_village (self->state,
                                      aduan_village_picker_get_code (self->village_picker),
                                      aduan_village_picker_get_text (self->village_picker));
}

static void
anonymous_toggled_cb (AduanKioskWindow *self)
{
  gboolean anonymous = gtk_toggle_button_get_active (self->anonymous_button);

  set_check_icon (self->anonymous_check, anonymous);
  gtk_widget_set_visible (self->identity_box, !anonymous);
  if (self->loading)
    return;

  aduan_kiosk_flow_state_set_anonymous (self->state, anonymous);
  /* Anonymous keeps nothing of the person, on screen either. */
  if (anonymous)
    {
      self->loading = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->phone_entry), "");
      self->loading = FALSE;
    }
  show_step_error (self, NULL);
}

static void
confidential_toggled_cb (AduanKioskWindow *self)
{
  gboolean confidential = gtk_toggle_button_get_active (self->confidential_button);

  set_check_icon (self->confidential_check, confidential);
  if (!self->loading)
    aduan_kiosk_flow_state_set_confidential (self->state, confidential);
}

static void
review_row_activated_cb (AduanKioskWindow *self,
                         GtkListBoxRow    *row)
{
  self->state->step = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "aduan-step"));
  show_step (self);
}

/* The photo */

static void
stop_camera (AduanKioskWindow *self)
{
  if (self->camera == NULL)
    return;

  aduan_webcam_capture_stop (ADUAN_WEBCAM_CAPTURE (self->camera));
  gtk_box_remove (self->camera_box, self->camera);
  self->camera = NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->camera_box), FALSE);
}

static void
show_photo (AduanKioskWindow *self)
{
  GBytes *thumbnail = self->state->photo_thumbnail;
  gboolean has_photo = self->state->photo != NULL;

  if (thumbnail != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (thumbnail, &error);

      if (texture == NULL)
        g_message ("Could not show the photo's thumbnail: %s", error->message);
      gtk_picture_set_paintable (self->photo_picture, GDK_PAINTABLE (texture));
    }
  else
    gtk_picture_set_paintable (self->photo_picture, NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->photo_picture), has_photo);
  gtk_widget_set_visible (self->remove_photo_button, has_photo);
  gtk_label_set_label (self->photo_button_label,
                       has_photo ? _("Take another photo") : _("Add a photo (if you like)"));
}

static void
process_photo_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  AduanPhotoPipeline *pipeline = source_object;
  GError *error = NULL;
  AduanPhotoImport *import;

  import = aduan_photo_pipeline_process_bytes (pipeline, task_data, "camera.jpg", cancellable, &error);
  if (import == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, import, (GDestroyNotify) aduan_photo_import_free);
}

static void
photo_processed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(AduanKioskWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  AduanPhotoImport *import = g_task_propagate_pointer (G_TASK (result), &error);

  if (import == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_message ("Could not use the camera's photo: %s", error->message);
          show_step_error (self, _("The photo could not be used. You may try again, or go on without it."));
        }
      return;
    }

  g_clear_pointer (&self->photo, aduan_photo_import_free);
  self->photo = import;
  aduan_kiosk_flow_state_set_photo (self->state, import->jpeg, import->thumbnail);
  /* The state holds the only copy that is wiped; the import keeps what
   * the photo store needs. */
  show_photo (self);
}

static void
camera_captured_cb (AduanKioskWindow   *self,
                    GBytes             *jpeg,
                    AduanWebcamCapture *capture)
{
  AduanPhotoPipeline *pipeline = aduan_application_get_photo_pipeline (self->application);
  g_autoptr(GTask) task = NULL;

  stop_camera (self);
  if (pipeline == NULL)
    return;

  task = g_task_new (pipeline, self->cancellable, photo_processed_cb, g_object_ref (self));
  g_task_set_source_tag (task, camera_captured_cb);
  g_task_set_task_data (task, g_bytes_ref (jpeg), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, process_photo_thread);
}

static void
camera_failed_cb (AduanKioskWindow *self,
                  const char       *message)
{
  g_message ("The kiosk's camera failed: %s", message);
}

static void
take_photo_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  AduanKioskWindow *self = ADUAN_KIOSK_WINDOW (widget);
  g_autofree char *source = NULL;

  if (self->camera != NULL)
    return;

  source = g_settings_get_string (self->settings, "webcam-source");
  self->camera = aduan_webcam_capture_new (source);
  gtk_widget_set_name (self->camera, "kiosk_camera");
  gtk_widget_set_size_request (self->camera, -1, 360);
  g_signal_connect_object (self->camera, "captured", G_CALLBACK (camera_captured_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->camera, "failed", G_CALLBACK (camera_failed_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (self->camera_box, self->camera);
  gtk_widget_set_visible (GTK_WIDGET (self->camera_box), TRUE);
  aduan_webcam_capture_start (ADUAN_WEBCAM_CAPTURE (self->camera));
}

static void
remove_photo_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  AduanKioskWindow *self = ADUAN_KIOSK_WINDOW (widget);

  g_clear_pointer (&self->photo, aduan_photo_import_free);
  aduan_kiosk_flow_state_set_photo (self->state, NULL, NULL);
  show_photo (self);
}

/* The receipt */

static void
qr_draw_cb (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  AduanKioskWindow *self = user_data;
  double size = MIN (width, height);
  double quiet = size * 0.08;

  if (self->receipt == NULL || self->receipt->tracking_url == NULL)
    return;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, (width - size) / 2, (height - size) / 2, size, size);
  cairo_fill (cr);
  aduan_kiosk_qr_draw (cr, self->receipt->tracking_url,
                       (width - size) / 2 + quiet, (height - size) / 2 + quiet, size - 2 * quiet);
}

/* "ABCD-2345X" read out as "A B C D, 2 3 4 5 X" */
static char *
spell_code (const char *code)
{
  GString *spoken = g_string_new (NULL);

  for (const char *p = code; *p != '\0'; p++)
    {
      if (*p == '-')
        g_string_append_c (spoken, ',');
      else
        {
          if (spoken->len > 0)
            g_string_append_c (spoken, ' ');
          g_string_append_c (spoken, *p);
        }
    }

  return g_string_free (spoken, FALSE);
}

static void
print_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AduanKioskWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!aduan_kiosk_receipt_print_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_message ("Could not print the kiosk receipt: %s", error->message);
      if (self->receipt != NULL)
        gtk_label_set_label (self->print_status,
                             _("The receipt could not be printed. Please write the code down "
                               "or take a photo of this screen."));
      return;
    }

  g_print ("aduan-kiosk-printed\n");
  if (self->receipt != NULL)
    gtk_label_set_label (self->print_status, _("Your receipt is printed. Please take it from the printer."));
}

static void
print_receipt (AduanKioskWindow  *self,
               AduanKioskReceipt *receipt)
{
  g_autofree char *printer = g_settings_get_string (self->settings, "kiosk-printer");

  if (*printer == '\0')
    return;

  gtk_label_set_label (self->print_status, _("Printing your receipt…"));
  aduan_kiosk_receipt_print_async (receipt, GTK_WINDOW (self), printer, self->cancellable,
                                   print_done_cb, g_object_ref (self));
}

static AduanKioskReceipt *
make_receipt (AduanKioskWindow *self,
              const char       *tracking_code,
              AduanReportKind   kind,
              const char       *category,
              gint64            saved_at)
{
  AduanKioskReceipt *receipt = aduan_kiosk_receipt_new ();
  g_autofree char *hub_url = get_hub_url (self);
  g_autofree char *place = g_settings_get_string (self->settings, "kiosk-place-name");

  receipt->tracking_code = g_strdup (tracking_code);
  receipt->tracking_url = aduan_kiosk_tracking_url (hub_url, tracking_code);
  receipt->place_name = *place != '\0' ? g_steal_pointer (&place) : NULL;
  receipt->kind_label = g_strdup (aduan_report_kind_get_label (kind));
  receipt->category_label = category != NULL ? g_strdup (category_label (self, category)) : NULL;
  receipt->saved_at = saved_at;
  receipt->paper_width_mm = g_settings_get_uint (self->settings, "kiosk-paper-width") < 70 ? 58 : 80;

  return receipt;
}

static void
receipt_painted_cb (GdkFrameClock    *clock,
                    AduanKioskWindow *self)
{
  g_signal_handlers_disconnect_by_func (clock, receipt_painted_cb, self);

  if (self->submit_started != 0)
    {
      g_print ("aduan-kiosk-submit-to-receipt-usec %" G_GINT64_FORMAT "\n",
               g_get_monotonic_time () - self->submit_started);
      self->submit_started = 0;
    }
}

static void
show_receipt (AduanKioskWindow *self,
              const char       *tracking_code,
              AduanReportKind   kind,
              const char       *category,
              gint64            saved_at)
{
  g_autofree char *spoken = spell_code (tracking_code);
  g_autofree char *spoken_text = NULL;
  g_autofree char *printer = g_settings_get_string (self->settings, "kiosk-printer");
  GdkFrameClock *clock;

  g_clear_pointer (&self->receipt, aduan_kiosk_receipt_free);
  self->receipt = make_receipt (self, tracking_code, kind, category, saved_at);

  gtk_label_set_label (self->code_label, tracking_code);
  /* Translators: the tracking code spelt out, for reading it aloud */
  spoken_text = g_strdup_printf (_("Spelt out: %s"), spoken);
  gtk_label_set_label (self->code_spoken_label, spoken_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->code_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->qr_area), self->receipt->tracking_url != NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self->qr_area));
  gtk_label_set_label (self->receipt_hint,
                       self->receipt->tracking_url != NULL
                         ? _("Keep this code: only with it can you follow your report. "
                             "Scan the QR code with your phone, or touch “Check my report” on this kiosk later.")
                         : _("Keep this code: only with it can you follow your report. "
                             "Touch “Check my report” on this kiosk later."));
  gtk_label_set_label (self->print_status,
                       *printer != '\0' ? "" : _("This kiosk has no printer: please write the code down "
                                                  "or take a photo of this screen."));
  gtk_widget_set_visible (self->reprint_button, *printer != '\0');

  gtk_stack_set_visible_child_name (self->main_stack, "receipt");

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  if (clock != NULL && self->submit_started != 0)
    g_signal_connect (clock, "after-paint", G_CALLBACK (receipt_painted_cb), self);

  print_receipt (self, self->receipt);
}

/* Saving */

static void
store_photo_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;

  if (!aduan_photo_pipeline_store (source_object, task_data, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
show_save_failure (AduanKioskWindow *self,
                   const GError     *error)
{
  g_message ("The kiosk could not save a report: %s", error->message);
  gtk_stack_set_visible_child_name (self->main_stack, "flow");
  gtk_spinner_stop (self->saving_spinner);
  show_step_error (self, _("Your report could not be saved. Please try again, "
                           "or ask an officer for help."));
  self->submit_started = 0;
}

static void
save_complaint (AduanKioskWindow *self)
{
  AduanStore *store = aduan_application_get_store (self->application);
  AduanSyncEngine *engine = aduan_application_get_sync_engine (self->application);
  g_autoptr(AduanComplaint) complaint = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *category = NULL;
  AduanReportKind kind;

  complaint = aduan_kiosk_flow_state_to_complaint (self->state, &self->place, g_get_real_time ());
  if (self->photo != NULL)
    g_ptr_array_add (complaint->photos, aduan_photo_ref_copy (self->photo->ref));

  if (store == NULL || !aduan_store_save (store, complaint, &error))
    {
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "no store");
      show_save_failure (self, error);
      return;
    }

  g_message ("The kiosk saved report %s", complaint->uuid);
  if (engine != NULL)
    aduan_sync_engine_sync_now (engine);

  /* From here on, only the receipt remembers the report. */
  kind = complaint->kind;
  category = g_strdup (complaint->category);
  gtk_spinner_stop (self->saving_spinner);
  aduan_kiosk_window_wipe (self);
  show_receipt (self, complaint->tracking_code, kind, category, complaint->created_at != 0 ? complaint->created_at
                                                                                         : g_get_real_time ());
}

static void
photo_stored_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(AduanKioskWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_save_failure (self, error);
      return;
    }

  save_complaint (self);
}

static void
submit (AduanKioskWindow *self)
{
  AduanPhotoPipeline *pipeline = aduan_application_get_photo_pipeline (self->application);
  AduanCatalog *catalog = aduan_application_get_catalog (self->application);
  g_autofree char *message = NULL;

  message = aduan_kiosk_flow_state_check_step (self->state, ADUAN_KIOSK_STEP_REVIEW, &self->place, catalog);
  if (message != NULL)
    {
      show_step_error (self, message);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  self->submit_started = g_get_monotonic_time ();
  stop_camera (self);
  gtk_stack_set_visible_child_name (self->main_stack, "saving");
  gtk_spinner_start (self->saving_spinner);

  /* The photo goes to disk first, fsync'ed, so the complaint's row never
   * points at a file that is not there. */
  if (self->photo != NULL && pipeline != NULL)
    {
      g_autoptr(GTask) task = g_task_new (pipeline, self->cancellable, photo_stored_cb, g_object_ref (self));

      g_task_set_source_tag (task, submit);
      g_task_set_task_data (task, aduan_photo_import_copy (self->photo), (GDestroyNotify) aduan_photo_import_free);
      /* The copy's ref is what the complaint points to. */
      g_task_run_in_thread (task, store_photo_thread);
      return;
    }

  save_complaint (self);
}

/* Actions */

static void
start_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AduanKioskWindow *self = ADUAN_KIOSK_WINDOW (widget);

  aduan_kiosk_window_wipe (self);
  gtk_stack_set_visible_child_name (self->main_stack, "flow");
  show_step (self);
}

static void
next_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AduanKioskWindow *self = ADUAN_KIOSK_WINDOW (widget);
  AduanCatalog *catalog = aduan_application_get_catalog (self->application);
  g_autofree char *message = NULL;

  if (self->state->step == ADUAN_KIOSK_STEP_REVIEW)
    {
      submit (self);
      return;
    }

  if (!aduan_kiosk_flow_state_go_next (self->state, &self->place, catalog, &message))
    {
      show_step_error (self, message);
      gtk_widget_error_bell (widget);
      return;
    }

  if (self->state->step != ADUAN_KIOSK_STEP_WHAT)
    stop_camera (self);
  show_step (self);
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AduanKioskWindow *self = ADUAN_KIOSK_WINDOW (widget);

  stop_camera (self);
  if (!aduan_kiosk_flow_state_go_back (self->state))
    {
      /* Before the first step is the welcome; what was chosen stays
       * until the idle wipe or "Start over". */
      gtk_stack_set_visible_child_name (self->main_stack, "welcome");
      return;
    }
  show_step (self);
}

static void
done_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  aduan_kiosk_window_wipe (ADUAN_KIOSK_WINDOW (widget));
}

static void
print_again_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  AduanKioskWindow *self = ADUAN_KIOSK_WINDOW (widget);

  if (self->receipt != NULL)
    print_receipt (self, self->receipt);
}

static void
still_here_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  note_activity (ADUAN_KIOSK_WINDOW (widget));
}

static void
check_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AduanKioskWindow *self = ADUAN_KIOSK_WINDOW (widget);
  g_autofree char *hub_url = get_hub_url (self);

  aduan_kiosk_window_wipe (self);
  aduan_kiosk_check_set_hub_url (self->check_page, hub_url);
  gtk_stack_set_visible_child_name (self->main_stack, "check");
}

static void
survey_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AduanKioskWindow *self = ADUAN_KIOSK_WINDOW (widget);

  /* From the receipt too: the receipt is gone once the survey shows. */
  aduan_kiosk_window_wipe (self);
  gtk_stack_set_visible_child_name (self->main_stack, "survey");
}

static void
admin_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AduanKioskWindow *self = ADUAN_KIOSK_WINDOW (widget);

  aduan_kiosk_window_wipe (self);
  aduan_kiosk_admin_reset (self->admin_page);
  gtk_stack_set_visible_child_name (self->main_stack, "admin");
}

static void
subpage_finished_cb (AduanKioskWindow *self)
{
  aduan_kiosk_window_wipe (self);
}

static void
survey_saved_cb (AduanKioskWindow *self)
{
  AduanSyncEngine *engine = aduan_application_get_sync_engine (self->application);

  if (engine != NULL)
    aduan_sync_engine_sync_now (engine);
}

static void
close_later_cb (gpointer user_data)
{
  g_autoptr(AduanKioskWindow) self = user_data;

  gtk_window_close (GTK_WINDOW (self));
}

static void
leave_kiosk_cb (AduanKioskWindow *self)
{
  AduanWindow *window;

  if (!aduan_kiosk_admin_is_unlocked (self->admin_page))
    return;

  g_message ("Leaving kiosk mode");
  aduan_kiosk_window_wipe (self);
  window = aduan_window_new (self->application);
  gtk_window_present (GTK_WINDOW (window));
  self->may_close = TRUE;
  /* Not from inside the admin page's signal: the page would lose its
   * parent while it is still emitting. */
  g_idle_add_once (close_later_cb, g_object_ref (self));
}

static void
print_test_cb (AduanKioskWindow *self)
{
  g_autoptr(AduanKioskReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = aduan_tracking_code_build ("TEST", 1, &error);

  if (code == NULL)
    {
      g_message ("Could not make a test code: %s", error->message);
      return;
    }

  receipt = make_receipt (self, code, ADUAN_REPORT_KIND_COMPLAINT, NULL, g_get_real_time ());
  print_receipt (self, receipt);
}

static void
main_page_changed_cb (AduanKioskWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->main_stack);

  if (page != NULL && !g_str_equal (page, "flow"))
    stop_camera (self);
  note_activity (self);
}

static gboolean
close_request_cb (AduanKioskWindow *self)
{
  /* Closing is leaving, and leaving needs the PIN. */
  return !self->may_close;
}

/**
 * aduan_kiosk_window_wipe:
 *
 * Forgets everything the citizen entered, in memory and on screen, and
 * shows the welcome.
 */
void
aduan_kiosk_window_wipe (AduanKioskWindow *self)
{
  GtkTextBuffer *buffer;

  g_return_if_fail (ADUAN_IS_KIOSK_WINDOW (self));

  /* Anything still working for the last citizen stops. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  stop_camera (self);
  aduan_kiosk_flow_state_wipe (self->state);
  g_clear_pointer (&self->photo, aduan_photo_import_free);
  g_clear_pointer (&self->receipt, aduan_kiosk_receipt_free);

  self->loading = TRUE;
  buffer = gtk_text_view_get_buffer (self->description_view);
  gtk_text_buffer_set_text (buffer, "", 0);
  gtk_editable_set_text (GTK_EDITABLE (self->title_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->phone_entry), "");
  aduan_village_picker_set_village (self->village_picker, NULL, "");
  self->loading = FALSE;
  aduan_kiosk_flow_state_wipe (self->state);

  show_photo (self);
  clear_review (self);
  show_step_error (self, NULL);
  gtk_label_set_label (self->code_label, "");
  gtk_label_set_label (self->code_spoken_label, "");
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->code_label), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_label_set_label (self->print_status, "");
  gtk_widget_queue_draw (GTK_WIDGET (self->qr_area));

  aduan_kiosk_check_reset (self->check_page);
  aduan_kiosk_survey_reset (self->survey_page);
  aduan_kiosk_admin_reset (self->admin_page);

  show_step (self);
  hide_countdown (self);
  gtk_stack_set_visible_child_name (self->main_stack, "welcome");
  self->last_activity = g_get_monotonic_time ();
}

/* GObject */

static void
load_css (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded)
    return;
  loaded = TRUE;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/id/go/aduan/Aduan/ui/aduan-kiosk-window.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* What needs the application, which GtkWindow sets after construction. */
static void
setup (AduanKioskWindow *self,
       AduanApplication *application)
{
  AduanStore *store;

  self->application = g_object_ref (application);
  self->settings = g_object_ref (aduan_application_get_settings (self->application));
  store = aduan_application_get_store (self->application);

  aduan_village_picker_set_area_index (self->village_picker, aduan_application_get_area_index (self->application));
  aduan_kiosk_survey_set_store (self->survey_page, store);
  aduan_kiosk_admin_set_settings (self->admin_page, self->settings);
  build_choices (self);

  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  load_place (self);
  settings_changed_cb (self, "kiosk-survey-enabled");

  aduan_kiosk_window_wipe (self);

  if (store == NULL || aduan_store_is_read_only (store))
    gtk_stack_set_visible_child_name (self->main_stack, "broken");

  self->idle_id = g_timeout_add_seconds (1, idle_tick_cb, self);
  gtk_window_fullscreen (GTK_WINDOW (self));
}

static void
aduan_kiosk_window_dispose (GObject *object)
{
  AduanKioskWindow *self = ADUAN_KIOSK_WINDOW (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->state != NULL)
    aduan_kiosk_flow_state_wipe (self->state);
  g_clear_pointer (&self->photo, aduan_photo_import_free);
  g_clear_pointer (&self->receipt, aduan_kiosk_receipt_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), ADUAN_TYPE_KIOSK_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (aduan_kiosk_window_parent_class)->dispose (object);
}

static void
aduan_kiosk_window_finalize (GObject *object)
{
  AduanKioskWindow *self = ADUAN_KIOSK_WINDOW (object);

  g_clear_pointer (&self->state, aduan_kiosk_flow_state_free);
  g_clear_pointer (&self->category_buttons, g_ptr_array_unref);
  aduan_kiosk_place_clear (&self->place);

  G_OBJECT_CLASS (aduan_kiosk_window_parent_class)->finalize (object);
}

static void
aduan_kiosk_window_class_init (AduanKioskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aduan_kiosk_window_dispose;
  object_class->finalize = aduan_kiosk_window_finalize;

  g_type_ensure (ADUAN_TYPE_KIOSK_CHECK);
  g_type_ensure (ADUAN_TYPE_KIOSK_SURVEY);
  g_type_ensure (ADUAN_TYPE_KIOSK_ADMIN);
  g_type_ensure (ADUAN_TYPE_VILLAGE_PICKER);

  gtk_widget_class_set_template_from_resource (widget_class, "/id/go/aduan/Aduan/ui/aduan-kiosk-window.ui");

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, AduanKioskWindow, name)
  BIND (place_label);
  BIND (idle_revealer);
  BIND (idle_label);
  BIND (main_stack);
  BIND (survey_button);
  BIND (step_label);
  BIND (step_progress);
  BIND (flow_scroller);
  BIND (flow_stack);
  BIND (kind_box);
  BIND (category_box);
  BIND (description_view);
  BIND (title_entry);
  BIND (photo_button_label);
  BIND (photo_picture);
  BIND (remove_photo_button);
  BIND (camera_box);
  BIND (here_button);
  BIND (here_label);
  BIND (elsewhere_button);
  BIND (village_box);
  BIND (village_picker);
  BIND (identity_box);
  BIND (name_entry);
  BIND (phone_entry);
  BIND (anonymous_button);
  BIND (anonymous_check);
  BIND (confidential_button);
  BIND (confidential_check);
  BIND (review_list);
  BIND (step_error);
  BIND (back_button);
  BIND (next_label);
  BIND (next_icon);
  BIND (saving_spinner);
  BIND (code_label);
  BIND (code_spoken_label);
  BIND (qr_area);
  BIND (receipt_hint);
  BIND (print_status);
  BIND (reprint_button);
  BIND (receipt_survey_button);
  BIND (check_page);
  BIND (survey_page);
  BIND (admin_page);
#undef BIND

  gtk_widget_class_bind_template_callback (widget_class, activity_key_cb);
  gtk_widget_class_bind_template_callback (widget_class, activity_click_cb);
  gtk_widget_class_bind_template_callback (widget_class, activity_scroll_cb);
  gtk_widget_class_bind_template_callback (widget_class, main_page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, where_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, village_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, anonymous_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, confidential_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, review_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, subpage_finished_cb);
  gtk_widget_class_bind_template_callback (widget_class, leave_kiosk_cb);
  gtk_widget_class_bind_template_callback (widget_class, print_test_cb);

  gtk_widget_class_install_action (widget_class, "kiosk.start", NULL, start_action_cb);
  gtk_widget_class_install_action (widget_class, "kiosk.next", NULL, next_action_cb);
  gtk_widget_class_install_action (widget_class, "kiosk.back", NULL, back_action_cb);
  gtk_widget_class_install_action (widget_class, "kiosk.cancel", NULL, done_action_cb);
  gtk_widget_class_install_action (widget_class, "kiosk.done", NULL, done_action_cb);
  gtk_widget_class_install_action (widget_class, "kiosk.take-photo", NULL, take_photo_action_cb);
  gtk_widget_class_install_action (widget_class, "kiosk.remove-photo", NULL, remove_photo_action_cb);
  gtk_widget_class_install_action (widget_class, "kiosk.print-again", NULL, print_again_action_cb);
  gtk_widget_class_install_action (widget_class, "kiosk.still-here", NULL, still_here_action_cb);
  gtk_widget_class_install_action (widget_class, "kiosk.check", NULL, check_action_cb);
  gtk_widget_class_install_action (widget_class, "kiosk.survey", NULL, survey_action_cb);
  gtk_widget_class_install_action (widget_class, "kiosk.admin", NULL, admin_action_cb);
}

static void
aduan_kiosk_window_init (AduanKioskWindow *self)
{
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));
  load_css ();

  self->state = aduan_kiosk_flow_state_new ();
  self->category_buttons = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->last_activity = g_get_monotonic_time ();

  /* An undo history would hand the last citizen's words to the next. */
  buffer = gtk_text_view_get_buffer (self->description_view);
  gtk_text_buffer_set_enable_undo (buffer, FALSE);
  gtk_editable_set_enable_undo (GTK_EDITABLE (self->title_entry), FALSE);
  gtk_editable_set_enable_undo (GTK_EDITABLE (self->name_entry), FALSE);
  gtk_editable_set_enable_undo (GTK_EDITABLE (self->phone_entry), FALSE);
  gtk_editable_set_enable_undo (GTK_EDITABLE (aduan_village_picker_get_entry (self->village_picker)), FALSE);

  g_signal_connect_object (buffer, "changed", G_CALLBACK (description_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->title_entry, "changed", G_CALLBACK (title_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->name_entry, "changed", G_CALLBACK (reporter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->phone_entry, "changed", G_CALLBACK (reporter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->survey_page, "saved", G_CALLBACK (survey_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_drawing_area_set_draw_func (self->qr_area, qr_draw_cb, self, NULL);
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
}

AduanKioskWindow *
aduan_kiosk_window_new (AduanApplication *application)
{
  AduanKioskWindow *self;

  g_return_val_if_fail (ADUAN_IS_APPLICATION (application), NULL);

  self = g_object_new (ADUAN_TYPE_KIOSK_WINDOW, "application", application, NULL);
  setup (self, application);

  return self;
}
