/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "aduan-hub-device.h"
#include "aduan-hub-record.h"
#include "aduan-hub-upload.h"
#include "aduan-status-event.h"
#include "aduan-survey.h"

G_BEGIN_DECLS

#define ADUAN_HUB_TYPE_STORAGE (aduan_hub_storage_get_type ())
G_DECLARE_INTERFACE (AduanHubStorage, aduan_hub_storage, ADUAN_HUB, STORAGE, GObject)

/**
 * AduanHubStorageInterface:
 *
 * Where the hub keeps its data. The handlers only ever talk to this
 * interface, so a PostgreSQL back end can sit beside the SQLite one.
 *
 * One instance is one connection and is used from one thread at a time.
 * Every method is one transaction of its own unless called between
 * begin() and commit(); "not found" is %NULL without an error, failures
 * are #AduanError (%ADUAN_ERROR_CONFLICT for a clashing key) or
 * #AduanHubError.
 */
struct _AduanHubStorageInterface
{
  GTypeInterface parent_iface;

  /* Transactions; savepoints let one failing write in a group commit
   * be undone without undoing the others. */
  gboolean         (*begin)                  (AduanHubStorage  *self,
                                              GError          **error);
  gboolean         (*commit)                 (AduanHubStorage  *self,
                                              GError          **error);
  void             (*rollback)               (AduanHubStorage  *self);
  gboolean         (*savepoint)              (AduanHubStorage  *self,
                                              GError          **error);
  gboolean         (*release_savepoint)      (AduanHubStorage  *self,
                                              GError          **error);
  void             (*rollback_to_savepoint)  (AduanHubStorage  *self);

  /* Enrollment and tokens: only SHA-256 hashes of secrets are stored. */
  gboolean         (*add_enroll_code)        (AduanHubStorage  *self,
                                              const char       *code_hash,
                                              const char       *name,
                                              AduanHubRole      role,
                                              gint64            created_at,
                                              gint64            expires_at,
                                              GError          **error);
  gboolean         (*use_enroll_code)        (AduanHubStorage  *self,
                                              const char       *code_hash,
                                              gint64            now,
                                              char            **out_name,
                                              AduanHubRole     *out_role,
                                              GError          **error);
  gboolean         (*add_device)             (AduanHubStorage      *self,
                                              const AduanHubDevice *device,
                                              const char           *token_hash,
                                              GError              **error);
  AduanHubDevice * (*lookup_token)           (AduanHubStorage  *self,
                                              const char       *token_hash,
                                              GError          **error);
  gboolean         (*revoke_device)          (AduanHubStorage  *self,
                                              const char       *device_id,
                                              gint64            now,
                                              GError          **error);
  GPtrArray *      (*list_devices)           (AduanHubStorage  *self,
                                              GError          **error);

  /* Complaints and their workflow. */
  AduanHubRecord * (*get_record)             (AduanHubStorage  *self,
                                              const char       *uuid,
                                              GError          **error);
  AduanHubRecord * (*get_record_by_code)     (AduanHubStorage  *self,
                                              const char       *tracking_code,
                                              GError          **error);
  gboolean         (*add_record)             (AduanHubStorage      *self,
                                              const AduanHubRecord *record,
                                              GError              **error);
  gboolean         (*update_record_state)    (AduanHubStorage      *self,
                                              const AduanHubRecord *record,
                                              GError              **error);
  GPtrArray *      (*list_records)           (AduanHubStorage           *self,
                                              const AduanHubRecordQuery *query,
                                              GError                   **error);
  gboolean         (*foreach_summary)        (AduanHubStorage      *self,
                                              AduanHubSummaryFunc   func,
                                              gpointer              user_data,
                                              GError              **error);
  gboolean         (*add_event)              (AduanHubStorage  *self,
                                              AduanStatusEvent *event,
                                              GError          **error);
  GPtrArray *      (*list_events)            (AduanHubStorage  *self,
                                              const char       *uuid,
                                              GError          **error);
  GPtrArray *      (*list_changes)           (AduanHubStorage  *self,
                                              const char       *device_id,
                                              gint64            after_sequence,
                                              guint             limit,
                                              GError          **error);

