/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "aduan-error.h"
#include "aduan-photo-store.h"

/* Temporary files start with this; a crash can leave them behind and
 * aduan_photo_store_remove_temporaries() sweeps them. A SHA-256 name never
 * starts with a dot, so the two can never be confused. */
#define TEMPORARY_PREFIX ".tmp-"
#define HASH_CHUNK (64 * 1024)

/**
 * AduanPhotoStore:
 *
 * The folder of photos a device holds: each photo a JPEG named by the
 * SHA-256 of its bytes, next to a thumbnail of the same name. A file is
 * written under a temporary name, flushed to disk and renamed, and the
 * folder flushed, so a name that exists always holds the whole photo; do
 * this before the complaint that refers to it is saved.
 *
 * The store only knows its folder and never changes after construction,
 * so one instance may be used from several threads at once.
 */
struct _AduanPhotoStore
{
  GObject  parent_instance;

  char    *folder;            /* (owned) <data_dir>/photos */
  char    *thumbnail_folder;  /* (owned) <data_dir>/photos/thumbs */
};

G_DEFINE_FINAL_TYPE (AduanPhotoStore, aduan_photo_store, G_TYPE_OBJECT)

static void
aduan_photo_store_finalize (GObject *object)
{
  AduanPhotoStore *self = ADUAN_PHOTO_STORE (object);

  g_clear_pointer (&self->folder, g_free);
  g_clear_pointer (&self->thumbnail_folder, g_free);

  G_OBJECT_CLASS (aduan_photo_store_parent_class)->finalize (object);
}

static void
aduan_photo_store_class_init (AduanPhotoStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = aduan_photo_store_finalize;
}

static void
aduan_photo_store_init (AduanPhotoStore *self)
{
}

/**
 * aduan_photo_sha256_is_valid:
 * @sha256: (nullable): text to check
 *
 * Returns: %TRUE when @sha256 is 64 lower-case hex digits, the only names
 *   the store hands out or opens (so a name can never leave the folder)
 */
gboolean
aduan_photo_sha256_is_valid (const char *sha256)
{
  if (sha256 == NULL)
    return FALSE;

  for (guint i = 0; i < 64; i++)
    {
      if (!g_ascii_isxdigit (sha256[i]) || g_ascii_isupper (sha256[i]))
        return FALSE;
    }

  return sha256[64] == '\0';
}

/**
 * aduan_photo_store_new:
 * @data_dir: the data folder, as given to aduan_store_open()
 *
 * Creates nothing on disk until the first photo is added.
 *
 * Returns: (transfer full): the photo store under @data_dir
 */
AduanPhotoStore *
aduan_photo_store_new (const char *data_dir)
{
  AduanPhotoStore *self;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (ADUAN_TYPE_PHOTO_STORE, NULL);
  self->folder = g_build_filename (data_dir, ADUAN_PHOTO_STORE_FOLDER, NULL);
  self->thumbnail_folder = g_build_filename (self->folder, ADUAN_PHOTO_STORE_THUMBNAIL_FOLDER, NULL);

  return self;
}

/**
 * aduan_photo_store_get_folder:
 *
 * Returns: the folder holding the photos
 */
const char *
aduan_photo_store_get_folder (AduanPhotoStore *self)
{
  g_return_val_if_fail (ADUAN_IS_PHOTO_STORE (self), NULL);

  return self->folder;
}

/**
 * aduan_photo_store_get_path:
 * @sha256: a photo's SHA-256, as in #AduanPhotoRef
 *
 * Returns: (transfer full) (nullable): where the photo is or would be
 *   kept, or %NULL when @sha256 is not a valid name
 */
char *
aduan_photo_store_get_path (AduanPhotoStore *self,
                            const char      *sha256)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (ADUAN_IS_PHOTO_STORE (self), NULL);

  if (!aduan_photo_sha256_is_valid (sha256))
    return NULL;

  name = g_strconcat (sha256, ".jpg", NULL);
  return g_build_filename (self->folder, name, NULL);
}

/**
 * aduan_photo_store_get_thumbnail_path:
 * @sha256: the SHA-256 of the photo (not of the thumbnail)
 *
 * Returns: (transfer full) (nullable): where the photo's thumbnail is or
 *   would be kept, or %NULL when @sha256 is not a valid name
 */
char *
aduan_photo_store_get_thumbnail_path (AduanPhotoStore *self,
                                      const char      *sha256)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (ADUAN_IS_PHOTO_STORE (self), NULL);

  if (!aduan_photo_sha256_is_valid (sha256))
    return NULL;

  name = g_strconcat (sha256, ".jpg", NULL);
  return g_build_filename (self->thumbnail_folder, name, NULL);
}

/**
 * aduan_photo_store_contains:
 * @sha256: a photo's SHA-256
 *
 * Returns: %TRUE when the photo's file exists (its content is not checked;
 *   see aduan_photo_store_verify())
 */
gboolean
aduan_photo_store_contains (AduanPhotoStore *self,
                            const char      *sha256)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (ADUAN_IS_PHOTO_STORE (self), FALSE);

  path = aduan_photo_store_get_path (self, sha256);
  return path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static void
