/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define ADUAN_TYPE_TILE_SOURCE (aduan_tile_source_get_type ())
G_DECLARE_FINAL_TYPE (AduanTileSource, aduan_tile_source, ADUAN, TILE_SOURCE, ShumateDataSource)

AduanTileSource *aduan_tile_source_new           (const char      *url_template);
const char      *aduan_tile_source_get_cache_dir (AduanTileSource *self);

G_END_DECLS
