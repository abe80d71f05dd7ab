/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "aduan-complaint.h"
#include "aduan-error.h"
#include "aduan-survey.h"

/*
 * One SKM survey as the kiosk records it and the hub receives it, and the
 * IKM computed from many (Permenpan RB 14/2017, Lampiran: “Nilai IKM
 * dihitung dengan menggunakan nilai rata-rata tertimbang masing-masing
 * unsur pelayanan”, each of the nine weighing 1/9; the unit's value is
 * IKM × 25).
 *
 * The wire form:
 *
 *   {"uuid": "…", "answered_at": "2026-11-23T02:15:04Z", "channel": "kiosk",
 *    "scores": {"requirements": 4, "procedure": 3, …}}
 */

typedef struct
{
  const char *id;
  const char *label;
  const char *question;
  const char *answers[ADUAN_SURVEY_MAX_SCORE];  /* for scores 1 to 4 */
} ElementInfo;

/* The questions and answers follow the sample questionnaire of the
 * regulation, in plain words. */
static const ElementInfo elements[ADUAN_SURVEY_N_ELEMENTS] = {
  { "requirements", N_("Requirements"),
    N_("Were the requirements for this service appropriate?"),
    { N_("Not appropriate"), N_("Somewhat appropriate"), N_("Appropriate"), N_("Very appropriate") } },
  { "procedure", N_("Procedure"),
    N_("How easy was the procedure of this service?"),
    { N_("Not easy"), N_("Not very easy"), N_("Easy"), N_("Very easy") } },
  { "completion-time", N_("Completion time"),
    N_("How fast was the service?"),
    { N_("Not fast"), N_("Not very fast"), N_("Fast"), N_("Very fast") } },
  { "cost", N_("Cost"),
    N_("How fair was the cost of the service?"),
    { N_("Very expensive"), N_("Quite expensive"), N_("Cheap"), N_("Free") } },
  { "product", N_("What you received"),
    N_("Did what you received match the service standard?"),
    { N_("Did not match"), N_("Partly matched"), N_("Matched"), N_("Fully matched") } },
  { "competence", N_("Staff competence"),
    N_("How capable were the staff?"),
    { N_("Not capable"), N_("Not very capable"), N_("Capable"), N_("Very capable") } },
  { "behaviour", N_("Staff behaviour"),
    N_("How polite and friendly were the staff?"),
    { N_("Not polite or friendly"), N_("Not very polite or friendly"), N_("Polite and friendly"), N_("Very polite and friendly") } },
  { "complaint-handling", N_("Handling of complaints"),
    N_("How are complaints and suggestions handled here?"),
    { N_("There is no way to complain"), N_("There is one, but it does not work"), N_("It works, but not fully"), N_("Handled well") } },
  { "facilities", N_("Facilities"),
    N_("How good are the facilities, such as the waiting room and toilets?"),
    { N_("Poor"), N_("Fair"), N_("Good"), N_("Very good") } },
};

G_DEFINE_BOXED_TYPE (AduanSurvey, aduan_survey, aduan_survey_copy, aduan_survey_free)

/**
 * aduan_survey_new:
 *
 * Returns: (transfer full): a survey with a new UUID, answered now at a
 *   kiosk, without scores yet
 */
AduanSurvey *
aduan_survey_new (void)
{
  AduanSurvey *survey = g_new0 (AduanSurvey, 1);

  survey->uuid = g_uuid_string_random ();
  survey->answered_at = g_get_real_time ();
  survey->channel = ADUAN_CHANNEL_KIOSK;
  survey->sync_state = ADUAN_SYNC_STATE_WAITING;

  return survey;
}

AduanSurvey *
aduan_survey_copy (const AduanSurvey *survey)
{
  AduanSurvey *copy;

  g_return_val_if_fail (survey != NULL, NULL);

  copy = g_memdup2 (survey, sizeof *survey);
  copy->uuid = g_strdup (survey->uuid);

  return copy;
}

void
aduan_survey_free (AduanSurvey *survey)
{
  if (survey == NULL)
    return;

  g_free (survey->uuid);
  g_free (survey);
}

const char *
aduan_survey_element_to_string (AduanSurveyElement element)
{
  g_return_val_if_fail ((guint) element < ADUAN_SURVEY_N_ELEMENTS, NULL);

  return elements[element].id;
}

/**
 * aduan_survey_element_get_label:
 *
 * Returns: the element's short name, translated
 */
const char *
aduan_survey_element_get_label (AduanSurveyElement element)
{
  g_return_val_if_fail ((guint) element < ADUAN_SURVEY_N_ELEMENTS, NULL);

  return _(elements[element].label);
}

/**
 * aduan_survey_element_get_question:
 *
 * Returns: the question a person answers, translated
 */
