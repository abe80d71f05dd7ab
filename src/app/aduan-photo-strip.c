/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "aduan-photo-strip.h"
#include "aduan-webcam-capture.h"

/*
 * The photos of the complaint in the form: thumbnails with a remove
 * button, "Add Photos…" (a file chooser), "Camera…" (a webcam window), and
 * whatever is dropped or pasted. Each photo goes through the photo
 * pipeline in its worker threads, so the form stays responsive; a photo
 * the pipeline refuses gets a message of its own under the strip, and
 * nothing of it is attached. The strip only shows; the form keeps the
 * photo references in its state and draft (AduanPhotoStrip::photo-added,
 * ::photo-removed).
 */

#define MAX_ERRORS_SHOWN 5
#define THUMBNAIL_SIZE 96

typedef struct
{
  AduanPhotoRef *ref;      /* (owned) */
  GtkWidget     *tile;     /* (unowned) the flow box child */
} Photo;

struct _AduanPhotoStrip
{
  GtkWidget           parent_instance;

  AduanPhotoPipeline *pipeline;     /* (owned) (nullable) */
  GSettings          *settings;     /* (owned) (nullable) */
  GPtrArray          *photos;       /* (owned) (element-type Photo) */
  GCancellable       *cancellable;  /* (owned) the imports under way */
  guint               n_pending;
  guint               batch_total;
  guint               batch_done;
  AduanPhotoImport   *offer;        /* (owned) (nullable) */
  GtkNativeDialog    *chooser;      /* (owned) (nullable) */
  GtkWindow          *webcam_window; /* (unowned) (nullable) */

  GtkFlowBox         *flow_box;
  GtkRevealer        *progress_revealer;
  GtkLabel           *progress_label;
  GtkProgressBar     *progress_bar;
  GtkBox             *errors_box;
  GtkRevealer        *offer_revealer;
  GtkLabel           *offer_label;
  GtkLabel           *count_label;
};

G_DEFINE_FINAL_TYPE (AduanPhotoStrip, aduan_photo_strip, GTK_TYPE_WIDGET)

enum {
  SIGNAL_PHOTO_ADDED,
  SIGNAL_PHOTO_REMOVED,
  SIGNAL_USE_PLACE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
photo_free (Photo *photo)
{
  aduan_photo_ref_free (photo->ref);
  g_free (photo);
}

static guint
max_photos (AduanPhotoStrip *self)
{
  return self->pipeline != NULL ? aduan_photo_pipeline_get_max_photos (self->pipeline) : ADUAN_MAX_PHOTOS;
}

static void
update_count (AduanPhotoStrip *self)
{
  g_autofree char *text = NULL;
  guint n = self->photos->len;
  guint max = max_photos (self);
  gboolean room = n + self->n_pending < max && self->pipeline != NULL;

  if (n > 0)
    /* Translators: photos attached, of how many a complaint may have */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u photo", "%u of %u photos", max), n, max);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Up to %u photo", "Up to %u photos", max), max);

  gtk_label_set_label (self->count_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->flow_box), n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photos.add-files", room);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photos.take-photo", room);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photos.paste", room);
}

static void
update_progress (AduanPhotoStrip *self)
{
  g_autofree char *text = NULL;

  if (self->n_pending == 0)
    {
      gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
      self->batch_total = self->batch_done = 0;
      return;
    }

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Preparing %u photo… You can go on with the form.",
                                       "Preparing %u photos… You can go on with the form.",
                                       self->n_pending),
                          self->n_pending);
  gtk_label_set_label (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 self->batch_total > 0 ? (double) self->batch_done / self->batch_total : 0);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
}

static void
dismiss_error_cb (GtkButton *button,
                  GtkWidget *row)
{
  GtkWidget *box = gtk_widget_get_parent (row);

  gtk_box_remove (GTK_BOX (box), row);
  if (gtk_widget_get_first_child (box) == NULL)
    gtk_widget_set_visible (box, FALSE);
}

/**
 * aduan_photo_strip_show_error:
 * @message: what went wrong with a photo, for a person
 *
 * Shows a message under the photos until it is dismissed or the form is
 * emptied.
 */
