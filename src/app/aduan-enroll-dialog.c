/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "aduan-credentials.h"
#include "aduan-enroll-dialog.h"

/*
 * Enrollment: the hub's address and a one-time code an admin made with
 * `aduan-hub enroll-code`. The request runs off the main thread; the
 * token goes to the keyring or a private file (aduan-credentials.c), never
 * into the database. Afterwards AduanEnrollDialog::enrolled lets the
 * window start a sync.
 */

struct _AduanEnrollDialog
{
  AdwWindow     parent_instance;

  AduanStore   *store;        /* (owned) */
  GCancellable *cancellable;  /* (owned) (nullable) while enrolling */

  AdwEntryRow  *url_row;
  AdwEntryRow  *code_row;
  AdwEntryRow  *name_row;
  GtkLabel     *error_label;
  GtkSpinner   *spinner;
};

G_DEFINE_FINAL_TYPE (AduanEnrollDialog, aduan_enroll_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_ENROLLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
update_action (AduanEnrollDialog *self)
{
  g_autofree char *url = row_text (self->url_row);
  g_autofree char *code = row_text (self->code_row);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "enroll.enroll",
                                 self->cancellable == NULL && *url != '\0' && *code != '\0');
}

static void
fields_changed_cb (AduanEnrollDialog *self)
{
  update_action (self);
}

static void
set_busy (AduanEnrollDialog *self,
          gboolean           busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  /* A text field made insensitive with the focus in it never hears it
   * lost the focus (GTK warns, and Enter in a field gets here): let go of
   * it first. */
  if (busy)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->code_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), !busy);
  update_action (self);
}

static void
enroll_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AduanEnrollDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!aduan_credentials_enroll_finish (ADUAN_STORE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_clear_object (&self->cancellable);
      set_busy (self, FALSE);
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
      return;
    }

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_ENROLLED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
enroll_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AduanEnrollDialog *self = ADUAN_ENROLL_DIALOG (widget);
  g_autofree char *url = row_text (self->url_row);
  g_autofree char *code = row_text (self->code_row);
  g_autofree char *name = row_text (self->name_row);

  if (self->cancellable != NULL || *url == '\0' || *code == '\0')
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  aduan_credentials_enroll_async (self->store, url, code, *name != '\0' ? name : NULL, NULL,
                                  self->cancellable, enroll_done_cb, g_object_ref (self));
}

static void
entry_activated_cb (AduanEnrollDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "enroll.enroll", NULL);
}

static void
aduan_enroll_dialog_dispose (GObject *object)
{
  AduanEnrollDialog *self = (AduanEnrollDialog *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (aduan_enroll_dialog_parent_class)->dispose (object);
}

static void
aduan_enroll_dialog_class_init (AduanEnrollDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aduan_enroll_dialog_dispose;

  /**
   * AduanEnrollDialog::enrolled:
   *
   * The hub accepted the device; its token is kept.
   */
  signals[SIGNAL_ENROLLED] =
    g_signal_new ("enrolled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/id/go/aduan/Aduan/ui/aduan-enroll-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AduanEnrollDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, AduanEnrollDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, AduanEnrollDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, AduanEnrollDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, AduanEnrollDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "enroll.enroll", NULL, enroll_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
aduan_enroll_dialog_init (AduanEnrollDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_action (self);
}

/**
 * aduan_enroll_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @store: the device store to enroll
 */
AduanEnrollDialog *
aduan_enroll_dialog_new (GtkWindow  *parent,
                         AduanStore *store)
{
  AduanEnrollDialog *self;
  g_autoptr(AduanEnrollment) enrollment = NULL;

  g_return_val_if_fail (ADUAN_IS_STORE (store), NULL);

  self = g_object_new (ADUAN_TYPE_ENROLL_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);

  /* Enrolling again: the same hub, most likely, and the same name. */
  enrollment = aduan_credentials_get_enrollment (store, NULL);
  if (enrollment != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->url_row), enrollment->hub_url);
      if (enrollment->name != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->name_row), enrollment->name);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), g_get_host_name ());

  update_action (self);

  return self;
}
