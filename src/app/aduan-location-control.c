/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "aduan-location-control.h"
#include "aduan-location-geoclue.h"
#include "aduan-location-gpsd.h"
#include "aduan-map-view.h"
#include "aduan-sync-labels.h"

/*
 * "Get Location" for the form: asks the source set in the preferences
 * (gpsd, GeoClue, either, or a fixed place) for one position and hands it
 * to the form (AduanLocationControl::fix-found). Under the button it says
 * where the position in the form came from, how accurate and how old it
 * is, and warns when it is worse than the preferences allow; the age is
 * brought up to date while the form is open.
 */

#define FIX_TIMEOUT_SECONDS 30
#define REFRESH_SECONDS 15
/* Where the map starts when nothing is known yet: all of Indonesia. */
#define COUNTRY_LATITUDE -2.5
#define COUNTRY_LONGITUDE 118.0
#define COUNTRY_ZOOM_LEVEL 5
#define PLACE_ZOOM_LEVEL 17
/* A place picked on a map is as good as the pin's size on screen. */
#define PIN_PIXELS 16

struct _AduanLocationControl
{
  GtkWidget              parent_instance;

  GSettings             *settings;     /* (owned) (nullable) */
  AduanLocationProvider *provider;     /* (owned) (nullable) asked now */
  GCancellable          *cancellable;  /* (owned) (nullable) while asking */
  AduanLocationFix      *fix;          /* (owned) (nullable) the one shown */
  gboolean               try_geoclue;  /* "auto": GeoClue after gpsd failed */
  guint                  refresh_id;
  GtkWindow             *map_window;   /* (unowned) (nullable) */
  AduanMapView          *map_view;     /* (unowned) (nullable) in map_window */

  GtkSpinner            *spinner;
  GtkWidget             *cancel_button;
  GtkLabel              *status_label;
  GtkLabel              *warning_label;
};

G_DEFINE_FINAL_TYPE (AduanLocationControl, aduan_location_control, GTK_TYPE_WIDGET)

enum {
  SIGNAL_FIX_FOUND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_status (AduanLocationControl *self,
            const char           *status)
{
  gtk_label_set_label (self->status_label, status != NULL ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), status != NULL && *status != '\0');
}

static void
set_warning (AduanLocationControl *self,
             const char           *warning)
{
  gtk_label_set_label (self->warning_label, warning != NULL ? warning : "");
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), warning != NULL && *warning != '\0');
}

static void
set_busy (AduanLocationControl *self,
          gboolean              busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (self->cancel_button, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "location.locate", !busy);
}

static AduanLocationPolicy
get_policy (AduanLocationControl *self)
{
  AduanLocationPolicy policy = ADUAN_LOCATION_POLICY_INIT;

  if (self->settings != NULL)
    {
      policy.max_accuracy_m = g_settings_get_double (self->settings, "location-max-accuracy");
      policy.max_age = (GTimeSpan) g_settings_get_uint (self->settings, "location-max-age") * G_USEC_PER_SEC;
    }

  return policy;
}

static void
refresh (AduanLocationControl *self)
{
  AduanLocationPolicy policy = get_policy (self);
  g_autofree char *description = NULL;
  g_autofree char *warning = NULL;
  gint64 now = g_get_real_time ();

  if (self->fix == NULL)
    {
      set_status (self, NULL);
      set_warning (self, NULL);
      return;
    }

  description = aduan_location_describe_fix (self->fix, now);
  aduan_location_fix_check (self->fix, &policy, now, &warning);
  set_status (self, description);
  set_warning (self, warning);
}

static gboolean
refresh_cb (gpointer user_data)
{
  refresh (ADUAN_LOCATION_CONTROL (user_data));

  return G_SOURCE_CONTINUE;
}

/**
 * aduan_location_control_show_fix:
 * @fix: (nullable): the position in the form, when it came from a source
 *   whose accuracy and age matter
 */