const char *
aduan_survey_element_get_question (AduanSurveyElement element)
{
  g_return_val_if_fail ((guint) element < ADUAN_SURVEY_N_ELEMENTS, NULL);

  return _(elements[element].question);
}

/**
 * aduan_survey_score_get_label:
 * @score: 1 to 4
 *
 * Returns: the answer that gives @score, translated
 */
const char *
aduan_survey_score_get_label (AduanSurveyElement element,
                              guint              score)
{
  g_return_val_if_fail ((guint) element < ADUAN_SURVEY_N_ELEMENTS, NULL);
  g_return_val_if_fail (score >= ADUAN_SURVEY_MIN_SCORE && score <= ADUAN_SURVEY_MAX_SCORE, NULL);

  return _(elements[element].answers[score - 1]);
}

/**
 * aduan_survey_validate:
 *
 * Returns: %TRUE if every element has a score from 1 to 4 and the rest
 *   is well formed; else %ADUAN_ERROR_INVALID_FIELD naming the field
 */
gboolean
aduan_survey_validate (const AduanSurvey  *survey,
                       GError            **error)
{
  g_return_val_if_fail (survey != NULL, FALSE);

  if (survey->uuid == NULL || !g_uuid_string_is_valid (survey->uuid))
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                           _("uuid: the identifier is not a valid UUID"));
      return FALSE;
    }

  if ((guint) survey->channel >= ADUAN_CHANNEL_N)
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD, _("channel: not a known channel"));
      return FALSE;
    }

  for (guint i = 0; i < ADUAN_SURVEY_N_ELEMENTS; i++)
    {
      if (survey->scores[i] < ADUAN_SURVEY_MIN_SCORE || survey->scores[i] > ADUAN_SURVEY_MAX_SCORE)
        {
          g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                       _("scores.%s: must be a whole number from 1 to 4"), elements[i].id);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * aduan_survey_to_json:
 *
 * Returns: (transfer full): the wire form
 */
JsonNode *
aduan_survey_to_json (const AduanSurvey *survey)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *answered_at = NULL;

  g_return_val_if_fail (survey != NULL, NULL);

  answered_at = aduan_format_time_iso8601 (survey->answered_at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uuid");
  json_builder_add_string_value (builder, survey->uuid);
  json_builder_set_member_name (builder, "answered_at");
  json_builder_add_string_value (builder, answered_at);
  json_builder_set_member_name (builder, "channel");
  json_builder_add_string_value (builder, aduan_channel_to_string (survey->channel));
  json_builder_set_member_name (builder, "scores");
  json_builder_begin_object (builder);
  for (guint i = 0; i < ADUAN_SURVEY_N_ELEMENTS; i++)
    {
      json_builder_set_member_name (builder, elements[i].id);
      json_builder_add_int_value (builder, survey->scores[i]);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD, message);
  return FALSE;
}

/**
 * aduan_survey_from_json:
 *
 * Reads and checks the wire form.
 *
 * Returns: (transfer full) (nullable): the survey, or %NULL with
 *   %ADUAN_ERROR_INVALID_FIELD or %ADUAN_ERROR_INVALID_JSON
 */
AduanSurvey *
aduan_survey_from_json (JsonNode  *node,
                        GError   **error)
{
  g_autoptr(AduanSurvey) survey = g_new0 (AduanSurvey, 1);
  JsonObject *object, *scores;
  JsonNode *member;
  const char *text;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_JSON, _("A survey must be a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);

  member = json_object_get_member (object, "uuid");
  if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING)
    return invalid (error, _("uuid: this field is required")), NULL;
  survey->uuid = g_strdup (json_node_get_string (member));

  member = json_object_get_member (object, "answered_at");
  if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING ||
      !aduan_parse_time_iso8601 (json_node_get_string (member), &survey->answered_at))
    return invalid (error, _("answered_at: must be a time such as 2026-11-23T09:30:00+07:00")), NULL;

  member = json_object_get_member (object, "channel");
  text = member != NULL && json_node_get_value_type (member) == G_TYPE_STRING ? json_node_get_string (member) : NULL;
  if (text == NULL || !aduan_channel_from_string (text, &survey->channel))
    return invalid (error, _("channel: not a known channel")), NULL;

  member = json_object_get_member (object, "scores");
  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    return invalid (error, _("scores: must be an object")), NULL;
  scores = json_node_get_object (member);
  if (json_object_get_size (scores) != ADUAN_SURVEY_N_ELEMENTS)
    return invalid (error, _("scores: must hold the nine SKM elements, and only those")), NULL;

  for (guint i = 0; i < ADUAN_SURVEY_N_ELEMENTS; i++)
    {
      gint64 score;

      member = json_object_get_member (scores, elements[i].id);
      if (member == NULL || json_node_get_value_type (member) != G_TYPE_INT64)
        {
          g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                       _("scores.%s: must be a whole number from 1 to 4"), elements[i].id);
          return NULL;
        }
      score = json_node_get_int (member);
      survey->scores[i] = score >= 0 && score <= G_MAXUINT8 ? (guint8) score : 0;
    }

  survey->sync_state = ADUAN_SYNC_STATE_WAITING;
  if (!aduan_survey_validate (survey, error))
    return NULL;

  return g_steal_pointer (&survey);
}

