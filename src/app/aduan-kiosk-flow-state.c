/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "aduan-kiosk-flow-state.h"

/*
 * One citizen's complaint at the kiosk, step by step. The window shows
 * what this holds and asks it whether a step is done; nothing here needs
 * a display, so the tests walk the whole flow and the wipe without one.
 */

/* A title made from the description is cut at a word near this length. */
#define DERIVED_TITLE_CHARS 80

/* Overwrites a string before freeing it, so what a citizen typed does not
 * linger in freed memory for the next one to find. */
static void
wipe_string (char **slot)
{
  if (*slot != NULL)
    {
      explicit_bzero (*slot, strlen (*slot));
      g_free (*slot);
    }
  *slot = g_strdup ("");
}

static void
set_string (char       **slot,
            const char  *value)
{
  char *copy = g_strdup (value != NULL ? value : "");

  if (*slot != NULL)
    {
      explicit_bzero (*slot, strlen (*slot));
      g_free (*slot);
    }
  *slot = copy;
}

static void
wipe_bytes (GBytes **slot)
{
  gsize size = 0;
  gpointer data;

  if (*slot == NULL)
    return;

  /* With the only reference this is the very buffer, not a copy. */
  data = g_bytes_unref_to_data (g_steal_pointer (slot), &size);
  explicit_bzero (data, size);
  g_free (data);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

static char *
dup_trimmed (const char *text)
{
  if (is_blank (text))
    return NULL;

  return g_strstrip (g_strdup (text));
}

AduanKioskFlowState *
aduan_kiosk_flow_state_new (void)
{
  AduanKioskFlowState *self = g_new0 (AduanKioskFlowState, 1);

  aduan_kiosk_flow_state_wipe (self);

  return self;
}

void
aduan_kiosk_flow_state_free (AduanKioskFlowState *self)
{
  if (self == NULL)
    return;

  aduan_kiosk_flow_state_wipe (self);
  g_free (self->category);
  g_free (self->title);
  g_free (self->description);
  g_free (self->village_code);
  g_free (self->village_label);
  g_free (self->reporter_name);
  g_free (self->reporter_phone);
  g_free (self);
}

/**
 * aduan_kiosk_flow_state_wipe:
 *
 * Forgets everything a citizen entered, overwriting it in memory, and
 * goes back to the first step.
 */
void
aduan_kiosk_flow_state_wipe (AduanKioskFlowState *self)
{
  g_return_if_fail (self != NULL);

  self->step = ADUAN_KIOSK_STEP_KIND;
  self->kind_chosen = FALSE;
  self->kind = ADUAN_REPORT_KIND_COMPLAINT;
  wipe_string (&self->category);
  wipe_string (&self->title);
  wipe_string (&self->description);
  wipe_bytes (&self->photo);
  wipe_bytes (&self->photo_thumbnail);
  self->here = TRUE;
  wipe_string (&self->village_code);
  wipe_string (&self->village_label);
  self->anonymous = FALSE;
  self->confidential = FALSE;
  wipe_string (&self->reporter_name);
  wipe_string (&self->reporter_phone);
}

/**
 * aduan_kiosk_flow_state_is_blank:
 *
 * Returns: %TRUE when nothing was entered yet, so nothing needs wiping
 */
gboolean
aduan_kiosk_flow_state_is_blank (AduanKioskFlowState *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return !self->kind_chosen &&
         self->step == ADUAN_KIOSK_STEP_KIND &&
         *self->category == '\0' &&
         *self->title == '\0' &&
         *self->description == '\0' &&
         self->photo == NULL &&
         *self->village_label == '\0' &&
         *self->reporter_name == '\0' &&
         *self->reporter_phone == '\0' &&
         !self->anonymous && !self->confidential;
}

void
aduan_kiosk_flow_state_set_kind (AduanKioskFlowState *self,
                                 AduanReportKind      kind)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail ((guint) kind < ADUAN_REPORT_KIND_N);

  self->kind = kind;
  self->kind_chosen = TRUE;
}

