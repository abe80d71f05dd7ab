/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "aduan-outbox.h"
#include "aduan-sync-engine.h"
#include "aduanctl-context.h"

/*
 * aduanctl sync: one pass, for scripts and timers. Exits 0 when nothing
 * is left to send, 1 otherwise with one line per problem on stderr (or
 * all of it as JSON on stdout).
 */

typedef struct
{
  GMainLoop  *loop;
  GError     *error;
  gboolean    done;
  gboolean    show_progress;
  char       *last_shown;
} SyncRun;

static void
sync_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncRun *run = user_data;

  aduan_sync_engine_sync_finish (ADUAN_SYNC_ENGINE (source), result, &run->error);
  run->done = TRUE;
  g_main_loop_quit (run->loop);
}

static gboolean
stop_cb (gpointer user_data)
{
  /* Stopped cleanly: what was sent is kept, and resumed next time. */
  aduan_sync_engine_stop (user_data);
  return G_SOURCE_CONTINUE;
}

static void
item_progress_cb (AduanSyncEngine    *engine,
                  const char         *uuid,
                  AduanSyncItemState  state,
                  double              fraction,
                  SyncRun            *run)
{
  if (!run->show_progress || state != ADUAN_SYNC_ITEM_SENDING)
    return;

  fprintf (stderr, "\r%.8s… %3d %%", uuid, (int) (fraction * 100));
  fflush (stderr);
  g_free (run->last_shown);
  run->last_shown = g_strdup (uuid);
}

static GHashTable *
outbox_uuids (GPtrArray *items)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; items != NULL && i < items->len; i++)
    g_hash_table_add (set, g_strdup (((AduanOutboxItem *) g_ptr_array_index (items, i))->complaint_uuid));

  return set;
}

static char *
problem_text (const AduanOutboxItem *item,
              const GError          *pass_error)
{
  if (item->sync_state == ADUAN_SYNC_STATE_FAILED)
    return g_strdup (item->last_error != NULL ? item->last_error : _("refused by the hub"));

  if (item->last_error != NULL)
    {
      g_autofree char *next = aduanctl_format_time (item->next_attempt_at);

      return g_strdup_printf (_("%s (tried %u times; next try %s)"), item->last_error, item->attempts, next);
    }

  if (pass_error != NULL)
    return g_strdup_printf (_("not sent yet: %s"), pass_error->message);

  return g_strdup (_("not sent yet"));
}

static void
print_json (guint      n_sent,
            GPtrArray *items,
            GError    *pass_error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  guint n_waiting = 0, n_failed = 0;

  for (guint i = 0; i < items->len; i++)
    {
      AduanOutboxItem *item = g_ptr_array_index (items, i);

      if (item->sync_state == ADUAN_SYNC_STATE_FAILED)
        n_failed++;
      else
        n_waiting++;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, pass_error == NULL && items->len == 0);
  json_builder_set_member_name (builder, "sent");
  json_builder_add_int_value (builder, n_sent);
  json_builder_set_member_name (builder, "waiting");
  json_builder_add_int_value (builder, n_waiting);
  json_builder_set_member_name (builder, "failed");
  json_builder_add_int_value (builder, n_failed);
  json_builder_set_member_name (builder, "error");
  if (pass_error != NULL)
    json_builder_add_string_value (builder, pass_error->message);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      AduanOutboxItem *item = g_ptr_array_index (items, i);
      g_autofree char *text = problem_text (item, pass_error);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "uuid");
      json_builder_add_string_value (builder, item->complaint_uuid);
      json_builder_set_member_name (builder, "tracking_code");
      json_builder_add_string_value (builder, item->tracking_code);
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, aduan_sync_state_to_string (item->sync_state));
      json_builder_set_member_name (builder, "attempts");
      json_builder_add_int_value (builder, item->attempts);
      json_builder_set_member_name (builder, "http_status");
      json_builder_add_int_value (builder, item->last_http_status);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, text);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  aduanctl_print_json (node);
}

