/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "aduan-hub-storage.h"

/**
 * AduanHubStorage:
 *
 * The interface the hub's handlers store through. See
 * #AduanHubStorageInterface for the contract every back end keeps; the
 * functions below only dispatch to it.
 */

G_DEFINE_INTERFACE (AduanHubStorage, aduan_hub_storage, G_TYPE_OBJECT)

static void
aduan_hub_storage_default_init (AduanHubStorageInterface *iface)
{
}

gboolean
aduan_hub_storage_begin (AduanHubStorage  *self,
                         GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->begin (self, error);
}

gboolean
aduan_hub_storage_commit (AduanHubStorage  *self,
                          GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->commit (self, error);
}

void
aduan_hub_storage_rollback (AduanHubStorage *self)
{
  g_return_if_fail (ADUAN_HUB_IS_STORAGE (self));

  ADUAN_HUB_STORAGE_GET_IFACE (self)->rollback (self);
}

gboolean
aduan_hub_storage_savepoint (AduanHubStorage  *self,
                             GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->savepoint (self, error);
}

gboolean
aduan_hub_storage_release_savepoint (AduanHubStorage  *self,
                                     GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->release_savepoint (self, error);
}

void
aduan_hub_storage_rollback_to_savepoint (AduanHubStorage *self)
{
  g_return_if_fail (ADUAN_HUB_IS_STORAGE (self));

  ADUAN_HUB_STORAGE_GET_IFACE (self)->rollback_to_savepoint (self);
}

gboolean
aduan_hub_storage_add_enroll_code (AduanHubStorage  *self,
                                   const char       *code_hash,
                                   const char       *name,
                                   AduanHubRole      role,
                                   gint64            created_at,
                                   gint64            expires_at,
                                   GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->add_enroll_code (self, code_hash, name, role, created_at, expires_at, error);
}

gboolean
aduan_hub_storage_use_enroll_code (AduanHubStorage  *self,
                                   const char       *code_hash,
                                   gint64            now,
                                   char            **out_name,
                                   AduanHubRole     *out_role,
                                   GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->use_enroll_code (self, code_hash, now, out_name, out_role, error);
}

gboolean
aduan_hub_storage_add_device (AduanHubStorage       *self,
                              const AduanHubDevice  *device,
                              const char            *token_hash,
                              GError               **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->add_device (self, device, token_hash, error);
}

AduanHubDevice *
aduan_hub_storage_lookup_token (AduanHubStorage  *self,
                                const char       *token_hash,
                                GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->lookup_token (self, token_hash, error);
}

gboolean
aduan_hub_storage_revoke_device (AduanHubStorage  *self,
                                 const char       *device_id,
                                 gint64            now,
                                 GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->revoke_device (self, device_id, now, error);
}

GPtrArray *
aduan_hub_storage_list_devices (AduanHubStorage  *self,
                                GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->list_devices (self, error);
}

AduanHubRecord *
aduan_hub_storage_get_record (AduanHubStorage  *self,
                              const char       *uuid,
                              GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->get_record (self, uuid, error);
}

AduanHubRecord *
aduan_hub_storage_get_record_by_code (AduanHubStorage  *self,
                                      const char       *tracking_code,
                                      GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->get_record_by_code (self, tracking_code, error);
}

gboolean
aduan_hub_storage_add_record (AduanHubStorage       *self,
                              const AduanHubRecord  *record,
                              GError               **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->add_record (self, record, error);
}

gboolean
aduan_hub_storage_update_record_state (AduanHubStorage       *self,
                                       const AduanHubRecord  *record,
                                       GError               **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->update_record_state (self, record, error);
}

GPtrArray *
aduan_hub_storage_list_records (AduanHubStorage            *self,
                                const AduanHubRecordQuery  *query,
                                GError                    **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->list_records (self, query, error);
}

gboolean
aduan_hub_storage_foreach_summary (AduanHubStorage      *self,
                                   AduanHubSummaryFunc   func,
                                   gpointer              user_data,
                                   GError              **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->foreach_summary (self, func, user_data, error);
}

