/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "aduan-kiosk-check.h"
#include "aduan-status-event.h"
#include "aduan-sync-http.h"
#include "aduan-tracking-code.h"

/*
 * "Check my report": a citizen types the code from their receipt and
 * sees how far the report has come, asked of the hub's public
 * GET /v1/track/{code} in a thread. The check character catches a
 * mistyped code before anything is asked; without the hub, a plain
 * message says where else to look.
 */

#define CHECK_TIMEOUT_S 10

struct _AduanKioskCheck
{
  AdwBin        parent_instance;

  GtkEntry     *code_entry;
  GtkButton    *check_go_button;
  GtkLabel     *check_result;
  GtkSpinner   *check_spinner;

  char         *hub_url;       /* (owned) (nullable) */
  GCancellable *cancellable;   /* (owned) (nullable) the question in flight */
};

G_DEFINE_FINAL_TYPE (AduanKioskCheck, aduan_kiosk_check, ADW_TYPE_BIN)

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char *url;
} Question;

static void
question_free (Question *question)
{
  g_free (question->url);
  g_free (question);
}

typedef struct
{
  guint                status;      /* HTTP */
  AduanComplaintStatus complaint_status;
  gboolean             known_status;
} Answer;

static void
ask_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Question *question = task_data;
  g_autoptr(AduanHttpClient) client = aduan_http_client_new ();
  g_autoptr(AduanHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  AduanHttpRequest request = ADUAN_HTTP_REQUEST_INIT;
  const char * const headers[] = { "Accept: application/json", NULL };
  Answer *answer;

  aduan_http_client_set_cancellable (client, cancellable);
  aduan_http_client_set_timeouts (client, CHECK_TIMEOUT_S, CHECK_TIMEOUT_S);
  aduan_http_client_set_proxy_resolver (client, g_proxy_resolver_get_default ());

  request.method = "GET";
  request.url = question->url;
  request.headers = headers;
  response = aduan_http_client_send (client, &request, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  answer = g_new0 (Answer, 1);
  answer->status = response->status;
  if (response->status == 200)
    {
      g_autoptr(JsonNode) node = aduan_http_response_get_json (response);

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        {
          const char *status = json_object_get_string_member_with_default (json_node_get_object (node),
                                                                           "status", NULL);

          answer->known_status = aduan_complaint_status_from_string (status, &answer->complaint_status);
        }
    }

  g_task_return_pointer (task, answer, g_free);
}

static void
show_result (AduanKioskCheck *self,
             const char      *text,
             gboolean         problem)
{
  gtk_spinner_stop (self->check_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->check_spinner), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_go_button), TRUE);
  gtk_label_set_label (self->check_result, text);
  gtk_widget_set_visible (GTK_WIDGET (self->check_result), text != NULL && *text != '\0');
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->check_result), "kiosk-error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->check_result), "kiosk-error");
}

static const char *
offline_text (void)
{
  return _("The kiosk cannot reach the complaint service right now. "
           "Please try again later, or ask an officer at the counter: "
           "your report is kept safely either way.");
}

static void
ask_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(AduanKioskCheck) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree Answer *answer = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);

  if (answer == NULL)
    {
      g_message ("Could not ask the hub for a status: %s", error->message);
      show_result (self, offline_text (), TRUE);
      return;
    }

  if (answer->status == 404)
    show_result (self, _("No report has this code yet. A report made a moment ago "
                         "reaches the service once the kiosk is online: try again later."), TRUE);
  else if (answer->status == 400)
    show_result (self, _("This code is not right. Check it against your receipt."), TRUE);
  else if (answer->status == 200 && answer->known_status)
    {
      /* Translators: %s is a status such as “Being followed up” */
      text = g_strdup_printf (_("Your report: %s"), aduan_complaint_status_get_label (answer->complaint_status));
      show_result (self, text, FALSE);
    }
  else
    {
      g_message ("The hub answered a status question with HTTP %u", answer->status);
      show_result (self, offline_text (), TRUE);
    }
}