void
aduan_kiosk_flow_state_set_category (AduanKioskFlowState *self,
                                     const char          *category)
{
  g_return_if_fail (self != NULL);

  set_string (&self->category, category);
}

void
aduan_kiosk_flow_state_set_title (AduanKioskFlowState *self,
                                  const char          *title)
{
  g_return_if_fail (self != NULL);

  set_string (&self->title, title);
}

void
aduan_kiosk_flow_state_set_description (AduanKioskFlowState *self,
                                        const char          *description)
{
  g_return_if_fail (self != NULL);

  set_string (&self->description, description);
}

/**
 * aduan_kiosk_flow_state_set_photo:
 * @jpeg: (nullable) (transfer none): the photo, already shrunk and
 *   stripped of metadata, or %NULL to drop it
 * @thumbnail: (nullable) (transfer none): its thumbnail
 *
 * The photo stays in memory until the complaint is saved: a photo of a
 * citizen who walks away never reaches the disk.
 */
void
aduan_kiosk_flow_state_set_photo (AduanKioskFlowState *self,
                                  GBytes              *jpeg,
                                  GBytes              *thumbnail)
{
  g_return_if_fail (self != NULL);

  wipe_bytes (&self->photo);
  wipe_bytes (&self->photo_thumbnail);
  /* Our own copies, held only here: the wipe can then overwrite the very
   * buffers instead of dropping one reference of several. */
  if (jpeg != NULL)
    self->photo = g_bytes_new (g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
  if (thumbnail != NULL)
    self->photo_thumbnail = g_bytes_new (g_bytes_get_data (thumbnail, NULL), g_bytes_get_size (thumbnail));
}

void
aduan_kiosk_flow_state_set_here (AduanKioskFlowState *self,
                                 gboolean             here)
{
  g_return_if_fail (self != NULL);

  self->here = !!here;
}

/**
 * aduan_kiosk_flow_state_set_village:
 * @code: (nullable): the village picked, or %NULL while typing
 * @label: (nullable): what the picker shows
 */
void
aduan_kiosk_flow_state_set_village (AduanKioskFlowState *self,
                                    const char          *code,
                                    const char          *label)
{
  g_return_if_fail (self != NULL);

  set_string (&self->village_code, code);
  set_string (&self->village_label, label);
}

void
aduan_kiosk_flow_state_set_anonymous (AduanKioskFlowState *self,
                                      gboolean             anonymous)
{
  g_return_if_fail (self != NULL);

  self->anonymous = !!anonymous;
  /* Anonymous keeps nothing about the person, not even in memory. */
  if (self->anonymous)
    aduan_kiosk_flow_state_set_reporter (self, "", "");
}

void
aduan_kiosk_flow_state_set_confidential (AduanKioskFlowState *self,
                                         gboolean             confidential)
{
  g_return_if_fail (self != NULL);

  self->confidential = !!confidential;
}

void
aduan_kiosk_flow_state_set_reporter (AduanKioskFlowState *self,
                                     const char          *name,
                                     const char          *phone)
{
  g_return_if_fail (self != NULL);

  set_string (&self->reporter_name, name);
  set_string (&self->reporter_phone, phone);
}

/* The title a citizen gave, or the start of what they wrote: asking a
 * person at a kiosk for both a title and a story is asking twice. */
static char *
make_title (AduanKioskFlowState *self)
{
  g_autofree char *description = NULL;
  g_autoptr(GString) title = NULL;
  const char *end;
  glong n_chars = 0;

  if (!is_blank (self->title))
    return dup_trimmed (self->title);

  description = dup_trimmed (self->description);
  if (description == NULL)
    return NULL;

  /* The first line, and within it the first DERIVED_TITLE_CHARS
   * characters, cut after a whole word. */
  end = strchr (description, '\n');
  if (end != NULL)
    *(char *) end = '\0';
  g_strstrip (description);

  title = g_string_new (NULL);
  for (const char *p = description; *p != '\0'; p = g_utf8_next_char (p), n_chars++)
    {
      if (n_chars >= DERIVED_TITLE_CHARS)
        {
          char *space = strrchr (title->str, ' ');

          if (space != NULL && space - title->str > DERIVED_TITLE_CHARS / 2)
            g_string_truncate (title, space - title->str);
          g_string_append (title, "…");
          break;
        }
      g_string_append_unichar (title, g_utf8_get_char (p));
    }

  return g_string_free (g_steal_pointer (&title), FALSE);
}

/**
 * aduan_kiosk_flow_state_to_complaint:
 * @place: where the kiosk stands
 * @now_usec: the time, UTC microseconds
 *
 * Returns: (transfer full): a new complaint of the kiosk channel, without
 *   its photo (the window stores that first), ready for aduan_store_save()
 */
AduanComplaint *
aduan_kiosk_flow_state_to_complaint (AduanKioskFlowState   *self,
                                     const AduanKioskPlace *place,
                                     gint64                 now_usec)
{
  AduanComplaint *complaint;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (place != NULL, NULL);

  complaint = aduan_complaint_new ();
  complaint->kind = self->kind;
  complaint->category = dup_trimmed (self->category);
  complaint->title = make_title (self);
  complaint->description = is_blank (self->description) ? NULL : g_strdup (self->description);
  complaint->channel = ADUAN_CHANNEL_KIOSK;
  complaint->anonymous = self->anonymous;
  complaint->confidential = self->confidential;
  complaint->occurred_at = 0;

  if (!self->anonymous)
    {
      complaint->reporter_name = dup_trimmed (self->reporter_name);
      complaint->reporter_phone = dup_trimmed (self->reporter_phone);
    }

  if (self->here && aduan_kiosk_place_is_known (place))
    {
      complaint->village_code = g_strdup (place->village_code);
      complaint->village_label = g_strdup (place->village_label);
      if (place->has_location)
        {
          complaint->has_location = TRUE;
          complaint->latitude = place->latitude;
          complaint->longitude = place->longitude;
          complaint->accuracy_m = place->accuracy_m;
          complaint->location_source = ADUAN_LOCATION_SOURCE_KIOSK;
          complaint->location_time = now_usec;
        }
    }
  else if (*self->village_code != '\0')
    {
      complaint->village_code = g_strdup (self->village_code);
      complaint->village_label = g_strdup (self->village_label);
    }

  return complaint;
}

static const char *
first_error_for (GPtrArray   *errors,
                 const char  *prefix)
{
  for (guint i = 0; errors != NULL && i < errors->len; i++)
    {
      const AduanFieldError *error = g_ptr_array_index (errors, i);

      if (g_str_has_prefix (error->field, prefix))
        return error->message;
    }

  return NULL;
}

/**
 * aduan_kiosk_flow_state_check_step:
 * @step: the step to check
 * @place: where the kiosk stands
 * @catalog: (nullable): the categories
 *
 * Returns: (transfer full) (nullable): what the step still needs, as a
 *   sentence for the citizen, or %NULL when it is done
 */
char *
aduan_kiosk_flow_state_check_step (AduanKioskFlowState   *self,
                                   AduanKioskStep         step,
                                   const AduanKioskPlace *place,
                                   AduanCatalog          *catalog)
{
  g_autoptr(AduanComplaint) complaint = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  const char *message = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (place != NULL, NULL);

  complaint = aduan_kiosk_flow_state_to_complaint (self, place, g_get_real_time ());
  errors = aduan_complaint_check (complaint, catalog, NULL);

  switch (step)
    {
    case ADUAN_KIOSK_STEP_KIND:
      if (!self->kind_chosen)
        return g_strdup (_("Choose what you would like to do."));
      return NULL;

    case ADUAN_KIOSK_STEP_CATEGORY:
      if (*self->category == '\0')
        return g_strdup (_("Choose what your report is about."));
      message = first_error_for (errors, "category");
      break;

    case ADUAN_KIOSK_STEP_WHAT:
      if (is_blank (self->description))
        return g_strdup (_("Write what happened, in your own words."));
      message = first_error_for (errors, "description");
      if (message == NULL)
        message = first_error_for (errors, "title");
      break;

    case ADUAN_KIOSK_STEP_WHERE:
      if (self->here && aduan_kiosk_place_is_known (place))
        return NULL;
      if (*self->village_code != '\0')
        return NULL;
      if (!is_blank (self->village_label))
        return g_strdup (_("Touch your village in the list that opens as you type."));
      return g_strdup (_("Type the name of the village where it happened."));

    case ADUAN_KIOSK_STEP_WHO:
      if (self->anonymous)
        return NULL;
      if (is_blank (self->reporter_name))
        return g_strdup (_("Write your name, or choose not to give it."));
      message = first_error_for (errors, "reporter");
      break;

    case ADUAN_KIOSK_STEP_REVIEW:
      for (AduanKioskStep s = ADUAN_KIOSK_STEP_KIND; s < ADUAN_KIOSK_STEP_REVIEW; s++)
        {
          char *earlier = aduan_kiosk_flow_state_check_step (self, s, place, catalog);

          if (earlier != NULL)
            return earlier;
        }
      if (errors != NULL && errors->len > 0)
        message = ((AduanFieldError *) g_ptr_array_index (errors, 0))->message;
      break;

    case ADUAN_KIOSK_N_STEPS:
    default:
      g_return_val_if_reached (NULL);
    }

  return g_strdup (message);
}

/**
 * aduan_kiosk_flow_state_go_next:
 * @out_message: (out) (optional) (transfer full): why not, when it cannot
 *
 * Moves on to the next step if this one is done. From the review there is
 * no next step: submitting is the window's.
 *
 * Returns: %TRUE if the step changed
 */
gboolean
aduan_kiosk_flow_state_go_next (AduanKioskFlowState    *self,
                                const AduanKioskPlace  *place,
                                AduanCatalog           *catalog,
                                char                  **out_message)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  message = aduan_kiosk_flow_state_check_step (self, self->step, place, catalog);
  if (message == NULL && self->step + 1 < ADUAN_KIOSK_N_STEPS)
    {
      self->step++;
      return TRUE;
    }

  if (out_message != NULL)
    *out_message = g_steal_pointer (&message);
  return FALSE;
}