void
aduan_location_control_show_fix (AduanLocationControl   *self,
                                 const AduanLocationFix *fix)
{
  g_return_if_fail (ADUAN_IS_LOCATION_CONTROL (self));

  /* A question still out is not the answer to show. */
  if (self->cancellable != NULL && fix == NULL)
    return;

  g_clear_pointer (&self->fix, aduan_location_fix_free);
  if (fix != NULL)
    self->fix = aduan_location_fix_copy (fix);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->fix != NULL && self->fix->time > 0)
    {
      self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_cb, self);
      g_source_set_name_by_id (self->refresh_id, "[aduan] location age");
    }

  refresh (self);
}

static void
stop_provider (AduanLocationControl *self)
{
  if (self->provider != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->provider, self);
      aduan_location_provider_stop (self->provider);
      g_clear_object (&self->provider);
    }
}

static void
found (AduanLocationControl *self,
       AduanLocationFix     *fix)
{
  set_busy (self, FALSE);
  g_clear_object (&self->cancellable);
  aduan_location_control_show_fix (self, fix);
  g_signal_emit (self, signals[SIGNAL_FIX_FOUND], 0, fix);
}

static void
failed (AduanLocationControl *self,
        const char           *message)
{
  set_busy (self, FALSE);
  g_clear_object (&self->cancellable);
  set_status (self, NULL);
  set_warning (self, message);
}

static void start_geoclue (AduanLocationControl *self);

static void
wait_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AduanLocationControl) self = user_data;
  g_autoptr(AduanLocationFix) fix = NULL;
  g_autoptr(GError) error = NULL;

  fix = aduan_location_provider_wait_for_fix_finish (ADUAN_LOCATION_PROVIDER (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* One position is what the form needs; the receiver may rest. */
  stop_provider (self);

  if (fix != NULL)
    {
      found (self, fix);
      return;
    }

  if (self->try_geoclue && g_error_matches (error, ADUAN_LOCATION_ERROR, ADUAN_LOCATION_ERROR_UNAVAILABLE))
    {
      self->try_geoclue = FALSE;
      start_geoclue (self);
      return;
    }

  failed (self, error->message);
}

static void
provider_status_cb (AduanLocationControl  *self,
                    GParamSpec            *pspec,
                    AduanLocationProvider *provider)
{
  const char *status = aduan_location_provider_get_status (provider);

  if (status != NULL && *status != '\0')
    {
      set_status (self, status);
      set_warning (self, NULL);
    }
}

static void
wait_for (AduanLocationControl  *self,
          AduanLocationProvider *provider)
{
  self->provider = provider;
  g_signal_connect_object (provider, "notify::status", G_CALLBACK (provider_status_cb), self,
                           G_CONNECT_SWAPPED);
  aduan_location_provider_wait_for_fix_async (provider, FIX_TIMEOUT_SECONDS, self->cancellable,
                                              wait_done_cb, g_object_ref (self));
}

static void
system_bus_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AduanLocationControl) self = user_data;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_bus_get_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (connection == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The location service cannot be reached (%s). "
                                                    "Connect a GPS receiver, or type the coordinates."),
                                                  error->message);

      failed (self, message);
      return;
    }

  wait_for (self, aduan_location_geoclue_new (connection, APPLICATION_ID));
}

static void
start_geoclue (AduanLocationControl *self)
{
  set_status (self, _("Asking the location service…"));
  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, system_bus_cb, g_object_ref (self));
}

static void
start_gpsd (AduanLocationControl *self)
{
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;

  if (self->settings != NULL)
    {
      host = g_settings_get_string (self->settings, "gpsd-host");
      port = g_settings_get_string (self->settings, "gpsd-port");
    }

  set_status (self, _("Asking the GPS receiver…"));
  wait_for (self, aduan_location_gpsd_new (host != NULL && *host != '\0' ? host : ADUAN_LOCATION_GPSD_DEFAULT_HOST,
                                           port != NULL && *port != '\0' ? port : ADUAN_LOCATION_GPSD_DEFAULT_PORT));
}