  /* Photos, stored once per SHA-256 whatever refers to them. */
  gboolean         (*add_photo)              (AduanHubStorage  *self,
                                              const char       *sha256,
                                              gint64            size,
                                              const char       *content_type,
                                              gint64            now,
                                              GError          **error);
  char *           (*get_photo_type)         (AduanHubStorage  *self,
                                              const char       *sha256,
                                              GError          **error);
  gboolean         (*attach_photo)           (AduanHubStorage  *self,
                                              const char       *uuid,
                                              const char       *sha256,
                                              GError          **error);
  GPtrArray *      (*list_attached_photos)   (AduanHubStorage  *self,
                                              const char       *uuid,
                                              GError          **error);

  /* tus uploads. */
  gboolean         (*add_upload)             (AduanHubStorage      *self,
                                              const AduanHubUpload *upload,
                                              GError              **error);
  AduanHubUpload * (*get_upload)             (AduanHubStorage  *self,
                                              const char       *id,
                                              GError          **error);
  gboolean         (*complete_upload)        (AduanHubStorage  *self,
                                              const char       *id,
                                              gint64            now,
                                              GError          **error);
  gboolean         (*delete_upload)          (AduanHubStorage  *self,
                                              const char       *id,
                                              GError          **error);
  GPtrArray *      (*list_expired_uploads)   (AduanHubStorage  *self,
                                              gint64            now,
                                              GError          **error);

  /* Satisfaction surveys (SKM): stored once per UUID. */
  AduanSurvey *    (*get_survey)             (AduanHubStorage   *self,
                                              const char        *uuid,
                                              GError           **error);
  gboolean         (*add_survey)             (AduanHubStorage   *self,
                                              const AduanSurvey *survey,
                                              const char        *device_id,
                                              gint64             received_at,
                                              GError           **error);
  gboolean         (*compute_ikm)            (AduanHubStorage   *self,
                                              AduanIkm          *out_ikm,
                                              GError           **error);

  /* The catalog the hub serves, as JSON text with its ETag. */
  char *           (*get_catalog)            (AduanHubStorage  *self,
                                              char            **out_etag,
                                              GError          **error);
  gboolean         (*set_catalog)            (AduanHubStorage  *self,
                                              const char       *json,
                                              const char       *etag,
                                              gint64            now,
                                              GError          **error);
};

gboolean         aduan_hub_storage_begin                 (AduanHubStorage  *self,
                                                          GError          **error);
gboolean         aduan_hub_storage_commit                (AduanHubStorage  *self,
                                                          GError          **error);
void             aduan_hub_storage_rollback              (AduanHubStorage  *self);
gboolean         aduan_hub_storage_savepoint             (AduanHubStorage  *self,
                                                          GError          **error);
gboolean         aduan_hub_storage_release_savepoint     (AduanHubStorage  *self,
                                                          GError          **error);
void             aduan_hub_storage_rollback_to_savepoint (AduanHubStorage  *self);

gboolean         aduan_hub_storage_add_enroll_code       (AduanHubStorage  *self,
                                                          const char       *code_hash,
                                                          const char       *name,
                                                          AduanHubRole      role,
                                                          gint64            created_at,
                                                          gint64            expires_at,
                                                          GError          **error);
gboolean         aduan_hub_storage_use_enroll_code       (AduanHubStorage  *self,
                                                          const char       *code_hash,
                                                          gint64            now,
                                                          char            **out_name,
                                                          AduanHubRole     *out_role,
                                                          GError          **error);
gboolean         aduan_hub_storage_add_device            (AduanHubStorage      *self,
                                                          const AduanHubDevice *device,
                                                          const char           *token_hash,
                                                          GError              **error);
AduanHubDevice  *aduan_hub_storage_lookup_token          (AduanHubStorage  *self,
                                                          const char       *token_hash,
                                                          GError          **error);
gboolean         aduan_hub_storage_revoke_device         (AduanHubStorage  *self,
                                                          const char       *device_id,
                                                          gint64            now,
                                                          GError          **error);
