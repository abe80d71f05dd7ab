/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ADUAN_TYPE_MAP_VIEW (aduan_map_view_get_type ())
G_DECLARE_FINAL_TYPE (AduanMapView, aduan_map_view, ADUAN, MAP_VIEW, GtkWidget)

GtkWidget *aduan_map_view_new           (void);
void       aduan_map_view_setup         (AduanMapView *self,
                                         GSettings    *settings);
void       aduan_map_view_show_position (AduanMapView *self,
                                         double        latitude,
                                         double        longitude,
                                         double        zoom_level);
void       aduan_map_view_set_picking   (AduanMapView *self,
                                         gboolean      picking);
void       aduan_map_view_get_center    (AduanMapView *self,
                                         double       *out_latitude,
                                         double       *out_longitude,
                                         double       *out_zoom_level);
gboolean   aduan_map_view_get_has_tiles (AduanMapView *self);
gboolean   aduan_map_view_get_offline   (AduanMapView *self);

G_END_DECLS
