/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include "aduan-webcam-capture.h"

/*
 * A live picture from a camera and a button to take a photo of it.
 *
 * GStreamer runs "SOURCE ! decodebin ! videoconvert ! RGBA ! appsink";
 * the source is a description a person or a test sets (`v4l2src`,
 * `v4l2src device=/dev/video2`, `videotestsrc`). The appsink keeps only
 * the newest frame; a tick callback on the main thread takes it and shows
 * it, so no GTK call ever happens on GStreamer's threads. "Take Photo"
 * encodes the frame on screen as a JPEG in a worker thread and emits
 * AduanWebcamCapture::captured; the photo pipeline does the rest, as for
 * any other photo.
 *
 * The camera runs only while the widget is mapped.
 */

#define CAPTURE_QUALITY "92"

struct _AduanWebcamCapture
{
  GtkWidget      parent_instance;

  char          *source_description;  /* (owned) */
  GstElement    *pipeline;            /* (owned) (nullable) */
  GstAppSink    *sink;                /* (owned) (nullable) */
  guint          bus_watch_id;
  guint          tick_id;
  GdkTexture    *frame;               /* (owned) (nullable) the newest frame */
  GCancellable  *cancellable;         /* (owned) an encoding in progress */
  gboolean       ready;

  GtkStack      *stack;
  GtkSpinner    *spinner;
  GtkPicture    *preview;
  AdwStatusPage *error_page;
};

G_DEFINE_FINAL_TYPE (AduanWebcamCapture, aduan_webcam_capture, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SOURCE_DESCRIPTION,
  PROP_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CAPTURED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_ready (AduanWebcamCapture *self,
           gboolean            ready)
{
  ready = !!ready;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "webcam.capture", ready);
  if (self->ready == ready)
    return;

  self->ready = ready;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
show_error (AduanWebcamCapture *self,
            const char         *message)
{
  g_autofree char *description = NULL;

  description = g_strdup_printf (_("%s\n\nCheck that a camera is connected and not used by another program. "
                                   "The camera is set in Preferences."),
                                 message);
  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->stack, "error");
  gtk_spinner_stop (self->spinner);
  set_ready (self, FALSE);

  g_signal_emit (self, signals[SIGNAL_FAILED], 0, message);
}

static GdkTexture *
texture_from_sample (GstSample *sample)
{
  GstCaps *caps = gst_sample_get_caps (sample);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstStructure *structure;
  GstMapInfo map;
  g_autoptr(GBytes) bytes = NULL;
  int width = 0, height = 0;
  gsize stride;

  if (caps == NULL || buffer == NULL)
    return NULL;

  structure = gst_caps_get_structure (caps, 0);
  if (!gst_structure_get_int (structure, "width", &width) ||
      !gst_structure_get_int (structure, "height", &height) ||
      width <= 0 || height <= 0)
    return NULL;

  /* RGBA rows are 4-byte aligned already: no padding. */
  stride = (gsize) width * 4;
  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return NULL;
  if (map.size >= stride * height)
    bytes = g_bytes_new (map.data, stride * height);
  gst_buffer_unmap (buffer, &map);

  if (bytes == NULL)
    return NULL;

  return gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8, bytes, stride);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  AduanWebcamCapture *self = ADUAN_WEBCAM_CAPTURE (widget);
  GstSample *sample;

  if (self->sink == NULL)
    return G_SOURCE_CONTINUE;

  sample = gst_app_sink_try_pull_sample (self->sink, 0);
  if (sample != NULL)
    {
      GdkTexture *texture = texture_from_sample (sample);

      gst_sample_unref (sample);
      if (texture != NULL)
        {
          g_clear_object (&self->frame);
          self->frame = texture;
          gtk_picture_set_paintable (self->preview, GDK_PAINTABLE (texture));
          if (!self->ready)
            {
              gtk_stack_set_visible_child_name (self->stack, "preview");
              gtk_spinner_stop (self->spinner);
              set_ready (self, TRUE);
            }
        }
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  AduanWebcamCapture *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &error, &debug);
        g_debug ("Camera: %s (%s)", error->message, debug != NULL ? debug : "");
        aduan_webcam_capture_stop (self);
        show_error (self, error->message);
        break;
      }

    case GST_MESSAGE_EOS:
      aduan_webcam_capture_stop (self);
      show_error (self, _("The camera stopped sending pictures."));
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

/**
 * aduan_webcam_capture_start:
 *
 * Starts the camera; done by itself when the widget is shown.
 */
