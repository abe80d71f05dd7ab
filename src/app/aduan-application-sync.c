/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "aduan-application-private.h"

/*
 * The photo pipeline and the sync engine live as long as the application:
 * every window's form shares one pipeline (and so its limit on photos
 * decoded at once), and the engine sends complaints while the app runs,
 * whichever window saved them.
 */

AduanPhotoPipeline *
_aduan_application_make_photo_pipeline (AduanStore *store,
                                        GSettings  *settings)
{
  g_autoptr(AduanPhotoStore) photo_store = NULL;
  AduanPhotoPipeline *pipeline;

  g_assert (ADUAN_IS_STORE (store));

  photo_store = aduan_photo_store_new (aduan_store_get_data_dir (store));
  pipeline = aduan_photo_pipeline_new (photo_store);

  if (settings != NULL)
    {
      g_settings_bind (settings, "max-photos", pipeline, "max-photos", G_SETTINGS_BIND_GET);
      g_settings_bind (settings, "photo-long-edge", pipeline, "long-edge", G_SETTINGS_BIND_GET);
    }

  return pipeline;
}

static void
sync_automatically_cb (GSettings       *settings,
                       const char      *key,
                       AduanSyncEngine *engine)
{
  if (g_settings_get_boolean (settings, "sync-automatically"))
    aduan_sync_engine_start (engine);
  else
    aduan_sync_engine_stop (engine);
}

AduanSyncEngine *
_aduan_application_make_sync_engine (AduanStore *store,
                                     GSettings  *settings)
{
  AduanSyncEngine *engine;

  g_assert (ADUAN_IS_STORE (store));

  /* Nothing can be queued in a store that cannot be written. */
  if (aduan_store_is_read_only (store))
    return NULL;

  engine = aduan_sync_engine_new (store);
  /* The desktop's proxy settings, as the issue asks. */
  aduan_sync_engine_set_proxy_resolver (engine, g_proxy_resolver_get_default ());

  if (settings != NULL)
    {
      g_settings_bind (settings, "sync-interval", engine, "interval", G_SETTINGS_BIND_GET);
      g_signal_connect_object (settings, "changed::sync-automatically",
                               G_CALLBACK (sync_automatically_cb), engine, 0);
      sync_automatically_cb (settings, "sync-automatically", engine);
    }
  else
    aduan_sync_engine_start (engine);

  return engine;
}
