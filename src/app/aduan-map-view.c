/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "aduan-format.h"
#include "aduan-map-view.h"
#include "aduan-tile-source.h"

/*
 * A map of one position: the complaint's, on the detail view, or the one
 * a person picks (the middle of the map, under a pin) in the form. Tiles
 * come through AduanTileSource, so places seen once show again without a
 * connection; when no tile at all can be shown, the map says so in words
 * and gives the coordinates instead of a blank grey square. The tile
 * server and its credit are settings (map-tile-url, map-tile-attribution).
 */

#define OSM_COPYRIGHT_URI "https://www.openstreetmap.org/copyright"

struct _AduanMapView
{
  GtkWidget           parent_instance;

  GSettings          *settings;       /* (owned) (nullable) */
  AduanTileSource    *tile_source;    /* (owned) (nullable) */
  ShumateMarkerLayer *marker_layer;   /* (unowned) held by the map */
  ShumateMarker      *marker;         /* (owned) */
  guint               n_loaded;
  guint               n_failed;
  double              latitude;
  double              longitude;
  gboolean            has_position;
  gboolean            picking;

  ShumateSimpleMap   *simple_map;
  GtkWidget          *crosshair;
  AdwStatusPage      *offline_page;
};

G_DEFINE_FINAL_TYPE (AduanMapView, aduan_map_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_HAS_TILES,
  PROP_OFFLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_offline (AduanMapView *self)
{
  gboolean offline = aduan_map_view_get_offline (self);

  if (offline)
    {
      g_autofree char *where = aduan_format_coordinates (self->latitude, self->longitude, -1);
      g_autofree char *description =
        /* Translators: %s is a position, e.g. "-7.62980, 111.52390" */
        g_strdup_printf (_("The map of this place has not been kept on this device, and there is "
                           "no connection to fetch it. The position is %s."), where);

      adw_status_page_set_description (self->offline_page, description);
    }

  /* Words instead of an empty grey square; the map comes back with the
   * next position shown. */
  gtk_widget_set_visible (GTK_WIDGET (self->offline_page), offline);
  gtk_widget_set_visible (GTK_WIDGET (self->simple_map), !offline);
  gtk_widget_set_visible (self->crosshair, self->picking && !offline);
}

static void
tile_loaded_cb (AduanMapView    *self,
                gboolean         ok,
                AduanTileSource *source)
{
  gboolean had_tiles = self->n_loaded > 0;
  gboolean was_offline = aduan_map_view_get_offline (self);

  if (ok)
    self->n_loaded++;
  else
    self->n_failed++;

  if (had_tiles != (self->n_loaded > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_TILES]);
  if (was_offline != aduan_map_view_get_offline (self))
    {
      update_offline (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
    }
}

static void
reset_counts (AduanMapView *self)
{
  gboolean had_tiles = self->n_loaded > 0;
  gboolean was_offline = aduan_map_view_get_offline (self);

  self->n_loaded = self->n_failed = 0;
  update_offline (self);
  if (had_tiles)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_TILES]);
  if (was_offline)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
}

static void
load_source (AduanMapView *self)
{
  g_autoptr(ShumateRasterRenderer) renderer = NULL;
  g_autofree char *url = NULL;
  g_autofree char *attribution = NULL;

  if (self->tile_source != NULL)
    g_signal_handlers_disconnect_by_data (self->tile_source, self);
  g_clear_object (&self->tile_source);

  url = g_settings_get_string (self->settings, "map-tile-url");
  attribution = g_settings_get_string (self->settings, "map-tile-attribution");
  self->tile_source = aduan_tile_source_new (url);
  g_signal_connect_object (self->tile_source, "tile-loaded", G_CALLBACK (tile_loaded_cb), self,
                           G_CONNECT_SWAPPED);

  renderer = shumate_raster_renderer_new_full ("aduan-map", _("Map"), attribution,
                                               strstr (url, "openstreetmap.org") != NULL
                                               ? OSM_COPYRIGHT_URI : NULL,
                                               0, 19, 256, SHUMATE_MAP_PROJECTION_MERCATOR,
                                               SHUMATE_DATA_SOURCE (self->tile_source));
  reset_counts (self);
  shumate_simple_map_set_map_source (self->simple_map, SHUMATE_MAP_SOURCE (renderer));

  /* A new map source's layer goes on top: the pin must stay above it. */
  g_object_ref (self->marker_layer);
  shumate_simple_map_remove_overlay_layer (self->simple_map, SHUMATE_LAYER (self->marker_layer));
  shumate_simple_map_add_overlay_layer (self->simple_map, SHUMATE_LAYER (self->marker_layer));
  g_object_unref (self->marker_layer);
}