set_write_error (GError     **error,
                 int          saved_errno,
                 const char  *folder)
{
  int code;

  switch (saved_errno)
    {
    case ENOSPC:
    case EDQUOT:
      code = ADUAN_ERROR_DISK_FULL;
      break;
    case EROFS:
    case EACCES:
    case EPERM:
      code = ADUAN_ERROR_READ_ONLY;
      break;
    default:
      code = ADUAN_ERROR_STORAGE;
      break;
    }

  g_set_error (error, ADUAN_ERROR, code, _("Cannot save the photo in %s: %s"),
               folder, g_strerror (saved_errno));
}

static gboolean
sync_folder (const char  *folder,
             GError     **error)
{
  int fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  /* The rename is only durable once the folder's entry is on disk. */
  if (fd < 0 || fsync (fd) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      set_write_error (error, saved_errno, folder);
      return FALSE;
    }

  close (fd);
  return TRUE;
}

static gboolean
write_durably (const char  *folder,
               const char  *name,
               GBytes      *bytes,
               GError     **error)
{
  g_autofree char *temporary = g_build_filename (folder, TEMPORARY_PREFIX "XXXXXX", NULL);
  g_autofree char *final = g_build_filename (folder, name, NULL);
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  gsize done = 0;
  int saved_errno;
  int fd;

  fd = g_mkstemp_full (temporary, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_write_error (error, errno, folder);
      return FALSE;
    }

  while (done < length)
    {
      gssize n = write (fd, data + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto fail;
      done += (gsize) n;
    }

  if (fsync (fd) != 0)
    goto fail;
  if (close (fd) != 0)
    {
      fd = -1;
      goto fail;
    }
  fd = -1;

  if (rename (temporary, final) != 0)
    goto fail;

  return sync_folder (folder, error);

fail:
  saved_errno = errno;
  if (fd >= 0)
    close (fd);
  g_unlink (temporary);
  set_write_error (error, saved_errno, folder);
  return FALSE;
}

static char *
hash_file (const char    *path,
           gint64        *out_size,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (HASH_CHUNK);
  gint64 size = 0;

  input = g_file_read (file, cancellable, error);
  if (input == NULL)
    return NULL;

  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (input), buffer, HASH_CHUNK, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      g_checksum_update (checksum, buffer, n);
      size += n;
    }

  if (out_size != NULL)
    *out_size = size;
  return g_strdup (g_checksum_get_string (checksum));
}

static void
set_missing_error (GError     **error,
                   const char  *sha256)
{
  g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_NOT_FOUND,
               _("The photo %s is missing from the photo folder"), sha256);
}

/**
 * aduan_photo_store_add:
 * @jpeg: the photo's bytes, as the pipeline made them
 * @thumbnail: (nullable): its thumbnail
 * @cancellable: (nullable): checked before anything is written
 * @error: return location for an error: %ADUAN_ERROR_DISK_FULL,
 *   %ADUAN_ERROR_READ_ONLY or %ADUAN_ERROR_STORAGE
 *
 * Stores @jpeg under its SHA-256, durably: when this returns, a complaint
 * may refer to the photo. Adding a photo that is already stored and intact
 * writes nothing; a damaged copy is replaced. Blocks on the disk, so call
 * it from a worker thread (the pipeline does).
 *
 * Returns: (transfer full) (nullable): the reference to put in the
 *   complaint, or %NULL on error (no temporary file is left behind)
 */
AduanPhotoRef *
aduan_photo_store_add (AduanPhotoStore  *self,
                       GBytes           *jpeg,
                       GBytes           *thumbnail,
                       GCancellable     *cancellable,
                       GError          **error)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *thumbnail_path = NULL;
  gboolean intact = FALSE;

  g_return_val_if_fail (ADUAN_IS_PHOTO_STORE (self), NULL);
  g_return_val_if_fail (jpeg != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (g_mkdir_with_parents (self->thumbnail_folder, 0700) != 0)
    {
      set_write_error (error, errno, self->thumbnail_folder);
      return NULL;
    }

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, jpeg);
  name = g_strconcat (sha256, ".jpg", NULL);
  path = g_build_filename (self->folder, name, NULL);
  thumbnail_path = g_build_filename (self->thumbnail_folder, name, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *stored = hash_file (path, NULL, cancellable, NULL);

      intact = g_strcmp0 (stored, sha256) == 0;
    }

  /* The thumbnail goes first: whoever sees the photo can expect it. */
  if (thumbnail != NULL && (!intact || !g_file_test (thumbnail_path, G_FILE_TEST_EXISTS)) &&
      !write_durably (self->thumbnail_folder, name, thumbnail, error))
    return NULL;

  if (!intact && !write_durably (self->folder, name, jpeg, error))
    return NULL;

  return aduan_photo_ref_new (sha256, (gint64) g_bytes_get_size (jpeg), ADUAN_PHOTO_CONTENT_TYPE);
}