void
aduan_webcam_capture_start (AduanWebcamCapture *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstElement *pipeline;
  GstElement *sink;

  g_return_if_fail (ADUAN_IS_WEBCAM_CAPTURE (self));

  if (self->pipeline != NULL)
    return;

  gtk_stack_set_visible_child_name (self->stack, "starting");
  gtk_spinner_start (self->spinner);
  set_ready (self, FALSE);

  if (!gst_init_check (NULL, NULL, &error))
    {
      show_error (self, error->message);
      return;
    }

  /* decodebin takes raw video as it is and decodes the MJPEG most USB
   * cameras send at higher resolutions. */
  description = g_strdup_printf ("%s ! decodebin ! videoconvert ! video/x-raw,format=RGBA "
                                 "! appsink name=sink max-buffers=1 drop=true",
                                 self->source_description);
  pipeline = gst_parse_launch (description, &error);
  if (pipeline == NULL || error != NULL)
    {
      if (pipeline != NULL)
        gst_object_unref (pipeline);
      show_error (self, error != NULL ? error->message : _("The camera could not be set up."));
      return;
    }

  self->pipeline = gst_object_ref_sink (pipeline);
  sink = gst_bin_get_by_name (GST_BIN (self->pipeline), "sink");
  self->sink = GST_APP_SINK (sink);

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch_id = gst_bus_add_watch (bus, bus_cb, self);
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      aduan_webcam_capture_stop (self);
      show_error (self, _("The camera could not be started."));
    }
}

/**
 * aduan_webcam_capture_stop:
 *
 * Releases the camera; done by itself when the widget is hidden.
 */
void
aduan_webcam_capture_stop (AduanWebcamCapture *self)
{
  g_return_if_fail (ADUAN_IS_WEBCAM_CAPTURE (self));

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  g_clear_handle_id (&self->bus_watch_id, g_source_remove);

  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      gst_clear_object (&self->sink);
      gst_clear_object (&self->pipeline);
    }

  set_ready (self, FALSE);
}

static void
encode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GdkTexture *texture = task_data;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guchar *pixels = NULL;
  g_autofree char *buffer = NULL;
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  gsize size = 0;

  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);

  /* gdk_texture_download() gives premultiplied BGRA/ARGB in native order:
   * swap to RGBA for gdk-pixbuf. The camera's frames are opaque. */
  for (gsize i = 0; i < stride * height; i += 4)
    {
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
      guchar b = pixels[i];

      pixels[i] = pixels[i + 2];
      pixels[i + 2] = b;
#else
      guchar a = pixels[i];

      pixels[i] = pixels[i + 1];
      pixels[i + 1] = pixels[i + 2];
      pixels[i + 2] = pixels[i + 3];
      pixels[i + 3] = a;
#endif
    }

  pixbuf = gdk_pixbuf_new_from_data (pixels, GDK_COLORSPACE_RGB, TRUE, 8,
                                     width, height, (int) stride, NULL, NULL);
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", &error,
                                  "quality", CAPTURE_QUALITY, NULL))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_bytes_new_take (g_steal_pointer (&buffer), size),
                         (GDestroyNotify) g_bytes_unref);
}

static void
encode_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AduanWebcamCapture *self = ADUAN_WEBCAM_CAPTURE (source);
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GError) error = NULL;

  jpeg = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "webcam.capture", self->ready);

  if (jpeg == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The photo could not be made: %s"), error->message);

      g_signal_emit (self, signals[SIGNAL_FAILED], 0, message);
      return;
    }

  g_signal_emit (self, signals[SIGNAL_CAPTURED], 0, jpeg);
}

/**
 * aduan_webcam_capture_capture:
 *
 * Takes the picture on screen: AduanWebcamCapture::captured follows.
 */
void
aduan_webcam_capture_capture (AduanWebcamCapture *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ADUAN_IS_WEBCAM_CAPTURE (self));

  if (self->frame == NULL || self->cancellable != NULL)
    return;

  self->cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "webcam.capture", FALSE);

  task = g_task_new (self, self->cancellable, encode_done_cb, NULL);
  g_task_set_source_tag (task, aduan_webcam_capture_capture);
  g_task_set_task_data (task, g_object_ref (self->frame), g_object_unref);
  g_task_run_in_thread (task, encode_thread);
}

static void
capture_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  aduan_webcam_capture_capture (ADUAN_WEBCAM_CAPTURE (widget));
}

static void
aduan_webcam_capture_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (aduan_webcam_capture_parent_class)->map (widget);

  aduan_webcam_capture_start (ADUAN_WEBCAM_CAPTURE (widget));
}

static void
aduan_webcam_capture_unmap (GtkWidget *widget)
{
  aduan_webcam_capture_stop (ADUAN_WEBCAM_CAPTURE (widget));

  GTK_WIDGET_CLASS (aduan_webcam_capture_parent_class)->unmap (widget);
}

