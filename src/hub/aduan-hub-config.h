/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ADUAN_HUB_DEFAULT_LISTEN              "127.0.0.1:8080"
#define ADUAN_HUB_DEFAULT_WORKING_DAYS        5
#define ADUAN_HUB_DEFAULT_TIMEZONE            "Asia/Jakarta"
#define ADUAN_HUB_DEFAULT_REQUESTS_PER_MINUTE 600
#define ADUAN_HUB_DEFAULT_MAX_BODY            (256 * 1024)
#define ADUAN_HUB_DEFAULT_MAX_CATALOG_BODY    (1024 * 1024)
#define ADUAN_HUB_DEFAULT_MAX_PHOTO_SIZE      ((gint64) 20 * 1024 * 1024)
#define ADUAN_HUB_DEFAULT_UPLOAD_EXPIRY       ((gint64) 3 * 24 * 3600 * G_USEC_PER_SEC)

/**
 * AduanHubConfig:
 * @data_dir: where the database, photos and unfinished uploads live
 * @listen: `HOST:PORT`; port 0 picks a free one
 * @tls_cert: (nullable): a PEM certificate; HTTPS when set
 * @tls_key: (nullable): its PEM private key
 * @working_days: follow-up deadline in working days
 * @holidays_file: (nullable): public holidays, one `YYYY-MM-DD` a line
 * @timezone: the zone working days are counted in
 * @requests_per_minute: per device (or per address without a token); 0
 *   for no limit
 * @max_body: largest JSON body accepted
 * @max_catalog_body: largest catalog an admin may upload
 * @max_photo_size: largest photo (Tus-Max-Size)
 * @upload_expiry: how long an unfinished upload is kept, microseconds
 *
 * How `aduan-hub serve` runs.
 */
typedef struct
{
  char   *data_dir;
  char   *listen;
  char   *tls_cert;
  char   *tls_key;
  guint   working_days;
  char   *holidays_file;
  char   *timezone;
  guint   requests_per_minute;
  gsize   max_body;
  gsize   max_catalog_body;
  gint64  max_photo_size;
  gint64  upload_expiry;
} AduanHubConfig;

AduanHubConfig *aduan_hub_config_new              (void);
void            aduan_hub_config_free             (AduanHubConfig *config);
char           *aduan_hub_config_default_data_dir (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanHubConfig, aduan_hub_config_free)

G_END_DECLS