static void
use_fixed (AduanLocationControl *self)
{
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GVariant) inner = NULL;
  g_autoptr(AduanLocationFix) fix = NULL;
  double latitude, longitude, accuracy;

  if (self->settings != NULL)
    value = g_settings_get_value (self->settings, "fixed-location");
  if (value != NULL)
    inner = g_variant_get_maybe (value);

  if (inner == NULL)
    {
      failed (self, _("No fixed location is set. Set it in Preferences, or choose another location source."));
      return;
    }

  g_variant_get (inner, "(ddd)", &latitude, &longitude, &accuracy);
  fix = aduan_location_fix_new_kiosk (latitude, longitude, accuracy);
  if (!aduan_location_fix_is_valid (fix))
    {
      failed (self, _("The fixed location in Preferences is not a place on Earth. Set it again."));
      return;
    }

  found (self, fix);
}

static void
locate_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AduanLocationControl *self = ADUAN_LOCATION_CONTROL (widget);
  g_autofree char *provider = NULL;

  aduan_location_control_cancel (self);

  provider = self->settings != NULL ? g_settings_get_string (self->settings, "location-provider")
                                    : g_strdup ("auto");
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  set_warning (self, NULL);

  if (g_strcmp0 (provider, "fixed") == 0)
    use_fixed (self);
  else if (g_strcmp0 (provider, "geoclue") == 0)
    start_geoclue (self);
  else
    {
      self->try_geoclue = g_strcmp0 (provider, "gpsd") != 0;
      start_gpsd (self);
    }
}

static void
use_picked_place_cb (GtkButton            *button,
                     AduanLocationControl *self)
{
  g_autoptr(AduanLocationFix) fix = NULL;
  double latitude, longitude, zoom_level, metres_per_pixel;

  if (self->map_view == NULL)
    return;

  aduan_map_view_get_center (self->map_view, &latitude, &longitude, &zoom_level);
  metres_per_pixel = 156543.03 * cos (latitude * G_PI / 180.0) / pow (2.0, zoom_level);
  fix = aduan_location_fix_new (ADUAN_LOCATION_SOURCE_MAP, latitude, longitude,
                                MAX (1.0, round (metres_per_pixel * PIN_PIXELS)),
                                g_get_real_time ());
  gtk_window_close (self->map_window);

  aduan_location_control_cancel (self);
  found (self, fix);
}

static void
cancel_pick_cb (GtkButton            *button,
                AduanLocationControl *self)
{
  if (self->map_window != NULL)
    gtk_window_close (self->map_window);
}

