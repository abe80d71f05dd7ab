/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "aduan-enums.h"

G_BEGIN_DECLS

/* Limits a person can reach by typing; larger input is refused, never cut. */
#define ADUAN_TITLE_MAX_CHARS        200
#define ADUAN_DESCRIPTION_MAX_CHARS  10000
#define ADUAN_NAME_MAX_CHARS         200
#define ADUAN_ADDRESS_MAX_CHARS      500
#define ADUAN_OFFICER_MAX_CHARS      200
#define ADUAN_MAX_PHOTOS             10

/**
 * AduanPhotoRef:
 * @sha256: lower-case hex SHA-256 of the stored JPEG; also its file name
 * @size: size in bytes
 * @content_type: MIME type, `image/jpeg` for photos Aduan made
 *
 * One photo of a complaint, as the complaint refers to it.
 */
typedef struct
{
  char   *sha256;        /* (owned) */
  gint64  size;
  char   *content_type;  /* (owned) */
} AduanPhotoRef;

AduanPhotoRef *aduan_photo_ref_new  (const char *sha256,
                                     gint64      size,
                                     const char *content_type);
AduanPhotoRef *aduan_photo_ref_copy (const AduanPhotoRef *ref);
void           aduan_photo_ref_free (AduanPhotoRef *ref);

/**
 * AduanComplaint:
 *
 * A report as the person who recorded it wrote it down: a plain record,
 * shared by the device and the hub through one JSON codec.
 *
 * Times are UTC microseconds since the epoch, 0 when unknown.
 * Coordinates are only meaningful when @has_location is set.
 */
typedef struct
{
  char                *uuid;              /* (owned) made on the device */
  char                *tracking_code;     /* (owned) see aduan-tracking-code.h */
  AduanReportKind      kind;
  char                *category;          /* (owned) catalog category id */
  char                *title;             /* (owned) */
  char                *description;       /* (owned) */

  /* Personal data: all empty when @anonymous. */
  char                *reporter_name;     /* (owned) (nullable) */
  char                *reporter_phone;    /* (owned) (nullable) */
  char                *reporter_nik;      /* (owned) (nullable) 16 digits */
  char                *reporter_address;  /* (owned) (nullable) */
  gboolean             anonymous;
  gboolean             confidential;

  AduanChannel         channel;
  char                *village_code;      /* (owned) (nullable) Kemendagri code */

  gboolean             has_location;
  double               latitude;
  double               longitude;
  double               accuracy_m;        /* < 0 when unknown */
  AduanLocationSource  location_source;
  gint64               location_time;     /* time of the fix */

  gint64               occurred_at;       /* when it happened, as reported */
  gint64               created_at;
  gint64               updated_at;
  char                *officer;           /* (owned) (nullable) who recorded it */

  GPtrArray           *photos;            /* (owned) (element-type AduanPhotoRef) */

  /* Device-side only; never on the wire. */
  AduanSyncState       sync_state;
  char                *village_label;     /* (owned) (nullable) "village, district, regency" */
} AduanComplaint;

#define ADUAN_TYPE_COMPLAINT (aduan_complaint_get_type ())
GType           aduan_complaint_get_type (void) G_GNUC_CONST;

AduanComplaint *aduan_complaint_new      (void);
AduanComplaint *aduan_complaint_copy     (const AduanComplaint *complaint);
void            aduan_complaint_free     (AduanComplaint       *complaint);

void            aduan_complaint_set_string (char       **field,
                                            const char  *value);
void            aduan_complaint_clear_reporter (AduanComplaint *complaint);

/**
 * AduanFieldError:
 * @field: the JSON name of the field, e.g. `reporter.nik`
 * @message: a translated sentence a person can act on
 */
typedef struct
{
  char *field;    /* (owned) */
  char *message;  /* (owned) */
} AduanFieldError;

void            aduan_field_error_free   (AduanFieldError *error);

typedef struct _AduanCatalog AduanCatalog;
typedef struct _AduanAreaIndex AduanAreaIndex;

GPtrArray      *aduan_complaint_check    (const AduanComplaint *complaint,
                                          AduanCatalog         *catalog,
                                          AduanAreaIndex       *areas);
gboolean        aduan_complaint_validate (const AduanComplaint *complaint,
                                          AduanCatalog         *catalog,
                                          AduanAreaIndex       *areas,
                                          GError              **error);

/**
 * AduanJsonFlags:
 * @ADUAN_JSON_WIRE: only what travels to the hub
 * @ADUAN_JSON_LOCAL: also the device-side fields (sync state, village label,
 *   updated time), for `aduanctl --json` and exports
 */
typedef enum {
  ADUAN_JSON_WIRE = 0,
  ADUAN_JSON_LOCAL = 1 << 0,
} AduanJsonFlags;

JsonNode       *aduan_complaint_to_json      (const AduanComplaint *complaint,
                                              AduanJsonFlags        flags);
char           *aduan_complaint_to_json_string (const AduanComplaint *complaint,
                                                AduanJsonFlags        flags,
                                                gboolean              pretty);
AduanComplaint *aduan_complaint_from_json    (JsonNode   *node,
                                              GError    **error);
AduanComplaint *aduan_complaint_from_data    (const char *data,
                                              gssize      length,
                                              GError    **error);
gboolean        aduan_complaint_same_content (const AduanComplaint *a,
                                              const AduanComplaint *b);

char           *aduan_format_time_iso8601    (gint64      usec);
gboolean        aduan_parse_time_iso8601     (const char *text,
                                              gint64     *out_usec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanComplaint, aduan_complaint_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanPhotoRef, aduan_photo_ref_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanFieldError, aduan_field_error_free)

G_END_DECLS