void
aduan_photo_strip_show_error (AduanPhotoStrip *self,
                              const char      *message)
{
  GtkWidget *row, *label, *button, *child;
  guint n = 0;

  g_return_if_fail (ADUAN_IS_PHOTO_STRIP (self));

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (row, "photo-error");

  label = gtk_label_new (message);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "field-error");
  gtk_box_append (GTK_BOX (row), label);

  button = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_tooltip_text (button, _("Dismiss"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Dismiss the message"),
                                  -1);
  g_signal_connect (button, "clicked", G_CALLBACK (dismiss_error_cb), row);
  gtk_box_append (GTK_BOX (row), button);

  gtk_box_append (self->errors_box, row);
  gtk_widget_set_visible (GTK_WIDGET (self->errors_box), TRUE);

  /* The newest few are enough. */
  for (child = gtk_widget_get_last_child (GTK_WIDGET (self->errors_box)); child != NULL;
       child = gtk_widget_get_prev_sibling (child))
    n++;
  while (n-- > MAX_ERRORS_SHOWN)
    gtk_box_remove (self->errors_box, gtk_widget_get_first_child (GTK_WIDGET (self->errors_box)));
}

static void
clear_errors (AduanPhotoStrip *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->errors_box))) != NULL)
    gtk_box_remove (self->errors_box, child);
  gtk_widget_set_visible (GTK_WIDGET (self->errors_box), FALSE);
}

static GdkTexture *
load_thumbnail (AduanPhotoStrip     *self,
                const AduanPhotoRef *ref,
                GBytes              *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GdkTexture *texture;

  if (bytes != NULL)
    {
      texture = gdk_texture_new_from_bytes (bytes, &error);
      if (texture != NULL)
        return texture;
    }

  if (self->pipeline == NULL)
    return NULL;

  path = aduan_photo_store_get_thumbnail_path (aduan_photo_pipeline_get_store (self->pipeline), ref->sha256);
  texture = gdk_texture_new_from_filename (path, &error);
  if (texture == NULL)
    g_debug ("No thumbnail for photo %s: %s", ref->sha256, error->message);

  return texture;
}

static GtkWidget *
make_tile (AduanPhotoStrip     *self,
           const AduanPhotoRef *ref,
           GBytes              *thumbnail,
           guint                number)
{
  g_autoptr(GdkTexture) texture = load_thumbnail (self, ref, thumbnail);
  g_autofree char *remove_label = NULL;
  g_autofree char *picture_label = NULL;
  GtkWidget *overlay, *picture, *button;

  overlay = gtk_overlay_new ();
  gtk_widget_add_css_class (overlay, "photo-tile");
  gtk_widget_set_size_request (overlay, THUMBNAIL_SIZE, THUMBNAIL_SIZE);

  if (texture != NULL)
    {
      picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
      gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
    }
  else
    picture = gtk_image_new_from_icon_name ("image-missing-symbolic");
  gtk_widget_set_size_request (picture, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  gtk_widget_set_overflow (picture, GTK_OVERFLOW_HIDDEN);
  gtk_widget_add_css_class (picture, "photo-thumbnail");
  picture_label = g_strdup_printf (_("Photo %u"), number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, picture_label,
                                  -1);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), picture);

  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_widget_set_margin_top (button, 4);
  gtk_widget_set_margin_end (button, 4);
  gtk_widget_add_css_class (button, "osd");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_tooltip_text (button, _("Remove the Photo"));
  remove_label = g_strdup_printf (_("Remove photo %u"), number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "photos.remove");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", ref->sha256);
  gtk_widget_set_name (button, "photo_remove_button");
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), button);

  return overlay;
}

static void
append_photo (AduanPhotoStrip     *self,
              const AduanPhotoRef *ref,
              GBytes              *thumbnail)
{
  Photo *photo = g_new0 (Photo, 1);

  photo->ref = aduan_photo_ref_copy (ref);
  photo->tile = make_tile (self, ref, thumbnail, self->photos->len + 1);
  gtk_flow_box_append (self->flow_box, photo->tile);
  g_ptr_array_add (self->photos, photo);
}

static void
hide_offer (AduanPhotoStrip *self)
{
  gtk_revealer_set_reveal_child (self->offer_revealer, FALSE);
  g_clear_pointer (&self->offer, aduan_photo_import_free);
}