static void
tile_settings_changed_cb (AduanMapView *self,
                          const char   *key,
                          GSettings    *settings)
{
  load_source (self);
}

static void
viewport_moved_cb (AduanMapView    *self,
                   GParamSpec      *pspec,
                   ShumateViewport *viewport)
{
  /* What the person sees now may be a place whose tiles are missing. */
  if (self->picking)
    {
      self->latitude = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
      self->longitude = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
    }
}

static void
aduan_map_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AduanMapView *self = ADUAN_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_HAS_TILES:
      g_value_set_boolean (value, aduan_map_view_get_has_tiles (self));
      break;
    case PROP_OFFLINE:
      g_value_set_boolean (value, aduan_map_view_get_offline (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aduan_map_view_dispose (GObject *object)
{
  AduanMapView *self = (AduanMapView *) object;
  GtkWidget *child;

  if (self->tile_source != NULL)
    g_signal_handlers_disconnect_by_data (self->tile_source, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), ADUAN_TYPE_MAP_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->marker);
  g_clear_object (&self->tile_source);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (aduan_map_view_parent_class)->dispose (object);
}

static void
aduan_map_view_class_init (AduanMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = aduan_map_view_get_property;
  object_class->dispose = aduan_map_view_dispose;

  /**
   * AduanMapView:has-tiles:
   *
   * Whether a tile of the map could be shown since the position was set.
   */
  properties[PROP_HAS_TILES] =
    g_param_spec_boolean ("has-tiles", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AduanMapView:offline:
   *
   * Whether no tile could be shown, neither from the cache nor the server;
   * the view then says so instead of showing an empty map.
   */
  properties[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Tile servers (OpenStreetMap's among them) ask clients to say who they
   * are. */
  shumate_set_user_agent ("Aduan/" PACKAGE_VERSION " (" APPLICATION_ID ")");

  g_type_ensure (SHUMATE_TYPE_SIMPLE_MAP);
  gtk_widget_class_set_template_from_resource (widget_class, "/id/go/aduan/Aduan/ui/aduan-map-view.ui");
  gtk_widget_class_bind_template_child (widget_class, AduanMapView, simple_map);
  gtk_widget_class_bind_template_child (widget_class, AduanMapView, crosshair);
  gtk_widget_class_bind_template_child (widget_class, AduanMapView, offline_page);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mapview");
}

static GtkWidget *
make_pin (const char *label)
{
  GtkWidget *pin = gtk_image_new_from_icon_name ("mark-location-symbolic");

  gtk_image_set_pixel_size (GTK_IMAGE (pin), 32);
  /* The pin's tip, not its middle, is on the place. */
  gtk_widget_set_margin_bottom (pin, 32);
  gtk_widget_add_css_class (pin, "map-marker");
  gtk_accessible_update_property (GTK_ACCESSIBLE (pin), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  return pin;
}

static void
aduan_map_view_init (AduanMapView *self)
{
  ShumateViewport *viewport;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_set_margin_bottom (self->crosshair, 32);

  viewport = shumate_simple_map_get_viewport (self->simple_map);
  self->marker_layer = shumate_marker_layer_new (viewport);
  shumate_simple_map_add_overlay_layer (self->simple_map, SHUMATE_LAYER (self->marker_layer));

  self->marker = g_object_ref_sink (shumate_marker_new ());
  shumate_marker_set_child (self->marker, make_pin (_("The complaint’s position")));
  gtk_widget_set_visible (GTK_WIDGET (self->marker), FALSE);
  shumate_marker_layer_add_marker (self->marker_layer, self->marker);

  g_signal_connect_object (viewport, "notify::latitude", G_CALLBACK (viewport_moved_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::longitude", G_CALLBACK (viewport_moved_cb), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
aduan_map_view_new (void)
{
  return g_object_new (ADUAN_TYPE_MAP_VIEW, NULL);
}

/**
 * aduan_map_view_setup:
 * @settings: where the tile server and its credit are set
 */
void
aduan_map_view_setup (AduanMapView *self,
                      GSettings    *settings)
{
  g_return_if_fail (ADUAN_IS_MAP_VIEW (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_set_object (&self->settings, settings);
  g_signal_connect_object (settings, "changed::map-tile-url", G_CALLBACK (tile_settings_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::map-tile-attribution",
                           G_CALLBACK (tile_settings_changed_cb), self, G_CONNECT_SWAPPED);
  load_source (self);
}

/**
 * aduan_map_view_show_position:
 * @zoom_level: 0 for the whole world, 19 for a house
 *
 * Centres the map on a position and, unless a place is being picked,
 * marks it with a pin.
 */
void
aduan_map_view_show_position (AduanMapView *self,
                              double        latitude,
                              double        longitude,
                              double        zoom_level)
{
  ShumateViewport *viewport;

  g_return_if_fail (ADUAN_IS_MAP_VIEW (self));

  self->latitude = latitude;
  self->longitude = longitude;
  self->has_position = TRUE;

  viewport = shumate_simple_map_get_viewport (self->simple_map);
  shumate_viewport_set_zoom_level (viewport, zoom_level);
  shumate_map_center_on (shumate_simple_map_get_map (self->simple_map), latitude, longitude);
  shumate_location_set_location (SHUMATE_LOCATION (self->marker), latitude, longitude);
  gtk_widget_set_visible (GTK_WIDGET (self->marker), !self->picking);

  reset_counts (self);
}

/**
 * aduan_map_view_set_picking:
 * @picking: whether the person picks a place by moving the map under a pin
 */
void
aduan_map_view_set_picking (AduanMapView *self,
                            gboolean      picking)
{
  g_return_if_fail (ADUAN_IS_MAP_VIEW (self));

  self->picking = picking;
  gtk_widget_set_visible (self->crosshair, picking);
  gtk_widget_set_visible (GTK_WIDGET (self->marker), !picking && self->has_position);
}

/**
 * aduan_map_view_get_center:
 * @out_latitude: (out): the middle of the map
 * @out_longitude: (out)
 * @out_zoom_level: (out) (optional)
 */
void
aduan_map_view_get_center (AduanMapView *self,
                           double       *out_latitude,
                           double       *out_longitude,
                           double       *out_zoom_level)
{
  ShumateViewport *viewport;

  g_return_if_fail (ADUAN_IS_MAP_VIEW (self));

  viewport = shumate_simple_map_get_viewport (self->simple_map);
  *out_latitude = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  *out_longitude = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  if (out_zoom_level != NULL)
    *out_zoom_level = shumate_viewport_get_zoom_level (viewport);
}

gboolean
aduan_map_view_get_has_tiles (AduanMapView *self)
{
  g_return_val_if_fail (ADUAN_IS_MAP_VIEW (self), FALSE);

  return self->n_loaded > 0;
}

gboolean
aduan_map_view_get_offline (AduanMapView *self)
{
  g_return_val_if_fail (ADUAN_IS_MAP_VIEW (self), FALSE);

  return self->n_loaded == 0 && self->n_failed > 0;
}