/**
 * aduan_kiosk_flow_state_go_back:
 *
 * Goes one step back, keeping everything entered.
 *
 * Returns: %TRUE if there was a step before
 */
gboolean
aduan_kiosk_flow_state_go_back (AduanKioskFlowState *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->step == ADUAN_KIOSK_STEP_KIND)
    return FALSE;

  self->step--;
  return TRUE;
}

/**
 * aduan_kiosk_flow_state_get_position:
 *
 * Returns: the step's number as a person counts, from 1
 */
guint
aduan_kiosk_flow_state_get_position (AduanKioskFlowState *self)
{
  g_return_val_if_fail (self != NULL, 1);

  return (guint) self->step + 1;
}

void
aduan_kiosk_place_clear (AduanKioskPlace *place)
{
  g_clear_pointer (&place->village_code, g_free);
  g_clear_pointer (&place->village_label, g_free);
  place->has_location = FALSE;
}

/**
 * aduan_kiosk_place_is_known:
 *
 * Returns: whether the kiosk knows where it stands, by coordinates or
 *   by village
 */
gboolean
aduan_kiosk_place_is_known (const AduanKioskPlace *place)
{
  g_return_val_if_fail (place != NULL, FALSE);

  return place->has_location || (place->village_code != NULL && *place->village_code != '\0');
}