static gboolean
has_photo (AduanPhotoStrip *self,
           const char      *sha256)
{
  for (guint i = 0; i < self->photos->len; i++)
    {
      Photo *photo = g_ptr_array_index (self->photos, i);

      if (g_str_equal (photo->ref->sha256, sha256))
        return TRUE;
    }

  return FALSE;
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AduanPhotoStrip) self = user_data;
  g_autoptr(AduanPhotoImport) import = NULL;
  g_autoptr(GError) error = NULL;

  import = aduan_photo_pipeline_import_finish (ADUAN_PHOTO_PIPELINE (source), result, &error);

  /* The form was emptied meanwhile: the photo belongs to no report. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_assert (self->n_pending > 0);
  self->n_pending--;
  self->batch_done++;

  if (import == NULL)
    aduan_photo_strip_show_error (self, error->message);
  else if (has_photo (self, import->ref->sha256))
    {
      g_autofree char *message = g_strdup_printf (_("%s: this photo is attached already."), import->source_name);

      aduan_photo_strip_show_error (self, message);
    }
  else
    {
      append_photo (self, import->ref, import->thumbnail);
      if (import->warning != NULL)
        {
          g_autofree char *message = g_strdup_printf ("%s: %s", import->source_name, import->warning);

          aduan_photo_strip_show_error (self, message);
        }
      g_signal_emit (self, signals[SIGNAL_PHOTO_ADDED], 0, import);
    }

  update_progress (self);
  update_count (self);
}

/* How many of @n_wanted fit under the limit; says so when not all do. */
static guint
room_for (AduanPhotoStrip *self,
          guint            n_wanted)
{
  g_autoptr(GError) error = NULL;
  guint attached = self->photos->len + self->n_pending;
  guint max = max_photos (self);
  guint room = attached < max ? max - attached : 0;

  if (aduan_photo_pipeline_check_count (self->pipeline, attached, n_wanted, &error))
    return n_wanted;

  aduan_photo_strip_show_error (self, error->message);
  return room;
}

static void
begin_imports (AduanPhotoStrip *self,
               guint            n)
{
  self->n_pending += n;
  self->batch_total += n;
  update_progress (self);
  update_count (self);
}

/**
 * aduan_photo_strip_add_files:
 * @files: (array length=n_files): photos a person chose, dropped or pasted
 *
 * Imports as many as fit under the limit, in the pipeline's threads.
 */
void
aduan_photo_strip_add_files (AduanPhotoStrip *self,
                             GFile * const   *files,
                             guint            n_files)
{
  guint n;

  g_return_if_fail (ADUAN_IS_PHOTO_STRIP (self));

  if (self->pipeline == NULL || n_files == 0)
    return;

  n = room_for (self, n_files);
  begin_imports (self, n);
  for (guint i = 0; i < n; i++)
    aduan_photo_pipeline_import_async (self->pipeline, files[i], self->cancellable,
                                       import_done_cb, g_object_ref (self));
}

/**
 * aduan_photo_strip_add_bytes:
 * @data: an image file's bytes, as from the camera or the clipboard
 * @name: what to call it in messages
 */
void
aduan_photo_strip_add_bytes (AduanPhotoStrip *self,
                             GBytes          *data,
                             const char      *name)
{
  g_return_if_fail (ADUAN_IS_PHOTO_STRIP (self));
  g_return_if_fail (data != NULL);

  if (self->pipeline == NULL || room_for (self, 1) == 0)
    return;

  begin_imports (self, 1);
  aduan_photo_pipeline_import_bytes_async (self->pipeline, data, name, self->cancellable,
                                           import_done_cb, g_object_ref (self));
}

static void
add_texture (AduanPhotoStrip *self,
             GdkTexture      *texture)
{
  g_autoptr(GBytes) png = gdk_texture_save_to_png_bytes (texture);

  aduan_photo_strip_add_bytes (self, png, _("Pasted image"));
}

/**
 * aduan_photo_strip_add_value:
 * @value: a #GdkFileList, a #GFile or a #GdkTexture, as dropped or pasted
 *
 * Returns: %TRUE when @value held something to import
 */
gboolean
aduan_photo_strip_add_value (AduanPhotoStrip *self,
                             const GValue    *value)
{
  g_return_val_if_fail (ADUAN_IS_PHOTO_STRIP (self), FALSE);

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GdkFileList *list = g_value_get_boxed (value);
      g_autoptr(GSList) files = list != NULL ? gdk_file_list_get_files (list) : NULL;
      g_autoptr(GPtrArray) array = g_ptr_array_new ();

      for (GSList *l = files; l != NULL; l = l->next)
        g_ptr_array_add (array, l->data);
      aduan_photo_strip_add_files (self, (GFile * const *) array->pdata, array->len);
      return array->len > 0;
    }

  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      GFile *file = g_value_get_object (value);

      if (file == NULL)
        return FALSE;
      aduan_photo_strip_add_files (self, &file, 1);
      return TRUE;
    }

  if (G_VALUE_HOLDS (value, GDK_TYPE_TEXTURE))
    {
      GdkTexture *texture = g_value_get_object (value);

      if (texture == NULL)
        return FALSE;
      add_texture (self, texture);
      return TRUE;
    }

  return FALSE;
}

