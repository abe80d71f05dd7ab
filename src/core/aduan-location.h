/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "aduan-complaint.h"
#include "aduan-enums.h"
#include "aduan-photo-pipeline.h"

G_BEGIN_DECLS

/**
 * AduanLocationError:
 * @ADUAN_LOCATION_ERROR_UNAVAILABLE: the location service is not installed,
 *   not running, or cannot be reached
 * @ADUAN_LOCATION_ERROR_ACCESS_DENIED: the service refused to give Aduan
 *   the location
 * @ADUAN_LOCATION_ERROR_BAD_DATA: the service answered with something that
 *   is not its protocol
 * @ADUAN_LOCATION_ERROR_TIMED_OUT: no position came in time
 * @ADUAN_LOCATION_ERROR_FAILED: any other failure
 *
 * Errors of location sources. Messages say what a person can do.
 */
typedef enum {
  ADUAN_LOCATION_ERROR_UNAVAILABLE,
  ADUAN_LOCATION_ERROR_ACCESS_DENIED,
  ADUAN_LOCATION_ERROR_BAD_DATA,
  ADUAN_LOCATION_ERROR_TIMED_OUT,
  ADUAN_LOCATION_ERROR_FAILED,
} AduanLocationError;

#define ADUAN_LOCATION_ERROR (aduan_location_error_quark ())
GQuark aduan_location_error_quark (void);

/**
 * AduanLocationFix:
 * @latitude: degrees, south negative
 * @longitude: degrees, west negative
 * @accuracy_m: horizontal accuracy in metres, < 0 when unknown
 * @source: where it came from
 * @time: UTC microseconds of the fix, 0 when unknown
 *
 * One position, as a complaint keeps it.
 */
typedef struct
{
  double              latitude;
  double              longitude;
  double              accuracy_m;
  AduanLocationSource source;
  gint64              time;
} AduanLocationFix;

#define ADUAN_TYPE_LOCATION_FIX (aduan_location_fix_get_type ())
GType             aduan_location_fix_get_type       (void) G_GNUC_CONST;
AduanLocationFix *aduan_location_fix_new            (AduanLocationSource     source,
                                                     double                  latitude,
                                                     double                  longitude,
                                                     double                  accuracy_m,
                                                     gint64                  time);
AduanLocationFix *aduan_location_fix_new_kiosk      (double                  latitude,
                                                     double                  longitude,
                                                     double                  accuracy_m);
AduanLocationFix *aduan_location_fix_new_from_photo (const AduanPhotoImport *import);
AduanLocationFix *aduan_location_fix_copy           (const AduanLocationFix *fix);
void              aduan_location_fix_free           (AduanLocationFix       *fix);
gboolean          aduan_location_fix_is_valid       (const AduanLocationFix *fix);
void              aduan_location_fix_apply          (const AduanLocationFix *fix,
                                                     AduanComplaint         *complaint);

#define ADUAN_LOCATION_DEFAULT_MAX_ACCURACY_M  50.0
#define ADUAN_LOCATION_DEFAULT_MAX_AGE         (5 * G_TIME_SPAN_MINUTE)

/**
 * AduanLocationPolicy:
 * @max_accuracy_m: a fix less accurate than this is flagged
 * @max_age: a live fix (GPS, GeoClue) older than this is flagged
 *
 * When a position is good enough to keep without a second look.
 */
typedef struct
{
  double    max_accuracy_m;
  GTimeSpan max_age;
} AduanLocationPolicy;

#define ADUAN_LOCATION_POLICY_INIT { ADUAN_LOCATION_DEFAULT_MAX_ACCURACY_M, ADUAN_LOCATION_DEFAULT_MAX_AGE }

/**
 * AduanLocationQuality:
 * @ADUAN_LOCATION_QUALITY_GOOD: nothing to warn about
 * @ADUAN_LOCATION_QUALITY_INACCURATE: accuracy is worse than the policy's
 * @ADUAN_LOCATION_QUALITY_ACCURACY_UNKNOWN: a measured position came
 *   without an accuracy
 * @ADUAN_LOCATION_QUALITY_STALE: a live fix older than the policy's
 *   maximum age
 * @ADUAN_LOCATION_QUALITY_TIME_UNKNOWN: a live fix without a time
 * @ADUAN_LOCATION_QUALITY_INVALID: coordinates out of range
 */
