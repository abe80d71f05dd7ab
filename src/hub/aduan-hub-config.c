/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "aduan-hub-config.h"

/**
 * aduan_hub_config_new:
 *
 * Returns: (transfer full): the defaults
 */
AduanHubConfig *
aduan_hub_config_new (void)
{
  AduanHubConfig *config = g_new0 (AduanHubConfig, 1);

  config->data_dir = aduan_hub_config_default_data_dir ();
  config->listen = g_strdup (ADUAN_HUB_DEFAULT_LISTEN);
  config->working_days = ADUAN_HUB_DEFAULT_WORKING_DAYS;
  config->timezone = g_strdup (ADUAN_HUB_DEFAULT_TIMEZONE);
  config->requests_per_minute = ADUAN_HUB_DEFAULT_REQUESTS_PER_MINUTE;
  config->max_body = ADUAN_HUB_DEFAULT_MAX_BODY;
  config->max_catalog_body = ADUAN_HUB_DEFAULT_MAX_CATALOG_BODY;
  config->max_photo_size = ADUAN_HUB_DEFAULT_MAX_PHOTO_SIZE;
  config->upload_expiry = ADUAN_HUB_DEFAULT_UPLOAD_EXPIRY;

  return config;
}

void
aduan_hub_config_free (AduanHubConfig *config)
{
  if (config == NULL)
    return;

  g_free (config->data_dir);
  g_free (config->listen);
  g_free (config->tls_cert);
  g_free (config->tls_key);
  g_free (config->holidays_file);
  g_free (config->timezone);
  g_free (config);
}

/**
 * aduan_hub_config_default_data_dir:
 *
 * Returns: (transfer full): `$ADUAN_HUB_DATA_DIR`, or `aduan-hub` in the
 *   user's data folder
 */
char *
aduan_hub_config_default_data_dir (void)
{
  const char *dir = g_getenv ("ADUAN_HUB_DATA_DIR");

  if (dir != NULL && *dir != '\0')
    return g_strdup (dir);

  return g_build_filename (g_get_user_data_dir (), "aduan-hub", NULL);
}