static void
pick_on_map_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  AduanLocationControl *self = ADUAN_LOCATION_CONTROL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *window, *box, *header, *cancel, *use, *map, *hint;
  double latitude = COUNTRY_LATITUDE, longitude = COUNTRY_LONGITUDE, zoom = COUNTRY_ZOOM_LEVEL;

  if (self->map_window != NULL)
    {
      gtk_window_present (self->map_window);
      return;
    }

  if (self->fix != NULL)
    {
      latitude = self->fix->latitude;
      longitude = self->fix->longitude;
      zoom = PLACE_ZOOM_LEVEL;
    }
  else if (self->settings != NULL)
    {
      g_autoptr(GVariant) value = g_settings_get_value (self->settings, "fixed-location");
      g_autoptr(GVariant) inner = g_variant_get_maybe (value);

      if (inner != NULL)
        {
          g_variant_get (inner, "(ddd)", &latitude, &longitude, NULL);
          zoom = PLACE_ZOOM_LEVEL;
        }
    }

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Pick the Place"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 560);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);

  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_widget_set_name (cancel, "pick_cancel_button");
  g_signal_connect_object (cancel, "clicked", G_CALLBACK (cancel_pick_cb), self, 0);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);

  use = gtk_button_new_with_mnemonic (_("_Use This Place"));
  gtk_widget_set_name (use, "pick_use_button");
  gtk_widget_add_css_class (use, "suggested-action");
  g_signal_connect_object (use, "clicked", G_CALLBACK (use_picked_place_cb), self, 0);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), use);
  gtk_box_append (GTK_BOX (box), header);

  hint = gtk_label_new (_("Move the map until the pin is on the place of the complaint."));
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_widget_set_margin_top (hint, 6);
  gtk_widget_set_margin_bottom (hint, 6);
  gtk_widget_set_margin_start (hint, 12);
  gtk_widget_set_margin_end (hint, 12);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_append (GTK_BOX (box), hint);

  map = aduan_map_view_new ();
  gtk_widget_set_name (map, "pick_map_view");
  gtk_widget_set_vexpand (map, TRUE);
  if (self->settings != NULL)
    aduan_map_view_setup (ADUAN_MAP_VIEW (map), self->settings);
  aduan_map_view_set_picking (ADUAN_MAP_VIEW (map), TRUE);
  aduan_map_view_show_position (ADUAN_MAP_VIEW (map), latitude, longitude, zoom);
  gtk_box_append (GTK_BOX (box), map);

  adw_window_set_content (ADW_WINDOW (window), box);

  self->map_window = GTK_WINDOW (window);
  self->map_view = ADUAN_MAP_VIEW (map);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->map_window);
  g_object_add_weak_pointer (G_OBJECT (map), (gpointer *) &self->map_view);
  gtk_window_present (GTK_WINDOW (window));
}

/**
 * aduan_location_control_cancel:
 *
 * Stops asking for a position.
 */
void
aduan_location_control_cancel (AduanLocationControl *self)
{
  g_return_if_fail (ADUAN_IS_LOCATION_CONTROL (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  stop_provider (self);
  set_busy (self, FALSE);
  refresh (self);
}

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  aduan_location_control_cancel (ADUAN_LOCATION_CONTROL (widget));
}

static void
aduan_location_control_dispose (GObject *object)
{
  AduanLocationControl *self = (AduanLocationControl *) object;
  GtkWidget *child;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  stop_provider (self);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->map_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->map_window), (gpointer *) &self->map_window);
      gtk_window_destroy (self->map_window);
      self->map_window = NULL;
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), ADUAN_TYPE_LOCATION_CONTROL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->fix, aduan_location_fix_free);

  G_OBJECT_CLASS (aduan_location_control_parent_class)->dispose (object);
}

static void
aduan_location_control_class_init (AduanLocationControlClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aduan_location_control_dispose;

  /**
   * AduanLocationControl::fix-found:
   * @fix: the position a source gave
   */
  signals[SIGNAL_FIX_FOUND] =
    g_signal_new ("fix-found", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ADUAN_TYPE_LOCATION_FIX | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class, "/id/go/aduan/Aduan/ui/aduan-location-control.ui");
  gtk_widget_class_bind_template_child (widget_class, AduanLocationControl, spinner);
  gtk_widget_class_bind_template_child (widget_class, AduanLocationControl, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, AduanLocationControl, status_label);
  gtk_widget_class_bind_template_child (widget_class, AduanLocationControl, warning_label);

  gtk_widget_class_install_action (widget_class, "location.locate", NULL, locate_action_cb);
  gtk_widget_class_install_action (widget_class, "location.cancel", NULL, cancel_action_cb);
  gtk_widget_class_install_action (widget_class, "location.pick-on-map", NULL, pick_on_map_action_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
aduan_location_control_init (AduanLocationControl *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
aduan_location_control_new (void)
{
  return g_object_new (ADUAN_TYPE_LOCATION_CONTROL, NULL);
}

/**
 * aduan_location_control_setup:
 * @settings: (nullable): where the source and the warning limits are set
 */
void
aduan_location_control_setup (AduanLocationControl *self,
                              GSettings            *settings)
{
  g_return_if_fail (ADUAN_IS_LOCATION_CONTROL (self));

  g_set_object (&self->settings, settings);
  refresh (self);
}
