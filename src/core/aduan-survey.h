/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "aduan-enums.h"

G_BEGIN_DECLS

/*
 * The community satisfaction survey (Survei Kepuasan Masyarakat, SKM) of
 * Permenpan RB 14/2017: nine elements of a service, each scored 1 (not
 * good) to 4 (very good). The unit's index (IKM) is the mean of the
 * element means, and × 25 on the 25–100 scale.
 */

typedef enum {
  ADUAN_SURVEY_ELEMENT_REQUIREMENTS,        /* persyaratan */
  ADUAN_SURVEY_ELEMENT_PROCEDURE,           /* sistem, mekanisme dan prosedur */
  ADUAN_SURVEY_ELEMENT_COMPLETION_TIME,     /* waktu penyelesaian */
  ADUAN_SURVEY_ELEMENT_COST,                /* biaya/tarif */
  ADUAN_SURVEY_ELEMENT_PRODUCT,             /* produk spesifikasi jenis pelayanan */
  ADUAN_SURVEY_ELEMENT_COMPETENCE,          /* kompetensi pelaksana */
  ADUAN_SURVEY_ELEMENT_BEHAVIOUR,           /* perilaku pelaksana */
  ADUAN_SURVEY_ELEMENT_COMPLAINT_HANDLING,  /* penanganan pengaduan, saran dan masukan */
  ADUAN_SURVEY_ELEMENT_FACILITIES,          /* sarana dan prasarana */
  ADUAN_SURVEY_N_ELEMENTS
} AduanSurveyElement;

#define ADUAN_SURVEY_MIN_SCORE 1
#define ADUAN_SURVEY_MAX_SCORE 4

/**
 * AduanSurvey:
 * @uuid: made on the device
 * @answered_at: UTC microseconds
 * @channel: where it was answered, %ADUAN_CHANNEL_KIOSK at a kiosk
 * @scores: one score per #AduanSurveyElement, 1 to 4
 * @sync_state: device-side only
 *
 * One person's answers. Nothing in it says who they are.
 */
typedef struct
{
  char           *uuid;          /* (owned) */
  gint64          answered_at;
  AduanChannel    channel;
  guint8          scores[ADUAN_SURVEY_N_ELEMENTS];
  AduanSyncState  sync_state;
} AduanSurvey;

#define ADUAN_TYPE_SURVEY (aduan_survey_get_type ())
GType        aduan_survey_get_type            (void) G_GNUC_CONST;
AduanSurvey *aduan_survey_new                 (void);
AduanSurvey *aduan_survey_copy                (const AduanSurvey *survey);
void         aduan_survey_free                (AduanSurvey       *survey);

const char  *aduan_survey_element_to_string   (AduanSurveyElement element);
const char  *aduan_survey_element_get_label   (AduanSurveyElement element);
const char  *aduan_survey_element_get_question (AduanSurveyElement element);
const char  *aduan_survey_score_get_label     (AduanSurveyElement element,
                                               guint              score);

gboolean     aduan_survey_validate            (const AduanSurvey  *survey,
                                               GError            **error);
JsonNode    *aduan_survey_to_json             (const AduanSurvey  *survey);
AduanSurvey *aduan_survey_from_json           (JsonNode           *node,
                                               GError            **error);
gboolean     aduan_survey_same_content        (const AduanSurvey  *a,
                                               const AduanSurvey  *b);

/**
 * AduanIkm:
 * @n_responses: the surveys counted
 * @element_means: the mean score of each element (NRR), 1 to 4
 * @index: the mean of the element means, 1 to 4 (0 without responses)
 * @score: @index × 25, 25 to 100 (0 without responses)
 * @grade: 'A' (very good) to 'D' (not good), or 0
 *
 * The community satisfaction index of a set of surveys (IKM, Permenpan RB
 * 14/2017): every element weighs 1/9.
 */
typedef struct
{
  guint   n_responses;
  double  element_means[ADUAN_SURVEY_N_ELEMENTS];
  double  index;
  double  score;
  char    grade;

  /*< private >*/
  guint64 sums[ADUAN_SURVEY_N_ELEMENTS];
} AduanIkm;

void         aduan_ikm_init                   (AduanIkm          *ikm);
void         aduan_ikm_add                    (AduanIkm          *ikm,
                                               const guint8      *scores);
void         aduan_ikm_finish                 (AduanIkm          *ikm);
const char  *aduan_ikm_grade_get_label        (char               grade);
JsonNode    *aduan_ikm_to_json                (const AduanIkm    *ikm);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanSurvey, aduan_survey_free)

G_END_DECLS