/**
 * aduan_photo_store_open_for_upload:
 * @sha256: a photo's SHA-256
 * @out_size: (out) (optional): the file's size in bytes
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error; %ADUAN_ERROR_NOT_FOUND when the
 *   photo is not stored
 *
 * Opens a stored photo for sending. The stream is seekable, so an upload
 * can resume from the offset the hub reports.
 *
 * Returns: (transfer full) (nullable): the photo's bytes
 */
GFileInputStream *
aduan_photo_store_open_for_upload (AduanPhotoStore  *self,
                                   const char       *sha256,
                                   gint64           *out_size,
                                   GCancellable     *cancellable,
                                   GError          **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (ADUAN_IS_PHOTO_STORE (self), NULL);

  path = aduan_photo_store_get_path (self, sha256);
  if (path == NULL)
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("photos.sha256: “%s” is not a SHA-256"), sha256 != NULL ? sha256 : "");
      return NULL;
    }

  file = g_file_new_for_path (path);
  input = g_file_read (file, cancellable, &local_error);
  if (input == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        set_missing_error (error, sha256);
      else
        g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_STORAGE,
                     _("Cannot read the photo %s: %s"), sha256, local_error->message);
      return NULL;
    }

  if (out_size != NULL)
    {
      info = g_file_input_stream_query_info (input, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, error);
      if (info == NULL)
        return NULL;
      *out_size = g_file_info_get_size (info);
    }

  return g_steal_pointer (&input);
}

/**
 * aduan_photo_store_verify:
 * @sha256: a photo's SHA-256
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error: %ADUAN_ERROR_NOT_FOUND when the
 *   file is missing, %ADUAN_PHOTO_ERROR_CHECKSUM when its bytes changed
 *
 * Reads the stored photo back and checks its SHA-256 against its name,
 * as the sync engine does before and the hub after an upload. Blocks.
 *
 * Returns: %TRUE when the photo is intact
 */
gboolean
aduan_photo_store_verify (AduanPhotoStore  *self,
                          const char       *sha256,
                          GCancellable     *cancellable,
                          GError          **error)
{
  g_autofree char *path = NULL;
  g_autofree char *stored = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (ADUAN_IS_PHOTO_STORE (self), FALSE);

  path = aduan_photo_store_get_path (self, sha256);
  if (path == NULL)
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("photos.sha256: “%s” is not a SHA-256"), sha256 != NULL ? sha256 : "");
      return FALSE;
    }

  stored = hash_file (path, NULL, cancellable, &local_error);
  if (stored == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        set_missing_error (error, sha256);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_STORAGE,
                     _("Cannot read the photo %s: %s"), sha256, local_error->message);
      return FALSE;
    }

  if (!g_str_equal (stored, sha256))
    {
      g_set_error (error, ADUAN_PHOTO_ERROR, ADUAN_PHOTO_ERROR_CHECKSUM,
                   _("The stored photo %s is damaged: its content no longer matches its checksum"), sha256);
      return FALSE;
    }

  return TRUE;
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (aduan_photo_store_verify (source_object, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * aduan_photo_store_verify_async:
 * @sha256: a photo's SHA-256
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Runs aduan_photo_store_verify() in a worker thread.
 */
void
aduan_photo_store_verify_async (AduanPhotoStore     *self,
                                const char          *sha256,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ADUAN_IS_PHOTO_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, aduan_photo_store_verify_async);
  g_task_set_task_data (task, g_strdup (sha256), g_free);
  g_task_run_in_thread (task, verify_thread);
}

/**
 * aduan_photo_store_verify_finish:
 *
 * Returns: %TRUE when the photo is intact
 */
gboolean
aduan_photo_store_verify_finish (AduanPhotoStore  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static guint
remove_temporaries_in (const char  *folder,
                       gint64       cutoff_usec,
                       GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;
  guint removed = 0;

  dir = g_dir_open (folder, 0, &local_error);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return 0;
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_STORAGE, "%s", local_error->message);
      return 0;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf buf;

      if (!g_str_has_prefix (name, TEMPORARY_PREFIX))
        continue;

      path = g_build_filename (folder, name, NULL);
      if (g_lstat (path, &buf) != 0 || !S_ISREG (buf.st_mode))
        continue;
      if ((gint64) buf.st_mtime * G_USEC_PER_SEC > cutoff_usec)
        continue;
      if (g_unlink (path) == 0)
        removed++;
    }

  return removed;
}

/**
 * aduan_photo_store_remove_temporaries:
 * @older_than: only files last written longer ago than this (so a photo
 *   being written right now by another thread or process is left alone)
 * @error: return location for an error
 *
 * Removes what a crash in the middle of writing a photo left behind. Call
 * it now and then, for instance when the app starts.
 *
 * Returns: how many files were removed
 */
guint
aduan_photo_store_remove_temporaries (AduanPhotoStore  *self,
                                      GTimeSpan         older_than,
                                      GError          **error)
{
  gint64 cutoff = g_get_real_time () - older_than;
  GError *local_error = NULL;
  guint removed;

  g_return_val_if_fail (ADUAN_IS_PHOTO_STORE (self), 0);

  removed = remove_temporaries_in (self->folder, cutoff, &local_error);
  if (local_error == NULL)
    removed += remove_temporaries_in (self->thumbnail_folder, cutoff, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);

  return removed;
}