static void
read_files_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AduanPhotoStrip) self = user_data;
  g_autoptr(GError) error = NULL;
  const GValue *value;

  value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (source), result, &error);
  if (value == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The files could not be pasted: %s"), error->message);

      aduan_photo_strip_show_error (self, message);
      return;
    }

  aduan_photo_strip_add_value (self, value);
}

static void
read_texture_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(AduanPhotoStrip) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, &error);
  if (texture == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The image could not be pasted: %s"), error->message);

      aduan_photo_strip_show_error (self, message);
      return;
    }

  add_texture (self, texture);
}

/**
 * aduan_photo_strip_paste:
 *
 * Attaches the photo files or the image on the clipboard.
 */
void
aduan_photo_strip_paste (AduanPhotoStrip *self)
{
  GdkClipboard *clipboard;
  GdkContentFormats *formats;

  g_return_if_fail (ADUAN_IS_PHOTO_STRIP (self));

  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));
  formats = gdk_clipboard_get_formats (clipboard);

  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST))
    gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT, NULL,
                                    read_files_cb, g_object_ref (self));
  else if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE))
    gdk_clipboard_read_texture_async (clipboard, NULL, read_texture_cb, g_object_ref (self));
  else
    aduan_photo_strip_show_error (self, _("There is no photo on the clipboard to paste."));
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     AduanPhotoStrip *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));
      aduan_photo_strip_add_files (self, (GFile * const *) array->pdata, array->len);
    }

  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->chooser);
}

static void
add_files_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  AduanPhotoStrip *self = ADUAN_PHOTO_STRIP (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) images = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (self->chooser);
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Add Photos"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);

  gtk_file_filter_set_name (images, _("Photos"));
  gtk_file_filter_add_mime_type (images, "image/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), images);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  self->chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (self->chooser);
}

static void
webcam_captured_cb (AduanPhotoStrip    *self,
                    GBytes             *jpeg,
                    AduanWebcamCapture *capture)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "camera-%Y%m%d-%H%M%S.jpg");

  aduan_photo_strip_add_bytes (self, jpeg, name);

  if (self->webcam_window != NULL)
    gtk_window_close (self->webcam_window);
}

static void
take_photo_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  AduanPhotoStrip *self = ADUAN_PHOTO_STRIP (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *source = NULL;
  GtkWidget *window, *box, *header, *capture;

  if (self->webcam_window != NULL)
    {
      gtk_window_present (self->webcam_window);
      return;
    }

  if (self->settings != NULL)
    source = g_settings_get_string (self->settings, "webcam-source");

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Take a Photo"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 540);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_widget_add_css_class (window, "webcam-window");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (box), header);

  capture = aduan_webcam_capture_new (source);
  gtk_widget_set_name (capture, "webcam_capture");
  gtk_widget_set_vexpand (capture, TRUE);
  gtk_widget_set_margin_top (capture, 12);
  gtk_widget_set_margin_bottom (capture, 18);
  gtk_widget_set_margin_start (capture, 12);
  gtk_widget_set_margin_end (capture, 12);
  g_signal_connect_object (capture, "captured", G_CALLBACK (webcam_captured_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), capture);

  adw_window_set_content (ADW_WINDOW (window), box);

  self->webcam_window = GTK_WINDOW (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->webcam_window);
  gtk_window_present (GTK_WINDOW (window));
}

static void
paste_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  aduan_photo_strip_paste (ADUAN_PHOTO_STRIP (widget));
}