typedef enum {
  ADUAN_LOCATION_QUALITY_GOOD = 0,
  ADUAN_LOCATION_QUALITY_INACCURATE = 1 << 0,
  ADUAN_LOCATION_QUALITY_ACCURACY_UNKNOWN = 1 << 1,
  ADUAN_LOCATION_QUALITY_STALE = 1 << 2,
  ADUAN_LOCATION_QUALITY_TIME_UNKNOWN = 1 << 3,
  ADUAN_LOCATION_QUALITY_INVALID = 1 << 4,
} AduanLocationQuality;

AduanLocationQuality aduan_location_fix_check (const AduanLocationFix    *fix,
                                               const AduanLocationPolicy *policy,
                                               gint64                     now,
                                               char                     **out_warning);

/**
 * AduanLocationState:
 * @ADUAN_LOCATION_STATE_STOPPED: not started, or stopped
 * @ADUAN_LOCATION_STATE_STARTING: connecting, or asking for permission
 * @ADUAN_LOCATION_STATE_WAITING: running, but no position yet; the status
 *   says why (no receiver, no sky, unreadable data)
 * @ADUAN_LOCATION_STATE_ACTIVE: a position has come in
 * @ADUAN_LOCATION_STATE_FAILED: stopped by an error; see
 *   aduan_location_provider_get_error()
 */
typedef enum {
  ADUAN_LOCATION_STATE_STOPPED,
  ADUAN_LOCATION_STATE_STARTING,
  ADUAN_LOCATION_STATE_WAITING,
  ADUAN_LOCATION_STATE_ACTIVE,
  ADUAN_LOCATION_STATE_FAILED,
} AduanLocationState;

#define ADUAN_TYPE_LOCATION_STATE (aduan_location_state_get_type ())
GType aduan_location_state_get_type (void) G_GNUC_CONST;

#define ADUAN_TYPE_LOCATION_PROVIDER (aduan_location_provider_get_type ())
G_DECLARE_DERIVABLE_TYPE (AduanLocationProvider, aduan_location_provider, ADUAN, LOCATION_PROVIDER, GObject)

/**
 * AduanLocationProviderClass:
 * @start: begin delivering fixes; called in the STOPPED or FAILED state
 * @stop: stop, releasing the service; called in any other state
 * @source: what fixes from this provider are marked with
 *
 * A live source of positions. Its state, status text and latest fix are
 * properties, notified on the main context the provider was started on.
 */
struct _AduanLocationProviderClass
{
  GObjectClass        parent_class;

  void              (*start) (AduanLocationProvider *self);
  void              (*stop)  (AduanLocationProvider *self);
  AduanLocationSource source;

  gpointer            padding[8];
};

void                    aduan_location_provider_start      (AduanLocationProvider *self);
void                    aduan_location_provider_stop       (AduanLocationProvider *self);
AduanLocationState      aduan_location_provider_get_state  (AduanLocationProvider *self);
const char             *aduan_location_provider_get_status (AduanLocationProvider *self);
const AduanLocationFix *aduan_location_provider_get_fix    (AduanLocationProvider *self);
const GError           *aduan_location_provider_get_error  (AduanLocationProvider *self);
AduanLocationSource     aduan_location_provider_get_source (AduanLocationProvider *self);

void                    aduan_location_provider_wait_for_fix_async  (AduanLocationProvider  *self,
                                                                     guint                   timeout_seconds,
                                                                     GCancellable           *cancellable,
                                                                     GAsyncReadyCallback     callback,
                                                                     gpointer                user_data);
AduanLocationFix       *aduan_location_provider_wait_for_fix_finish (AduanLocationProvider  *self,
                                                                     GAsyncResult           *result,
                                                                     GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanLocationFix, aduan_location_fix_free)

G_END_DECLS