static void
aduan_webcam_capture_dispose (GObject *object)
{
  AduanWebcamCapture *self = (AduanWebcamCapture *) object;
  GtkWidget *child;

  aduan_webcam_capture_stop (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->frame);

  gtk_widget_dispose_template (GTK_WIDGET (self), ADUAN_TYPE_WEBCAM_CAPTURE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (aduan_webcam_capture_parent_class)->dispose (object);
}

static void
aduan_webcam_capture_finalize (GObject *object)
{
  AduanWebcamCapture *self = (AduanWebcamCapture *) object;

  g_free (self->source_description);

  G_OBJECT_CLASS (aduan_webcam_capture_parent_class)->finalize (object);
}

static void
aduan_webcam_capture_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AduanWebcamCapture *self = ADUAN_WEBCAM_CAPTURE (object);

  switch (prop_id)
    {
    case PROP_SOURCE_DESCRIPTION:
      g_value_set_string (value, self->source_description);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aduan_webcam_capture_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  AduanWebcamCapture *self = ADUAN_WEBCAM_CAPTURE (object);

  switch (prop_id)
    {
    case PROP_SOURCE_DESCRIPTION:
      aduan_webcam_capture_set_source_description (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aduan_webcam_capture_class_init (AduanWebcamCaptureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aduan_webcam_capture_dispose;
  object_class->finalize = aduan_webcam_capture_finalize;
  object_class->get_property = aduan_webcam_capture_get_property;
  object_class->set_property = aduan_webcam_capture_set_property;

  widget_class->map = aduan_webcam_capture_map;
  widget_class->unmap = aduan_webcam_capture_unmap;

  /**
   * AduanWebcamCapture:source-description:
   *
   * The GStreamer source, as in gst-launch: `v4l2src`, `videotestsrc`…
   * A change applies the next time the camera starts.
   */
  properties[PROP_SOURCE_DESCRIPTION] =
    g_param_spec_string ("source-description", NULL, NULL, ADUAN_WEBCAM_DEFAULT_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  /**
   * AduanWebcamCapture:ready:
   *
   * A picture is on screen and can be taken.
   */
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AduanWebcamCapture::captured:
   * @jpeg: the photo, a JPEG file's bytes
   */
  signals[SIGNAL_CAPTURED] =
    g_signal_new ("captured", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BYTES);

  /**
   * AduanWebcamCapture::failed:
   * @message: what went wrong, for a person
   *
   * The camera could not be used, or a photo not made.
   */
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/id/go/aduan/Aduan/ui/aduan-webcam-capture.ui");
  gtk_widget_class_bind_template_child (widget_class, AduanWebcamCapture, stack);
  gtk_widget_class_bind_template_child (widget_class, AduanWebcamCapture, spinner);
  gtk_widget_class_bind_template_child (widget_class, AduanWebcamCapture, preview);
  gtk_widget_class_bind_template_child (widget_class, AduanWebcamCapture, error_page);

  gtk_widget_class_install_action (widget_class, "webcam.capture", NULL, capture_action_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
aduan_webcam_capture_init (AduanWebcamCapture *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "webcam.capture", FALSE);
}

/**
 * aduan_webcam_capture_new:
 * @source_description: (nullable): the GStreamer source, e.g. `v4l2src`
 *   or `videotestsrc`; %NULL for `v4l2src`
 */
GtkWidget *
aduan_webcam_capture_new (const char *source_description)
{
  return g_object_new (ADUAN_TYPE_WEBCAM_CAPTURE,
                       "source-description", source_description,
                       NULL);
}

const char *
aduan_webcam_capture_get_source_description (AduanWebcamCapture *self)
{
  g_return_val_if_fail (ADUAN_IS_WEBCAM_CAPTURE (self), NULL);

  return self->source_description;
}

void
aduan_webcam_capture_set_source_description (AduanWebcamCapture *self,
                                             const char         *source_description)
{
  g_return_if_fail (ADUAN_IS_WEBCAM_CAPTURE (self));

  if (source_description == NULL || *source_description == '\0')
    source_description = ADUAN_WEBCAM_DEFAULT_SOURCE;

  if (g_strcmp0 (self->source_description, source_description) == 0)
    return;

  g_free (self->source_description);
  self->source_description = g_strdup (source_description);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE_DESCRIPTION]);
}

gboolean
aduan_webcam_capture_get_ready (AduanWebcamCapture *self)
{
  g_return_val_if_fail (ADUAN_IS_WEBCAM_CAPTURE (self), FALSE);

  return self->ready;
}
