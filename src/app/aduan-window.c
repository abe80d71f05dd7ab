/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "aduan-complaint-detail.h"
#include "aduan-complaint-form.h"
#include "aduan-complaint-list.h"
#include "aduan-enroll-dialog.h"
#include "aduan-error.h"
#include "aduan-sync-indicator.h"
#include "aduan-window.h"

/*
 * The list of complaints beside the form or one complaint's detail. Below
 * about 720 px the leaflet folds: one pane at a time, with a back button.
 */

struct _AduanWindow
{
  AdwApplicationWindow  parent_instance;

  AduanApplication     *application;  /* (unowned) */
  gboolean              can_save;     /* the store opened and is writable */
  gboolean              closing_anyway; /* the person chose to lose the form */

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *content_box;
  AdwWindowTitle       *list_title;
  GtkToggleButton      *search_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  AduanComplaintList   *complaint_list;
  AdwWindowTitle       *content_title;
  GtkWidget            *save_button;
  AdwToast             *draft_toast;  /* (nullable) (unowned) while shown */
  GtkStack             *content_stack;
  AduanComplaintForm   *form;
  AduanComplaintDetail *detail;        /* (nullable) made when first shown */
  AdwStatusPage        *store_error_page;
  GtkRevealer          *enroll_banner;
  AduanSyncIndicator   *sync_indicator;
  gboolean              sync_requested; /* a person asked for "Sync Now" */
};

G_DEFINE_FINAL_TYPE (AduanWindow, aduan_window, ADW_TYPE_APPLICATION_WINDOW)

static void
update_list_subtitle (AduanWindow *self)
{
  AduanComplaintListModel *model = aduan_complaint_list_get_model (self->complaint_list);
  g_autofree char *subtitle = NULL;
  guint n;

  if (model == NULL)
    {
      adw_window_title_set_subtitle (self->list_title, NULL);
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  if (aduan_complaint_list_model_get_search (model) != NULL)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches", n), n);
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u complaint", "%u complaints", n), n);

  adw_window_title_set_subtitle (self->list_title, subtitle);
}

static void
show_content (AduanWindow *self)
{
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
}

void
aduan_window_show_form (AduanWindow *self)
{
  g_return_if_fail (ADUAN_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->content_stack, "form");
  adw_window_title_set_title (self->content_title, _("New Complaint"));
  adw_window_title_set_subtitle (self->content_title, NULL);
  aduan_complaint_list_unselect (self->complaint_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", self->can_save);
  gtk_widget_set_visible (self->save_button, TRUE);
  show_content (self);
  aduan_complaint_form_focus_start (self->form);
}

void
aduan_window_show_complaint (AduanWindow *self,
                             const char  *uuid)
{
  AduanStore *store = aduan_application_get_store (self->application);
  g_autoptr(AduanComplaint) complaint = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ADUAN_IS_WINDOW (self));
  g_return_if_fail (uuid != NULL);

  if (store == NULL)
    return;

  complaint = aduan_store_get (store, uuid, &error);
  if (complaint == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  /* Not before the first frame: most sessions start by recording. */
  if (self->detail == NULL)
    {
      self->detail = ADUAN_COMPLAINT_DETAIL (aduan_complaint_detail_new ());
      aduan_complaint_detail_setup (self->detail,
                                    aduan_application_get_settings (self->application),
                                    aduan_application_get_sync_engine (self->application));
      gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->detail), "detail");
    }

  aduan_complaint_detail_set_complaint (self->detail, complaint,
                                        aduan_application_get_catalog (self->application));
  gtk_stack_set_visible_child_name (self->content_stack, "detail");
  adw_window_title_set_title (self->content_title, complaint->tracking_code);
  adw_window_title_set_subtitle (self->content_title,
                                 aduan_report_kind_get_label (complaint->kind));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", FALSE);
  gtk_widget_set_visible (self->save_button, FALSE);
  show_content (self);
}

static void
complaint_activated_cb (AduanWindow        *self,
                        const char         *uuid,
                        AduanComplaintList *list)
{
  aduan_complaint_list_select (list, uuid);
  aduan_window_show_complaint (self, uuid);
}

static void
search_changed_cb (AduanWindow    *self,
                   GtkSearchEntry *entry)
{
  aduan_complaint_list_set_search (self->complaint_list,
                                   gtk_editable_get_text (GTK_EDITABLE (entry)));
  update_list_subtitle (self);
}