int
aduanctl_command_sync (AduanctlContext  *context,
                       int               argc,
                       char            **argv)
{
  g_autoptr(AduanStore) store = NULL;
  g_autoptr(AduanSyncEngine) engine = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GHashTable) before_set = NULL;
  g_autoptr(GHashTable) after_set = NULL;
  g_autoptr(GError) error = NULL;
  gboolean due_only = FALSE;
  gboolean quiet = FALSE;
  int stall_timeout = 0, connect_timeout = 0;
  gint64 chunk_size = 0;
  guint n_sent = 0;
  guint term_id, int_id;
  SyncRun run = { 0 };
  GHashTableIter iter;
  gpointer key;
  int status;
  GOptionEntry entries[] = {
    { "due-only", 0, 0, G_OPTION_ARG_NONE, &due_only, N_("Leave out complaints whose next try (after a failure) is still to come, as a timer should"), NULL },
    { "stall-timeout", 0, 0, G_OPTION_ARG_INT, &stall_timeout, N_("Give up a transfer that made no progress for this long (default 15)"), N_("SECONDS") },
    { "connect-timeout", 0, 0, G_OPTION_ARG_INT, &connect_timeout, N_("Give up connecting after this long (default 10)"), N_("SECONDS") },
    { "chunk-size", 0, 0, G_OPTION_ARG_INT64, &chunk_size, N_("Send photos in checksummed pieces of this size (default: one streamed piece)"), N_("BYTES") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("No progress on the terminal"), NULL },
    { NULL }
  };

  if (!aduanctl_parse_options (context, entries, NULL,
                               _("Send the complaints waiting on this device to its hub, and read the hub’s news. "
                                 "Exits 0 when nothing is left to send."),
                               &argc, &argv, &status))
    return status;

  if (argc > 1)
    return aduanctl_usage_error (context, _("unexpected argument “%s”"), argv[1]);
  if (stall_timeout < 0 || stall_timeout > 600 || connect_timeout < 0 || connect_timeout > 600 ||
      chunk_size < 0 || chunk_size > G_MAXUINT32)
    return aduanctl_usage_error (context, _("--stall-timeout, --connect-timeout or --chunk-size is out of range"));

  store = aduanctl_open_store (context, FALSE, &error);
  if (store == NULL)
    return aduanctl_error (context, error);

  before = aduan_outbox_list (store, &error);
  if (before == NULL)
    return aduanctl_error (context, error);

  engine = aduan_sync_engine_new (store);
  aduan_sync_engine_set_timeouts (engine, (guint) connect_timeout, (guint) stall_timeout);
  aduan_sync_engine_set_chunk_size (engine, (guint64) chunk_size);

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.show_progress = !quiet && !context->json && isatty (STDERR_FILENO);
  g_signal_connect (engine, "item-progress", G_CALLBACK (item_progress_cb), &run);
  term_id = g_unix_signal_add (SIGTERM, stop_cb, engine);
  int_id = g_unix_signal_add (SIGINT, stop_cb, engine);

  aduan_sync_engine_sync_async (engine, due_only ? ADUAN_SYNC_FLAGS_DUE_ONLY : ADUAN_SYNC_FLAGS_NONE,
                                NULL, sync_done_cb, &run);
  if (!run.done)
    g_main_loop_run (loop);

  g_source_remove (term_id);
  g_source_remove (int_id);
  if (run.last_shown != NULL)
    fprintf (stderr, "\r%*s\r", 20, "");
  g_free (run.last_shown);

  after = aduan_outbox_list (store, &error);
  if (after == NULL)
    {
      g_clear_error (&run.error);
      return aduanctl_error (context, error);
    }

  before_set = outbox_uuids (before);
  after_set = outbox_uuids (after);
  g_hash_table_iter_init (&iter, before_set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (after_set, key))
      n_sent++;

  if (context->json)
    print_json (n_sent, after, run.error);
  else
    {
      guint n_failed = 0;

      for (guint i = 0; i < after->len; i++)
        if (((AduanOutboxItem *) g_ptr_array_index (after, i))->sync_state == ADUAN_SYNC_STATE_FAILED)
          n_failed++;

      g_print (_("%u sent, %u waiting, %u refused by the hub\n"), n_sent, after->len - n_failed, n_failed);

      if (run.error != NULL)
        aduanctl_error (context, run.error);

      for (guint i = 0; i < after->len; i++)
        {
          AduanOutboxItem *item = g_ptr_array_index (after, i);
          g_autofree char *text = problem_text (item, run.error);

          g_strdelimit (text, "\n\r", ' ');
          g_printerr ("aduanctl %s: %s: %s\n", context->command, item->tracking_code, text);
        }
    }

  status = run.error == NULL && after->len == 0 ? ADUANCTL_EXIT_OK : ADUANCTL_EXIT_ERROR;
  g_clear_error (&run.error);
  return status;
}
