/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "aduan-kiosk-admin.h"
#include "aduan-kiosk-pin.h"

/*
 * The staff's corner of the kiosk, behind the admin PIN: leave kiosk
 * mode, print a test receipt, change the PIN. The PIN is kept only as a
 * salted hash in the settings, with the attempt count, so a restart does
 * not end a wait. The first admin to open it, when no PIN is set yet,
 * chooses one.
 */

struct _AduanKioskAdmin
{
  AdwBin       parent_instance;

  GtkStack    *admin_stack;
  GtkEditable *pin_entry;
  GtkLabel    *pin_message;
  GtkEditable *new_pin_entry;
  GtkEditable *repeat_pin_entry;
  GtkLabel    *choose_message;

  GSettings   *settings;   /* (owned) (nullable) */
  gboolean     unlocked;
};

G_DEFINE_FINAL_TYPE (AduanKioskAdmin, aduan_kiosk_admin, ADW_TYPE_BIN)

enum {
  SIGNAL_FINISHED,
  SIGNAL_LEAVE_KIOSK,
  SIGNAL_PRINT_TEST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
has_pin (AduanKioskAdmin *self)
{
  g_autofree char *hash = NULL;

  if (self->settings == NULL)
    return FALSE;

  hash = g_settings_get_string (self->settings, "kiosk-pin-hash");
  return *hash != '\0';
}

static void
show_message (GtkLabel   *label,
              const char *text)
{
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
clear_entry (GtkEditable *entry)
{
  /* The text buffer of a password entry is overwritten as it shrinks. */
  gtk_editable_set_text (entry, "");
}

static void
open_admin (AduanKioskAdmin *self)
{
  self->unlocked = TRUE;
  clear_entry (self->pin_entry);
  clear_entry (self->new_pin_entry);
  clear_entry (self->repeat_pin_entry);
  show_message (self->pin_message, NULL);
  show_message (self->choose_message, NULL);
  gtk_stack_set_visible_child_name (self->admin_stack, "open");
}

static void
unlock_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AduanKioskAdmin *self = ADUAN_KIOSK_ADMIN (widget);
  g_autofree char *hash = NULL;
  g_autofree char *salt = NULL;
  AduanKioskPinGuard guard;
  gint64 now = g_get_real_time ();
  gint64 wait;
  gboolean right;

  if (self->settings == NULL)
    return;

  guard.failures = g_settings_get_uint (self->settings, "kiosk-pin-failures");
  guard.locked_until = g_settings_get_int64 (self->settings, "kiosk-pin-locked-until");
  wait = aduan_kiosk_pin_guard_get_wait (&guard, now);
  if (wait > 0)
    {
      guint seconds = (guint) ((wait + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "Too many wrong PINs. Try again in %u second.",
                                                            "Too many wrong PINs. Try again in %u seconds.",
                                                            seconds),
                                               seconds);

      /* A lock brought back from a clock set back is kept as it is now. */
      g_settings_set_int64 (self->settings, "kiosk-pin-locked-until", guard.locked_until);
      clear_entry (self->pin_entry);
      show_message (self->pin_message, text);
      gtk_widget_error_bell (widget);
      return;
    }

  hash = g_settings_get_string (self->settings, "kiosk-pin-hash");
  salt = g_settings_get_string (self->settings, "kiosk-pin-salt");
  right = aduan_kiosk_pin_verify (gtk_editable_get_text (self->pin_entry), salt, hash);
  clear_entry (self->pin_entry);

  aduan_kiosk_pin_guard_record (&guard, right, now);
  g_settings_set_uint (self->settings, "kiosk-pin-failures", guard.failures);
  g_settings_set_int64 (self->settings, "kiosk-pin-locked-until", guard.locked_until);

  if (!right)
    {
      g_message ("A wrong admin PIN was typed at the kiosk (%u in a row)", guard.failures);
      if (guard.locked_until > now)
        show_message (self->pin_message, _("Wrong PIN. Too many wrong PINs: wait a moment before the next try."));
      else
        show_message (self->pin_message, _("Wrong PIN."));
      gtk_widget_error_bell (widget);
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
      return;
    }

  open_admin (self);
}

static void
choose_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AduanKioskAdmin *self = ADUAN_KIOSK_ADMIN (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *salt = NULL;
  g_autofree char *hash = NULL;
  const char *pin = gtk_editable_get_text (self->new_pin_entry);

  if (self->settings == NULL)
    return;

  /* Changing a PIN is for whoever unlocked; choosing the first is for
   * whoever finds the kiosk without one. */
  if (has_pin (self) && !self->unlocked)
    return;

  if (!aduan_kiosk_pin_is_acceptable (pin, &message))
    {
      show_message (self->choose_message, message);
      gtk_widget_error_bell (widget);
      return;
    }
  if (!g_str_equal (pin, gtk_editable_get_text (self->repeat_pin_entry)))
    {
      show_message (self->choose_message, _("The two PINs are not the same."));
      clear_entry (self->repeat_pin_entry);
      gtk_widget_error_bell (widget);
      return;
    }

  salt = aduan_kiosk_pin_make_salt (&error);
  if (salt == NULL)
    {
      show_message (self->choose_message, error->message);
      return;
    }
  hash = aduan_kiosk_pin_hash (pin, salt, ADUAN_KIOSK_PIN_ITERATIONS);
  g_assert (hash != NULL);

  g_settings_delay (self->settings);
  g_settings_set_string (self->settings, "kiosk-pin-salt", salt);
  g_settings_set_string (self->settings, "kiosk-pin-hash", hash);
  g_settings_set_uint (self->settings, "kiosk-pin-failures", 0);
  g_settings_set_int64 (self->settings, "kiosk-pin-locked-until", 0);
  g_settings_apply (self->settings);

  open_admin (self);
}

static void
change_pin_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  AduanKioskAdmin *self = ADUAN_KIOSK_ADMIN (widget);