static void
renumber (AduanPhotoStrip *self)
{
  /* Tiles name their photo by position, for screen readers. */
  for (guint i = 0; i < self->photos->len; i++)
    {
      Photo *photo = g_ptr_array_index (self->photos, i);
      GtkWidget *overlay = photo->tile;
      GtkWidget *child;
      g_autofree char *picture_label = g_strdup_printf (_("Photo %u"), i + 1);
      g_autofree char *remove_label = g_strdup_printf (_("Remove photo %u"), i + 1);

      child = gtk_overlay_get_child (GTK_OVERLAY (overlay));
      gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, picture_label, -1);
      for (GtkWidget *w = gtk_widget_get_first_child (overlay); w != NULL; w = gtk_widget_get_next_sibling (w))
        if (GTK_IS_BUTTON (w))
          gtk_accessible_update_property (GTK_ACCESSIBLE (w),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
    }
}

static void
remove_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AduanPhotoStrip *self = ADUAN_PHOTO_STRIP (widget);
  const char *sha256 = g_variant_get_string (parameter, NULL);

  for (guint i = 0; i < self->photos->len; i++)
    {
      Photo *photo = g_ptr_array_index (self->photos, i);

      if (g_str_equal (photo->ref->sha256, sha256))
        {
          g_autofree char *removed = g_strdup (sha256);

          gtk_flow_box_remove (self->flow_box, gtk_widget_get_parent (photo->tile));
          g_ptr_array_remove_index (self->photos, i);
          renumber (self);
          update_count (self);
          /* The file stays in the photo store: another report, or the
           * draft of this one, may refer to it. */
          g_signal_emit (self, signals[SIGNAL_PHOTO_REMOVED], 0, removed);
          return;
        }
    }
}

static void
use_place_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  AduanPhotoStrip *self = ADUAN_PHOTO_STRIP (widget);
  g_autoptr(AduanPhotoImport) offer = g_steal_pointer (&self->offer);

  hide_offer (self);
  if (offer != NULL)
    g_signal_emit (self, signals[SIGNAL_USE_PLACE], 0, offer);
}

static void
dismiss_offer_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  hide_offer (ADUAN_PHOTO_STRIP (widget));
}

/**
 * aduan_photo_strip_offer_place:
 * @import: a photo just attached whose EXIF holds a place or a time
 * @location: offer its location
 * @time: offer its time
 *
 * Asks whether the complaint should take the photo's location and time,
 * when the complaint has none.
 */
void
aduan_photo_strip_offer_place (AduanPhotoStrip        *self,
                               const AduanPhotoImport *import,
                               gboolean                location,
                               gboolean                time)
{
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (ADUAN_IS_PHOTO_STRIP (self));
  g_return_if_fail (import != NULL);

  if (!location && !time)
    return;

  if (import->taken_at > 0)
    {
      g_autoptr(GDateTime) date = g_date_time_new_from_unix_local (import->taken_at / G_USEC_PER_SEC);

      /* Translators: a date and time, as in strftime() */
      when = g_date_time_format (date, _("%-d %B %Y, %H:%M"));
    }

  if (location && time && when != NULL)
    /* Translators: %s is when the photo was taken */
    text = g_strdup_printf (_("This photo knows where it was taken, and when: %s."), when);
  else if (location)
    text = g_strdup (_("This photo knows where it was taken."));
  else
    text = g_strdup_printf (_("This photo knows when it was taken: %s."), when != NULL ? when : "?");

  g_clear_pointer (&self->offer, aduan_photo_import_free);
  self->offer = aduan_photo_import_copy (import);
  if (!location)
    self->offer->has_location = FALSE;
  if (!time)
    self->offer->taken_at = 0;

  gtk_label_set_label (self->offer_label, text);
  gtk_revealer_set_reveal_child (self->offer_revealer, TRUE);
}

/**
 * aduan_photo_strip_is_busy:
 *
 * Returns: %TRUE while photos are being prepared
 */
gboolean
aduan_photo_strip_is_busy (AduanPhotoStrip *self)
{
  g_return_val_if_fail (ADUAN_IS_PHOTO_STRIP (self), FALSE);

  return self->n_pending > 0;
}

/**
 * aduan_photo_strip_set_photos:
 * @refs: (nullable) (element-type AduanPhotoRef): the form's photos
 *
 * Shows @refs, as when the form is emptied or a draft restored; photos
 * still being prepared for the report before are dropped.
 */