GPtrArray       *aduan_hub_storage_list_devices          (AduanHubStorage  *self,
                                                          GError          **error);

AduanHubRecord  *aduan_hub_storage_get_record            (AduanHubStorage  *self,
                                                          const char       *uuid,
                                                          GError          **error);
AduanHubRecord  *aduan_hub_storage_get_record_by_code    (AduanHubStorage  *self,
                                                          const char       *tracking_code,
                                                          GError          **error);
gboolean         aduan_hub_storage_add_record            (AduanHubStorage      *self,
                                                          const AduanHubRecord *record,
                                                          GError              **error);
gboolean         aduan_hub_storage_update_record_state   (AduanHubStorage      *self,
                                                          const AduanHubRecord *record,
                                                          GError              **error);
GPtrArray       *aduan_hub_storage_list_records          (AduanHubStorage           *self,
                                                          const AduanHubRecordQuery *query,
                                                          GError                   **error);
gboolean         aduan_hub_storage_foreach_summary       (AduanHubStorage      *self,
                                                          AduanHubSummaryFunc   func,
                                                          gpointer              user_data,
                                                          GError              **error);
gboolean         aduan_hub_storage_add_event             (AduanHubStorage  *self,
                                                          AduanStatusEvent *event,
                                                          GError          **error);
GPtrArray       *aduan_hub_storage_list_events           (AduanHubStorage  *self,
                                                          const char       *uuid,
                                                          GError          **error);
GPtrArray       *aduan_hub_storage_list_changes          (AduanHubStorage  *self,
                                                          const char       *device_id,
                                                          gint64            after_sequence,
                                                          guint             limit,
                                                          GError          **error);

gboolean         aduan_hub_storage_add_photo             (AduanHubStorage  *self,
                                                          const char       *sha256,
                                                          gint64            size,
                                                          const char       *content_type,
                                                          gint64            now,
                                                          GError          **error);
char            *aduan_hub_storage_get_photo_type        (AduanHubStorage  *self,
                                                          const char       *sha256,
                                                          GError          **error);
gboolean         aduan_hub_storage_attach_photo          (AduanHubStorage  *self,
                                                          const char       *uuid,
                                                          const char       *sha256,
                                                          GError          **error);
GPtrArray       *aduan_hub_storage_list_attached_photos  (AduanHubStorage  *self,
                                                          const char       *uuid,
                                                          GError          **error);

gboolean         aduan_hub_storage_add_upload            (AduanHubStorage      *self,
                                                          const AduanHubUpload *upload,
                                                          GError              **error);
AduanHubUpload  *aduan_hub_storage_get_upload            (AduanHubStorage  *self,
                                                          const char       *id,
                                                          GError          **error);
gboolean         aduan_hub_storage_complete_upload       (AduanHubStorage  *self,
                                                          const char       *id,
                                                          gint64            now,
                                                          GError          **error);
gboolean         aduan_hub_storage_delete_upload         (AduanHubStorage  *self,
                                                          const char       *id,
                                                          GError          **error);
GPtrArray       *aduan_hub_storage_list_expired_uploads  (AduanHubStorage  *self,
                                                          gint64            now,
                                                          GError          **error);

AduanSurvey     *aduan_hub_storage_get_survey            (AduanHubStorage   *self,
                                                          const char        *uuid,
                                                          GError           **error);
gboolean         aduan_hub_storage_add_survey            (AduanHubStorage   *self,
                                                          const AduanSurvey *survey,
                                                          const char        *device_id,
                                                          gint64             received_at,
                                                          GError           **error);
gboolean         aduan_hub_storage_compute_ikm           (AduanHubStorage   *self,
                                                          AduanIkm          *out_ikm,
                                                          GError           **error);

char            *aduan_hub_storage_get_catalog           (AduanHubStorage  *self,
                                                          char            **out_etag,
                                                          GError          **error);
gboolean         aduan_hub_storage_set_catalog           (AduanHubStorage  *self,
                                                          const char       *json,
                                                          const char       *etag,
                                                          gint64            now,
                                                          GError          **error);

G_END_DECLS