  if (!self->unlocked)
    return;

  gtk_stack_set_visible_child_name (self->admin_stack, "choose");
  gtk_widget_grab_focus (GTK_WIDGET (self->new_pin_entry));
}

static void
leave_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AduanKioskAdmin *self = ADUAN_KIOSK_ADMIN (widget);

  if (self->unlocked)
    g_signal_emit (self, signals[SIGNAL_LEAVE_KIOSK], 0);
}

static void
print_test_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  AduanKioskAdmin *self = ADUAN_KIOSK_ADMIN (widget);

  if (self->unlocked)
    g_signal_emit (self, signals[SIGNAL_PRINT_TEST], 0);
}

static void
close_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AduanKioskAdmin *self = ADUAN_KIOSK_ADMIN (widget);

  aduan_kiosk_admin_reset (self);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
}

static void
pin_activate_cb (AduanKioskAdmin *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "admin.unlock", NULL);
}

static void
choose_activate_cb (AduanKioskAdmin *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "admin.choose", NULL);
}

static void
aduan_kiosk_admin_dispose (GObject *object)
{
  AduanKioskAdmin *self = ADUAN_KIOSK_ADMIN (object);

  g_clear_object (&self->settings);
  /* The template's root is the bin's child: let AdwBin drop it first, or
   * AdwBin's own dispose unparents a child the template already did. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ADUAN_TYPE_KIOSK_ADMIN);

  G_OBJECT_CLASS (aduan_kiosk_admin_parent_class)->dispose (object);
}

static void
aduan_kiosk_admin_class_init (AduanKioskAdminClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aduan_kiosk_admin_dispose;

  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_LEAVE_KIOSK] =
    g_signal_new ("leave-kiosk", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_PRINT_TEST] =
    g_signal_new ("print-test", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/id/go/aduan/Aduan/ui/aduan-kiosk-admin.ui");
  gtk_widget_class_bind_template_child (widget_class, AduanKioskAdmin, admin_stack);
  gtk_widget_class_bind_template_child (widget_class, AduanKioskAdmin, pin_entry);
  gtk_widget_class_bind_template_child (widget_class, AduanKioskAdmin, pin_message);
  gtk_widget_class_bind_template_child (widget_class, AduanKioskAdmin, new_pin_entry);
  gtk_widget_class_bind_template_child (widget_class, AduanKioskAdmin, repeat_pin_entry);
  gtk_widget_class_bind_template_child (widget_class, AduanKioskAdmin, choose_message);
  gtk_widget_class_bind_template_callback (widget_class, pin_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_activate_cb);

  gtk_widget_class_install_action (widget_class, "admin.unlock", NULL, unlock_action_cb);
  gtk_widget_class_install_action (widget_class, "admin.choose", NULL, choose_action_cb);
  gtk_widget_class_install_action (widget_class, "admin.change-pin", NULL, change_pin_action_cb);
  gtk_widget_class_install_action (widget_class, "admin.leave", NULL, leave_action_cb);
  gtk_widget_class_install_action (widget_class, "admin.print-test", NULL, print_test_action_cb);
  gtk_widget_class_install_action (widget_class, "admin.close", NULL, close_action_cb);
}

static void
aduan_kiosk_admin_init (AduanKioskAdmin *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
aduan_kiosk_admin_set_settings (AduanKioskAdmin *self,
                                GSettings       *settings)
{
  g_return_if_fail (ADUAN_IS_KIOSK_ADMIN (self));

  g_set_object (&self->settings, settings);
  aduan_kiosk_admin_reset (self);
}

/**
 * aduan_kiosk_admin_reset:
 *
 * Locks again and forgets what was typed: each visit asks for the PIN.
 */
void
aduan_kiosk_admin_reset (AduanKioskAdmin *self)
{
  g_return_if_fail (ADUAN_IS_KIOSK_ADMIN (self));

  self->unlocked = FALSE;
  clear_entry (self->pin_entry);
  clear_entry (self->new_pin_entry);
  clear_entry (self->repeat_pin_entry);
  show_message (self->pin_message, NULL);
  show_message (self->choose_message, NULL);
  gtk_stack_set_visible_child_name (self->admin_stack, has_pin (self) ? "locked" : "choose");
}

gboolean
aduan_kiosk_admin_is_unlocked (AduanKioskAdmin *self)
{
  g_return_val_if_fail (ADUAN_IS_KIOSK_ADMIN (self), FALSE);

  return self->unlocked;
}