gboolean
aduan_hub_storage_add_event (AduanHubStorage   *self,
                             AduanStatusEvent  *event,
                             GError           **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->add_event (self, event, error);
}

GPtrArray *
aduan_hub_storage_list_events (AduanHubStorage  *self,
                               const char       *uuid,
                               GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->list_events (self, uuid, error);
}

GPtrArray *
aduan_hub_storage_list_changes (AduanHubStorage  *self,
                                const char       *device_id,
                                gint64            after_sequence,
                                guint             limit,
                                GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->list_changes (self, device_id, after_sequence, limit, error);
}

gboolean
aduan_hub_storage_add_photo (AduanHubStorage  *self,
                             const char       *sha256,
                             gint64            size,
                             const char       *content_type,
                             gint64            now,
                             GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->add_photo (self, sha256, size, content_type, now, error);
}

char *
aduan_hub_storage_get_photo_type (AduanHubStorage  *self,
                                  const char       *sha256,
                                  GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->get_photo_type (self, sha256, error);
}

gboolean
aduan_hub_storage_attach_photo (AduanHubStorage  *self,
                                const char       *uuid,
                                const char       *sha256,
                                GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->attach_photo (self, uuid, sha256, error);
}

GPtrArray *
aduan_hub_storage_list_attached_photos (AduanHubStorage  *self,
                                        const char       *uuid,
                                        GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->list_attached_photos (self, uuid, error);
}

gboolean
aduan_hub_storage_add_upload (AduanHubStorage       *self,
                              const AduanHubUpload  *upload,
                              GError               **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->add_upload (self, upload, error);
}

AduanHubUpload *
aduan_hub_storage_get_upload (AduanHubStorage  *self,
                              const char       *id,
                              GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->get_upload (self, id, error);
}

gboolean
aduan_hub_storage_complete_upload (AduanHubStorage  *self,
                                   const char       *id,
                                   gint64            now,
                                   GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->complete_upload (self, id, now, error);
}

gboolean
aduan_hub_storage_delete_upload (AduanHubStorage  *self,
                                 const char       *id,
                                 GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->delete_upload (self, id, error);
}

GPtrArray *
aduan_hub_storage_list_expired_uploads (AduanHubStorage  *self,
                                        gint64            now,
                                        GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->list_expired_uploads (self, now, error);
}

/**
 * aduan_hub_storage_get_survey:
 *
 * Returns: (transfer full) (nullable): the survey stored under @uuid;
 *   %NULL without @error set when there is none
 */
AduanSurvey *
aduan_hub_storage_get_survey (AduanHubStorage  *self,
                              const char       *uuid,
                              GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->get_survey (self, uuid, error);
}

/**
 * aduan_hub_storage_add_survey:
 * @device_id: the device that sent it
 * @received_at: when, UTC microseconds
 *
 * Stores a new survey; a UUID already stored is %ADUAN_ERROR_CONFLICT.
 */
gboolean
aduan_hub_storage_add_survey (AduanHubStorage   *self,
                              const AduanSurvey *survey,
                              const char        *device_id,
                              gint64             received_at,
                              GError           **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (survey != NULL && device_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->add_survey (self, survey, device_id, received_at, error);
}

/**
 * aduan_hub_storage_compute_ikm:
 * @out_ikm: (out): the index of every stored survey, finished
 *
 * The community satisfaction index (IKM) over all surveys.
 */
gboolean
aduan_hub_storage_compute_ikm (AduanHubStorage  *self,
                               AduanIkm         *out_ikm,
                               GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (out_ikm != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->compute_ikm (self, out_ikm, error);
}

char *
aduan_hub_storage_get_catalog (AduanHubStorage  *self,
                               char            **out_etag,
                               GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->get_catalog (self, out_etag, error);
}

gboolean
aduan_hub_storage_set_catalog (AduanHubStorage  *self,
                               const char       *json,
                               const char       *etag,
                               gint64            now,
                               GError          **error)
{
  g_return_val_if_fail (ADUAN_HUB_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ADUAN_HUB_STORAGE_GET_IFACE (self)->set_catalog (self, json, etag, now, error);
}
