/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "aduan-hub-writer.h"

/* More would make the first request of a batch wait for the last. */
#define MAX_BATCH 64

/**
 * AduanHubWriter:
 *
 * The one thread that writes to the hub's storage. Requests hand it jobs
 * and wait, paused, for the answer; meanwhile the main loop goes on
 * serving. Jobs that queue up while one transaction commits go into the
 * next transaction together, each in its own savepoint: a group commit,
 * so eight devices sending at once share one fsync instead of waiting for
 * eight, and no answer goes out before its data is on disk.
 */
struct _AduanHubWriter
{
  GObject          parent_instance;

  AduanHubStorage *storage;  /* (owned) used on the writer thread only */
  GAsyncQueue     *queue;    /* (owned) of Job, or the stop marker */
  GThread         *thread;   /* (owned) (nullable) */
};

G_DEFINE_FINAL_TYPE (AduanHubWriter, aduan_hub_writer, G_TYPE_OBJECT)

typedef struct
{
  GTask             *task;   /* (owned) */
  AduanHubWriteFunc  func;
  GError            *error;  /* (owned) (nullable) */
} Job;

static Job stop_marker;

/* Runs on the main context: the job's task, its data and the message in
 * it are only ever touched, and freed, there. */
static gboolean
complete_job_cb (gpointer data)
{
  Job *job = data;

  if (job->error != NULL)
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  else
    g_task_return_boolean (job->task, TRUE);

  g_object_unref (job->task);
  g_free (job);

  return G_SOURCE_REMOVE;
}

static void
finish_job (Job *job)
{
  g_main_context_invoke_full (g_task_get_context (job->task), G_PRIORITY_DEFAULT,
                              complete_job_cb, job, NULL);
}

static void
run_batch (AduanHubWriter *self,
           GPtrArray      *batch)
{
  g_autoptr(GError) error = NULL;

  if (!aduan_hub_storage_begin (self->storage, &error))
    {
      for (guint i = 0; i < batch->len; i++)
        ((Job *) g_ptr_array_index (batch, i))->error = g_error_copy (error);
      return;
    }

  for (guint i = 0; i < batch->len; i++)
    {
      Job *job = g_ptr_array_index (batch, i);

      if (!aduan_hub_storage_savepoint (self->storage, &job->error))
        continue;

      if (!job->func (self->storage, g_task_get_task_data (job->task), &job->error) ||
          !aduan_hub_storage_release_savepoint (self->storage, &job->error))
        aduan_hub_storage_rollback_to_savepoint (self->storage);
    }

  if (!aduan_hub_storage_commit (self->storage, &error))
    {
      aduan_hub_storage_rollback (self->storage);
      for (guint i = 0; i < batch->len; i++)
        {
          Job *job = g_ptr_array_index (batch, i);

          if (job->error == NULL)
            job->error = g_error_copy (error);
        }
    }
}

static gpointer
writer_thread (gpointer data)
{
  AduanHubWriter *self = data;
  gboolean stopping = FALSE;

  while (!stopping)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) finish_job);
      Job *job = g_async_queue_pop (self->queue);

      if (job == &stop_marker)
        break;
      g_ptr_array_add (batch, job);

      while (batch->len < MAX_BATCH && (job = g_async_queue_try_pop (self->queue)) != NULL)
        {
          if (job == &stop_marker)
            {
              stopping = TRUE;
              break;
            }
          g_ptr_array_add (batch, job);
        }

      run_batch (self, batch);
    }

  return NULL;
}

/**
 * aduan_hub_writer_stop:
 * @self: a writer
 *
 * Finishes the jobs already submitted and ends the thread. Jobs submitted
 * afterwards fail.
 */
void
aduan_hub_writer_stop (AduanHubWriter *self)
{
  g_return_if_fail (ADUAN_HUB_IS_WRITER (self));

  if (self->thread == NULL)
    return;

  g_async_queue_push (self->queue, &stop_marker);
  g_thread_join (g_steal_pointer (&self->thread));
}

static void
aduan_hub_writer_dispose (GObject *object)
{
  AduanHubWriter *self = ADUAN_HUB_WRITER (object);

  aduan_hub_writer_stop (self);
  g_clear_object (&self->storage);

  G_OBJECT_CLASS (aduan_hub_writer_parent_class)->dispose (object);
}

static void
aduan_hub_writer_finalize (GObject *object)
{
  AduanHubWriter *self = ADUAN_HUB_WRITER (object);

  g_async_queue_unref (self->queue);

  G_OBJECT_CLASS (aduan_hub_writer_parent_class)->finalize (object);
}

static void
aduan_hub_writer_class_init (AduanHubWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = aduan_hub_writer_dispose;
  object_class->finalize = aduan_hub_writer_finalize;
}

static void
aduan_hub_writer_init (AduanHubWriter *self)
{
  self->queue = g_async_queue_new ();
}

/**
 * aduan_hub_writer_new:
 * @storage: a storage connection the writer takes over; nobody else may
 *   use it afterwards
 *
 * Returns: (transfer full): a running writer
 */
AduanHubWriter *
aduan_hub_writer_new (AduanHubStorage *storage)
{
  AduanHubWriter *self;

  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (storage), NULL);

  self = g_object_new (ADUAN_HUB_TYPE_WRITER, NULL);
  self->storage = g_object_ref (storage);
  self->thread = g_thread_new ("aduan-hub-writer", writer_thread, self);

  return self;
}

/**
 * aduan_hub_writer_submit:
 * @self: a writer
 * @func: the write, run on the writer thread
 * @data: (transfer full): its data, also for the callback to read with
 *   g_task_get_task_data()
 * @destroy: frees @data once the callback has run
 * @callback: called on the current thread-default main context once the
 *   write is durable or failed
 * @user_data: for @callback
 *
 * Queues one write.
 */
void
aduan_hub_writer_submit (AduanHubWriter      *self,
                         AduanHubWriteFunc    func,
                         gpointer             data,
                         GDestroyNotify       destroy,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (ADUAN_HUB_IS_WRITER (self));
  g_return_if_fail (func != NULL);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, aduan_hub_writer_submit);
  g_task_set_task_data (task, data, destroy);

  if (self->thread == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, "The hub is shutting down");
      return;
    }

  job = g_new0 (Job, 1);
  job->task = g_steal_pointer (&task);
  job->func = func;
  g_async_queue_push (self->queue, job);
}

gboolean
aduan_hub_writer_submit_finish (AduanHubWriter  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