static void
search_mode_cb (AduanWindow  *self,
                GParamSpec   *pspec,
                GtkSearchBar *search_bar)
{
  if (!gtk_search_bar_get_search_mode (search_bar))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
saved_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   AduanWindow      *self)
{
  const char *code = g_object_get_data (G_OBJECT (dialog), "aduan-tracking-code");

  if (g_strcmp0 (response, "copy") == 0 && code != NULL)
    {
      gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), code);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Tracking code copied")));
    }

  aduan_complaint_form_focus_start (self->form);
}

static void
form_saved_cb (AduanWindow          *self,
               const AduanComplaint *complaint,
               AduanComplaintForm   *form)
{
  AdwMessageDialog *dialog;
  GtkWidget *code_label;

  aduan_complaint_list_select (self->complaint_list, complaint->uuid);
  update_list_subtitle (self);

  /* The restored report is saved now; the news is old. */
  if (self->draft_toast != NULL)
    adw_toast_dismiss (self->draft_toast);

  /* The citizen leaves with this code: show it big, until dismissed. */
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Complaint Saved"),
                                                       _("Give this tracking code to the citizen. "
                                                         "With it they can ask how their complaint is followed up.")));
  code_label = gtk_label_new (complaint->tracking_code);
  gtk_label_set_selectable (GTK_LABEL (code_label), TRUE);
  gtk_widget_add_css_class (code_label, "title-1");
  gtk_widget_add_css_class (code_label, "tracking-code");
  gtk_accessible_update_property (GTK_ACCESSIBLE (code_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tracking code"),
                                  -1);
  adw_message_dialog_set_extra_child (dialog, code_label);
  adw_message_dialog_add_responses (dialog,
                                    "copy", _("_Copy Code"),
                                    "close", _("_Done"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "close", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  g_object_set_data_full (G_OBJECT (dialog), "aduan-tracking-code",
                          g_strdup (complaint->tracking_code), g_free);
  gtk_widget_add_css_class (GTK_WIDGET (dialog), "saved-dialog");
  g_signal_connect_object (dialog, "response", G_CALLBACK (saved_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  /* For scripts and logs; never personal data, only identifiers. */
  g_debug ("Saved complaint %s as %s", complaint->uuid, complaint->tracking_code);
}

static void
draft_restored_cb (AduanWindow        *self,
                   AduanComplaintForm *form)
{
  AdwToast *toast = adw_toast_new (_("Unsaved complaint restored"));

  adw_toast_set_timeout (toast, 8);
  self->draft_toast = toast;
  g_object_add_weak_pointer (G_OBJECT (toast), (gpointer *) &self->draft_toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
sync_status_cb (AduanWindow     *self,
                GParamSpec      *pspec,
                AduanSyncEngine *engine)
{
  AduanSyncStatus status = aduan_sync_engine_get_status (engine);

  /* 401: say so where it is seen, and offer the way out. */
  gtk_revealer_set_reveal_child (self->enroll_banner, status == ADUAN_SYNC_STATUS_ENROLL_AGAIN);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-now",
                                 status != ADUAN_SYNC_STATUS_NOT_ENROLLED &&
                                 status != ADUAN_SYNC_STATUS_ENROLL_AGAIN);
}

static void
pass_finished_cb (AduanWindow     *self,
                  gboolean         success,
                  const char      *message,
                  AduanSyncEngine *engine)
{
  AdwToast *toast;

  /* Passes that start by themselves report in the indicator only; one a
   * person asked for answers them. */
  if (!self->sync_requested)
    return;
  self->sync_requested = FALSE;

  if (success)
    {
      guint n_waiting = aduan_sync_engine_get_n_waiting (engine);

      if (n_waiting == 0)
        toast = adw_toast_new (_("Everything is sent"));
      else
        toast = adw_toast_new_format (g_dngettext (GETTEXT_PACKAGE, "%u complaint still waits to be sent",
                                                   "%u complaints still wait to be sent", n_waiting),
                                      n_waiting);
    }
  else
    toast = adw_toast_new (message != NULL ? message : _("Could not reach the hub"));

  adw_toast_set_timeout (toast, success ? 3 : 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
sync_now_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AduanWindow *self = ADUAN_WINDOW (widget);
  AduanSyncEngine *engine = aduan_application_get_sync_engine (self->application);

  if (engine == NULL)
    return;

  self->sync_requested = TRUE;
  aduan_sync_engine_sync_now (engine);
}

static void
enrolled_cb (AduanWindow       *self,
             AduanEnrollDialog *dialog)
{
  AduanSyncEngine *engine = aduan_application_get_sync_engine (self->application);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Connected to the hub")));

  /* What waited for a hub goes now. */
  if (engine != NULL)
    {
      self->sync_requested = TRUE;
      aduan_sync_engine_sync_now (engine);
    }
}

static void
enroll_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AduanWindow *self = ADUAN_WINDOW (widget);
  AduanStore *store = aduan_application_get_store (self->application);
  AduanEnrollDialog *dialog;

  if (store == NULL || aduan_store_is_read_only (store))
    return;

  dialog = aduan_enroll_dialog_new (GTK_WINDOW (self), store);
  g_signal_connect_object (dialog, "enrolled", G_CALLBACK (enrolled_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_complaint_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  aduan_window_show_form (ADUAN_WINDOW (widget));
}

static void
search_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AduanWindow *self = ADUAN_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AduanWindow *self = ADUAN_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "form") != 0)
    return;

  aduan_complaint_form_save (self->form);
}

/* GtkApplication would build the shortcuts window with every main window,
 * before its first frame; it is built here when asked for. */
static void
show_help_overlay_action_cb (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  AduanWindow *self = ADUAN_WINDOW (widget);
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *shortcuts;

  builder = gtk_builder_new_from_resource ("/id/go/aduan/Aduan/ui/aduan-shortcuts-window.ui");
  shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  /* The shortcuts read their accelerators from the application. */
  gtk_window_set_application (shortcuts, GTK_APPLICATION (self->application));
  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (self));
  gtk_window_present (shortcuts);
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AduanWindow *self = ADUAN_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   AduanWindow      *self)
{
  if (g_strcmp0 (response, "close") == 0)
    {
      self->closing_anyway = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

static gboolean
aduan_window_close_request (GtkWindow *window)
{
  AduanWindow *self = ADUAN_WINDOW (window);

  aduan_complaint_form_flush_draft (self->form);

  /* What is only in the form (the draft could not be written) would be
   * gone: ask first. */
  if (!self->closing_anyway && aduan_complaint_form_is_at_risk (self->form))
    {
      AdwMessageDialog *dialog;

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window,
                                                           _("Close Without Saving?"),
                                                           _("The complaint in the form is not saved and its draft "
                                                             "could not be kept. If Aduan closes now, what you typed "
                                                             "is lost.")));
      adw_message_dialog_add_responses (dialog,
                                        "cancel", _("_Keep Open"),
                                        "close", _("Close _Anyway"),
                                        NULL);
      adw_message_dialog_set_response_appearance (dialog, "close", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (dialog, "cancel");
      adw_message_dialog_set_close_response (dialog, "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));

      return TRUE;
    }

  return GTK_WINDOW_CLASS (aduan_window_parent_class)->close_request (window);
}

static void
setup (AduanWindow *self)
{
  AduanStore *store;
  AduanStore *writable;
  AduanSyncEngine *engine;
  GSettings *settings;

  g_assert (ADUAN_IS_APPLICATION (self->application));

  store = writable = aduan_application_get_store (self->application);
  settings = aduan_application_get_settings (self->application);

  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  aduan_complaint_list_set_store (self->complaint_list, store);
  if (store != NULL)
    g_signal_connect_object (aduan_complaint_list_get_model (self->complaint_list),
                             "items-changed", G_CALLBACK (update_list_subtitle), self,
                             G_CONNECT_SWAPPED);
  update_list_subtitle (self);

  /* A read-only store can be browsed; the form cannot save into it. */
  if (store != NULL && aduan_store_is_read_only (store))
    writable = NULL;

  aduan_complaint_form_setup (self->form, writable,
                              aduan_application_get_catalog (self->application),
                              aduan_application_get_area_index (self->application),
                              settings);
  aduan_complaint_form_set_photo_pipeline (self->form,
                                           writable != NULL
                                           ? aduan_application_get_photo_pipeline (self->application)
                                           : NULL);

  engine = aduan_application_get_sync_engine (self->application);
  aduan_sync_indicator_set_engine (self->sync_indicator, engine);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.enroll", engine != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-now", FALSE);
  if (engine != NULL)
    {
      g_signal_connect_object (engine, "notify::status", G_CALLBACK (sync_status_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "pass-finished", G_CALLBACK (pass_finished_cb), self,
                               G_CONNECT_SWAPPED);
      sync_status_cb (self, NULL, engine);
    }
  /* On a narrow screen, open on the report that was being written. */
  if (aduan_complaint_form_restore_draft (self->form))
    show_content (self);

  self->can_save = (writable != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-complaint", writable != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", writable != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", store != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_button), store != NULL);
}

static void
aduan_window_dispose (GObject *object)
{
  AduanWindow *self = (AduanWindow *) object;

  if (self->draft_toast != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->draft_toast), (gpointer *) &self->draft_toast);
      self->draft_toast = NULL;
    }

  G_OBJECT_CLASS (aduan_window_parent_class)->dispose (object);
}

static void
aduan_window_class_init (AduanWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = aduan_window_dispose;

  window_class->close_request = aduan_window_close_request;

  g_type_ensure (ADUAN_TYPE_COMPLAINT_LIST);
  g_type_ensure (ADUAN_TYPE_COMPLAINT_FORM);
  g_type_ensure (ADUAN_TYPE_SYNC_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/id/go/aduan/Aduan/ui/aduan-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AduanWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AduanWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, AduanWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, AduanWindow, list_title);
  gtk_widget_class_bind_template_child (widget_class, AduanWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, AduanWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, AduanWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AduanWindow, complaint_list);
  gtk_widget_class_bind_template_child (widget_class, AduanWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, AduanWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, AduanWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, AduanWindow, form);
  gtk_widget_class_bind_template_child (widget_class, AduanWindow, store_error_page);
  gtk_widget_class_bind_template_child (widget_class, AduanWindow, enroll_banner);
  gtk_widget_class_bind_template_child (widget_class, AduanWindow, sync_indicator);
  gtk_widget_class_bind_template_callback (widget_class, complaint_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_mode_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_saved_cb);
  gtk_widget_class_bind_template_callback (widget_class, draft_restored_cb);

  gtk_widget_class_install_action (widget_class, "win.new-complaint", NULL, new_complaint_action_cb);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action_cb);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action_cb);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action_cb);
  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, sync_now_action_cb);
  gtk_widget_class_install_action (widget_class, "win.enroll", NULL, enroll_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
}

static void
aduan_window_init (AduanWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

#ifdef DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

AduanWindow *
aduan_window_new (AduanApplication *application)
{
  AduanWindow *self;

  g_return_val_if_fail (ADUAN_IS_APPLICATION (application), NULL);

  self = g_object_new (ADUAN_TYPE_WINDOW,
                       "application", application,
                       NULL);
  /* The application outlives its windows. */
  self->application = application;
  setup (self);

  return self;
}

/**
 * aduan_window_show_store_error:
 * @error: why the store could not be opened
 *
 * Nothing can be recorded without the store: say why, clearly, and leave
 * the file alone so it can be rescued.
 */
void
aduan_window_show_store_error (AduanWindow  *self,
                               const GError *error)
{
  const char *data_dir;
  g_autofree char *body = NULL;
  const char *heading;
  const char *advice;
  AdwMessageDialog *dialog;

  g_return_if_fail (ADUAN_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  data_dir = aduan_application_get_data_dir (self->application);

  if (g_error_matches (error, ADUAN_ERROR, ADUAN_ERROR_CORRUPT))
    {
      heading = _("The Complaint Store Is Damaged");
      advice = _("Aduan did not change the file. Move the folder away or restore it from a backup, "
                 "then start Aduan again; ask your administrator for help.");
    }
  else if (g_error_matches (error, ADUAN_ERROR, ADUAN_ERROR_READ_ONLY))
    {
      heading = _("The Complaint Store Is Read-Only");
      advice = _("Aduan cannot write to the folder. Check that the disk is not full or locked "
                 "and that you may write to the folder.");
    }
  else if (g_error_matches (error, ADUAN_ERROR, ADUAN_ERROR_DISK_FULL))
    {
      heading = _("The Disk Is Full");
      advice = _("Free some space on the disk, then start Aduan again.");
    }
  else if (g_error_matches (error, ADUAN_ERROR, ADUAN_ERROR_TOO_NEW))
    {
      heading = _("Made by a Newer Aduan");
      advice = _("The complaint store was written by a newer version of Aduan. Install that version "
                 "to open it; nothing was changed.");
    }
  else
    {
      heading = _("The Complaint Store Could Not Be Opened");
      advice = _("Nothing was changed. Ask your administrator for help.");
    }

  body = g_strdup_printf ("%s\n\n%s\n\n%s %s", error->message, advice,
                          _("Folder:"), data_dir != NULL ? data_dir : "?");

  adw_status_page_set_title (self->store_error_page, heading);
  adw_status_page_set_description (self->store_error_page, body);
  gtk_stack_set_visible_child_name (self->content_stack, "store-error");
  adw_window_title_set_title (self->content_title, _("Aduan"));
  gtk_widget_set_visible (self->save_button, FALSE);
  show_content (self);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_widget_add_css_class (GTK_WIDGET (dialog), "store-error-dialog");
  gtk_window_present (GTK_WINDOW (dialog));
}