/**
 * aduan_survey_same_content:
 *
 * Returns: whether @a and @b say the same on the wire
 */
gboolean
aduan_survey_same_content (const AduanSurvey *a,
                           const AduanSurvey *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  /* The wire carries whole seconds and microseconds alike; compare what
   * a round trip keeps. */
  return g_strcmp0 (a->uuid, b->uuid) == 0 &&
         a->answered_at / 1000 == b->answered_at / 1000 &&
         a->channel == b->channel &&
         memcmp (a->scores, b->scores, sizeof a->scores) == 0;
}

void
aduan_ikm_init (AduanIkm *ikm)
{
  g_return_if_fail (ikm != NULL);

  memset (ikm, 0, sizeof *ikm);
}

/**
 * aduan_ikm_add:
 * @scores: (array fixed-size=9): one survey's scores
 */
void
aduan_ikm_add (AduanIkm     *ikm,
               const guint8 *scores)
{
  g_return_if_fail (ikm != NULL);
  g_return_if_fail (scores != NULL);

  for (guint i = 0; i < ADUAN_SURVEY_N_ELEMENTS; i++)
    ikm->sums[i] += scores[i];
  ikm->n_responses++;
}

/**
 * aduan_ikm_finish:
 *
 * Computes the means, the index, the 25–100 score and the grade from what
 * was added. The grade follows the regulation's conversion table: A from
 * 88.31, B from 76.61, C from 65.00, else D.
 */
void
aduan_ikm_finish (AduanIkm *ikm)
{
  double total = 0;
  double score;

  g_return_if_fail (ikm != NULL);

  if (ikm->n_responses == 0)
    {
      memset (ikm->element_means, 0, sizeof ikm->element_means);
      ikm->index = ikm->score = 0;
      ikm->grade = 0;
      return;
    }

  for (guint i = 0; i < ADUAN_SURVEY_N_ELEMENTS; i++)
    {
      ikm->element_means[i] = (double) ikm->sums[i] / ikm->n_responses;
      total += ikm->element_means[i] / ADUAN_SURVEY_N_ELEMENTS;
    }

  ikm->index = total;
  ikm->score = total * 25;

  /* The table is in hundredths; compare as it would be read. */
  score = round (ikm->score * 100) / 100;
  if (score >= 88.31)
    ikm->grade = 'A';
  else if (score >= 76.61)
    ikm->grade = 'B';
  else if (score >= 65.00)
    ikm->grade = 'C';
  else
    ikm->grade = 'D';
}

/**
 * aduan_ikm_grade_get_label:
 * @grade: 'A' to 'D'
 *
 * Returns: what the grade means, translated
 */
const char *
aduan_ikm_grade_get_label (char grade)
{
  switch (grade)
    {
    case 'A':
      return _("Very good");
    case 'B':
      return _("Good");
    case 'C':
      return _("Not very good");
    case 'D':
      return _("Not good");
    default:
      return _("No answers yet");
    }
}

/**
 * aduan_ikm_to_json:
 *
 * Returns: (transfer full): `{"responses": N, "index": 3.41, "score":
 *   85.28, "grade": "B", "elements": {"requirements": 3.5, …}}`, the
 *   numbers rounded to two decimals and null without responses
 */
JsonNode *
aduan_ikm_to_json (const AduanIkm *ikm)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean any;

  g_return_val_if_fail (ikm != NULL, NULL);

  any = ikm->n_responses > 0;

#define ADD_NUMBER(value) \
  G_STMT_START { \
    if (any) \
      json_builder_add_double_value (builder, round ((value) * 100) / 100); \
    else \
      json_builder_add_null_value (builder); \
  } G_STMT_END

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "responses");
  json_builder_add_int_value (builder, ikm->n_responses);
  json_builder_set_member_name (builder, "index");
  ADD_NUMBER (ikm->index);
  json_builder_set_member_name (builder, "score");
  ADD_NUMBER (ikm->score);
  json_builder_set_member_name (builder, "grade");
  if (any)
    {
      char grade[2] = { ikm->grade, '\0' };

      json_builder_add_string_value (builder, grade);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "elements");
  json_builder_begin_object (builder);
  for (guint i = 0; i < ADUAN_SURVEY_N_ELEMENTS; i++)
    {
      json_builder_set_member_name (builder, elements[i].id);
      ADD_NUMBER (ikm->element_means[i]);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

#undef ADD_NUMBER

  return json_builder_get_root (builder);
}