static void
check_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AduanKioskCheck *self = ADUAN_KIOSK_CHECK (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *code = NULL;
  g_autofree char *base = NULL;
  Question *question;

  code = aduan_tracking_code_normalize (gtk_editable_get_text (GTK_EDITABLE (self->code_entry)), &error);
  if (code == NULL)
    {
      show_result (self, _("This code is not right. It has ten characters, like ABCD-2345X: "
                           "check it against your receipt."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->code_entry));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->code_entry), code);

  if (self->hub_url == NULL || *self->hub_url == '\0')
    {
      show_result (self, offline_text (), TRUE);
      return;
    }

  base = aduan_http_normalize_base_url (self->hub_url, &error);
  if (base == NULL)
    {
      g_message ("The kiosk's hub address cannot be used: %s", error->message);
      show_result (self, offline_text (), TRUE);
      return;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  question = g_new0 (Question, 1);
  question->url = g_strconcat (base, g_str_has_suffix (base, "/") ? "" : "/", "v1/track/", code, NULL);

  show_result (self, _("Asking…"), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->check_spinner), TRUE);
  gtk_spinner_start (self->check_spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_go_button), FALSE);

  task = g_task_new (NULL, self->cancellable, ask_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, check_action_cb);
  g_task_set_task_data (task, question, (GDestroyNotify) question_free);
  g_task_run_in_thread (task, ask_thread);
}

static void
close_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_FINISHED], 0);
}

static void
code_activate_cb (AduanKioskCheck *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "check.go", NULL);
}

static void
aduan_kiosk_check_dispose (GObject *object)
{
  AduanKioskCheck *self = ADUAN_KIOSK_CHECK (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* The template's root is the bin's child: let AdwBin drop it first, or
   * AdwBin's own dispose unparents a child the template already did. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ADUAN_TYPE_KIOSK_CHECK);

  G_OBJECT_CLASS (aduan_kiosk_check_parent_class)->dispose (object);
}

static void
aduan_kiosk_check_finalize (GObject *object)
{
  AduanKioskCheck *self = ADUAN_KIOSK_CHECK (object);

  g_free (self->hub_url);

  G_OBJECT_CLASS (aduan_kiosk_check_parent_class)->finalize (object);
}

static void
aduan_kiosk_check_class_init (AduanKioskCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aduan_kiosk_check_dispose;
  object_class->finalize = aduan_kiosk_check_finalize;

  /**
   * AduanKioskCheck::finished:
   *
   * The citizen is done here.
   */
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/id/go/aduan/Aduan/ui/aduan-kiosk-check.ui");
  gtk_widget_class_bind_template_child (widget_class, AduanKioskCheck, code_entry);
  gtk_widget_class_bind_template_child (widget_class, AduanKioskCheck, check_go_button);
  gtk_widget_class_bind_template_child (widget_class, AduanKioskCheck, check_result);
  gtk_widget_class_bind_template_child (widget_class, AduanKioskCheck, check_spinner);
  gtk_widget_class_bind_template_callback (widget_class, code_activate_cb);

  gtk_widget_class_install_action (widget_class, "check.go", NULL, check_action_cb);
  gtk_widget_class_install_action (widget_class, "check.close", NULL, close_action_cb);
}

static void
aduan_kiosk_check_init (AduanKioskCheck *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * aduan_kiosk_check_set_hub_url:
 * @hub_url: (nullable): the hub's public address
 */
void
aduan_kiosk_check_set_hub_url (AduanKioskCheck *self,
                               const char      *hub_url)
{
  g_return_if_fail (ADUAN_IS_KIOSK_CHECK (self));

  g_free (self->hub_url);
  self->hub_url = g_strdup (hub_url);
}

/**
 * aduan_kiosk_check_reset:
 *
 * Forgets the code typed and the answer shown, for the next citizen.
 */
void
aduan_kiosk_check_reset (AduanKioskCheck *self)
{
  g_return_if_fail (ADUAN_IS_KIOSK_CHECK (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_editable_set_text (GTK_EDITABLE (self->code_entry), "");
  show_result (self, "", FALSE);
}