void
aduan_photo_strip_set_photos (AduanPhotoStrip *self,
                              GPtrArray       *refs)
{
  GtkWidget *child;

  g_return_if_fail (ADUAN_IS_PHOTO_STRIP (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->n_pending = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->flow_box))) != NULL)
    gtk_flow_box_remove (self->flow_box, child);
  g_ptr_array_set_size (self->photos, 0);

  for (guint i = 0; refs != NULL && i < refs->len; i++)
    append_photo (self, g_ptr_array_index (refs, i), NULL);

  clear_errors (self);
  hide_offer (self);
  update_progress (self);
  update_count (self);
}

static void
aduan_photo_strip_dispose (GObject *object)
{
  AduanPhotoStrip *self = (AduanPhotoStrip *) object;
  GtkWidget *child;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  if (self->webcam_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->webcam_window), (gpointer *) &self->webcam_window);
      gtk_window_destroy (self->webcam_window);
      self->webcam_window = NULL;
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), ADUAN_TYPE_PHOTO_STRIP);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->pipeline);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->offer, aduan_photo_import_free);

  G_OBJECT_CLASS (aduan_photo_strip_parent_class)->dispose (object);
}

static void
aduan_photo_strip_finalize (GObject *object)
{
  AduanPhotoStrip *self = (AduanPhotoStrip *) object;

  g_clear_pointer (&self->photos, g_ptr_array_unref);

  G_OBJECT_CLASS (aduan_photo_strip_parent_class)->finalize (object);
}

static void
aduan_photo_strip_class_init (AduanPhotoStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aduan_photo_strip_dispose;
  object_class->finalize = aduan_photo_strip_finalize;

  /**
   * AduanPhotoStrip::photo-added:
   * @import: the photo, stored, with what its EXIF said
   */
  signals[SIGNAL_PHOTO_ADDED] =
    g_signal_new ("photo-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ADUAN_TYPE_PHOTO_IMPORT | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * AduanPhotoStrip::photo-removed:
   * @sha256: the photo a person removed
   */
  signals[SIGNAL_PHOTO_REMOVED] =
    g_signal_new ("photo-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * AduanPhotoStrip::use-place:
   * @import: the photo whose location and time (what was offered) the
   *   complaint should take
   */
  signals[SIGNAL_USE_PLACE] =
    g_signal_new ("use-place", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ADUAN_TYPE_PHOTO_IMPORT | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class, "/id/go/aduan/Aduan/ui/aduan-photo-strip.ui");
  gtk_widget_class_bind_template_child (widget_class, AduanPhotoStrip, flow_box);
  gtk_widget_class_bind_template_child (widget_class, AduanPhotoStrip, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, AduanPhotoStrip, progress_label);
  gtk_widget_class_bind_template_child (widget_class, AduanPhotoStrip, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AduanPhotoStrip, errors_box);
  gtk_widget_class_bind_template_child (widget_class, AduanPhotoStrip, offer_revealer);
  gtk_widget_class_bind_template_child (widget_class, AduanPhotoStrip, offer_label);
  gtk_widget_class_bind_template_child (widget_class, AduanPhotoStrip, count_label);

  gtk_widget_class_install_action (widget_class, "photos.add-files", NULL, add_files_action_cb);
  gtk_widget_class_install_action (widget_class, "photos.take-photo", NULL, take_photo_action_cb);
  gtk_widget_class_install_action (widget_class, "photos.paste", NULL, paste_action_cb);
  gtk_widget_class_install_action (widget_class, "photos.remove", "s", remove_action_cb);
  gtk_widget_class_install_action (widget_class, "photos.use-place", NULL, use_place_action_cb);
  gtk_widget_class_install_action (widget_class, "photos.dismiss-offer", NULL, dismiss_offer_action_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "photostrip");
}

static void
aduan_photo_strip_init (AduanPhotoStrip *self)
{
  self->photos = g_ptr_array_new_with_free_func ((GDestroyNotify) photo_free);
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  update_count (self);
}

GtkWidget *
aduan_photo_strip_new (void)
{
  return g_object_new (ADUAN_TYPE_PHOTO_STRIP, NULL);
}

/**
 * aduan_photo_strip_setup:
 * @pipeline: (nullable): what prepares photos; %NULL disables adding them
 * @settings: (nullable): where the webcam source is set
 */
void
aduan_photo_strip_setup (AduanPhotoStrip    *self,
                         AduanPhotoPipeline *pipeline,
                         GSettings          *settings)
{
  g_return_if_fail (ADUAN_IS_PHOTO_STRIP (self));

  g_set_object (&self->pipeline, pipeline);
  g_set_object (&self->settings, settings);
  update_count (self);
}
