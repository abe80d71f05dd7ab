/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "aduan-error.h"
#include "aduan-store-private.h"
#include "aduan-survey-store.h"

/*
 * Surveys in the device store (the `surveys` table, schema 5): saved with
 * synchronous=FULL like complaints, and sent to the hub by the sync
 * engine (PUT /v1/surveys/{uuid}), oldest first. Scores are kept as
 * "4,3,4,…" in element order.
 */

typedef AduanStore StoreLock;

static StoreLock *
store_lock (AduanStore *store)
{
  _aduan_store_lock (store);
  return store;
}

static void
store_unlock (StoreLock *store)
{
  _aduan_store_unlock (store);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StoreLock, store_unlock)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static char *
scores_to_text (const guint8 *scores)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < ADUAN_SURVEY_N_ELEMENTS; i++)
    g_string_append_printf (text, "%s%u", i > 0 ? "," : "", scores[i]);

  return g_string_free (text, FALSE);
}

static gboolean
scores_from_text (const char *text,
                  guint8     *scores)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);

  if (g_strv_length (parts) != ADUAN_SURVEY_N_ELEMENTS)
    return FALSE;

  for (guint i = 0; i < ADUAN_SURVEY_N_ELEMENTS; i++)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (parts[i], 10, ADUAN_SURVEY_MIN_SCORE, ADUAN_SURVEY_MAX_SCORE,
                                       &value, NULL))
        return FALSE;
      scores[i] = (guint8) value;
    }

  return TRUE;
}

/**
 * aduan_survey_store_save:
 * @survey: a checked survey
 *
 * Saves a survey durably. Saving the same UUID again with the same
 * answers changes nothing; with other answers it is
 * %ADUAN_ERROR_CONFLICT.
 *
 * Returns: %TRUE once it is on disk
 */
gboolean
aduan_survey_store_save (AduanStore   *store,
                         AduanSurvey  *survey,
                         GError      **error)
{
  g_autoptr(StoreLock) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *scores = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (ADUAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (survey != NULL, FALSE);

  if (!aduan_survey_validate (survey, error))
    return FALSE;

  if (aduan_store_is_read_only (store))
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_READ_ONLY,
                           _("The data on this device can be read, but nothing new can be saved"));
      return FALSE;
    }

  locker = store_lock (store);
  db = _aduan_store_get_db (store);
  scores = scores_to_text (survey->scores);

  rc = sqlite3_prepare_v2 (db,
                           "INSERT INTO surveys (uuid, answered_at, channel, scores, sync_state)"
                           " VALUES (?1, ?2, ?3, ?4, 'waiting')"
                           " ON CONFLICT (uuid) DO NOTHING",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, survey->uuid, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, survey->answered_at);
      sqlite3_bind_text (stmt, 3, aduan_channel_to_string (survey->channel), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, scores, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _aduan_store_set_error (error, db, rc, N_("saving the survey"));
      return FALSE;
    }

  if (sqlite3_changes (db) == 0)
    {
      g_autoptr(sqlite3_stmt) same = NULL;

      rc = sqlite3_prepare_v2 (db, "SELECT scores FROM surveys WHERE uuid = ?1", -1, &same, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_text (same, 1, survey->uuid, -1, SQLITE_STATIC);
          rc = sqlite3_step (same);
        }
      if (rc != SQLITE_ROW)
        {
          _aduan_store_set_error (error, db, rc, N_("saving the survey"));
          return FALSE;
        }
      if (g_strcmp0 ((const char *) sqlite3_column_text (same, 0), scores) != 0)
        {
          g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_CONFLICT,
                       _("Another survey was saved under the identifier %s"), survey->uuid);
          return FALSE;
        }
    }

  survey->sync_state = ADUAN_SYNC_STATE_WAITING;
  return TRUE;
}

/**
 * aduan_survey_store_list_unsent:
 * @limit: at most this many, 0 for all
 *
 * Returns: (transfer full) (element-type AduanSurvey): the surveys the
 *   hub does not hold yet, oldest first
 */
GPtrArray *
aduan_survey_store_list_unsent (AduanStore  *store,
                                guint        limit,
                                GError     **error)
{
  g_autoptr(StoreLock) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) surveys = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (ADUAN_IS_STORE (store), NULL);

  locker = store_lock (store);
  db = _aduan_store_get_db (store);
  surveys = g_ptr_array_new_with_free_func ((GDestroyNotify) aduan_survey_free);

  rc = sqlite3_prepare_v2 (db,
                           "SELECT uuid, answered_at, channel, scores FROM surveys"
                           " WHERE sync_state = 'waiting' ORDER BY answered_at, uuid LIMIT ?1",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64) limit : -1);

  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(AduanSurvey) survey = g_new0 (AduanSurvey, 1);

      survey->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      survey->answered_at = sqlite3_column_int64 (stmt, 1);
      survey->sync_state = ADUAN_SYNC_STATE_WAITING;
      if (!aduan_channel_from_string ((const char *) sqlite3_column_text (stmt, 2), &survey->channel) ||
          !scores_from_text ((const char *) sqlite3_column_text (stmt, 3), survey->scores))
        {
          g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_CORRUPT,
                       _("The survey %s is damaged in the data file"), survey->uuid);
          return NULL;
        }
      g_ptr_array_add (surveys, g_steal_pointer (&survey));
      rc = SQLITE_OK;
    }

  if (rc != SQLITE_DONE)
    {
      _aduan_store_set_error (error, db, rc, N_("reading the surveys"));
      return NULL;
    }

  return g_steal_pointer (&surveys);
}

/**
 * aduan_survey_store_mark:
 * @state: %ADUAN_SYNC_STATE_SENT once the hub holds it,
 *   %ADUAN_SYNC_STATE_FAILED when it refused it for good
 *
 * Returns: %TRUE on success
 */
gboolean
aduan_survey_store_mark (AduanStore      *store,
                         const char      *uuid,
                         AduanSyncState   state,
                         GError         **error)
{
  g_autoptr(StoreLock) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (ADUAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  locker = store_lock (store);
  db = _aduan_store_get_db (store);

  rc = sqlite3_prepare_v2 (db, "UPDATE surveys SET sync_state = ?2 WHERE uuid = ?1", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, aduan_sync_state_to_string (state), -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _aduan_store_set_error (error, db, rc, N_("updating the surveys"));
      return FALSE;
    }

  return TRUE;
}

/**
 * aduan_survey_store_compute_ikm:
 * @out_ikm: (out caller-allocates): the index of every survey on the device
 *
 * Returns: %TRUE on success
 */
gboolean
aduan_survey_store_compute_ikm (AduanStore  *store,
                                AduanIkm    *out_ikm,
                                GError     **error)
{
  g_autoptr(StoreLock) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (ADUAN_IS_STORE (store), FALSE);
  g_return_val_if_fail (out_ikm != NULL, FALSE);

  locker = store_lock (store);
  db = _aduan_store_get_db (store);
  aduan_ikm_init (out_ikm);

  rc = sqlite3_prepare_v2 (db, "SELECT scores FROM surveys", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint8 scores[ADUAN_SURVEY_N_ELEMENTS];

      if (scores_from_text ((const char *) sqlite3_column_text (stmt, 0), scores))
        aduan_ikm_add (out_ikm, scores);
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    {
      _aduan_store_set_error (error, db, rc, N_("reading the surveys"));
      return FALSE;
    }

  aduan_ikm_finish (out_ikm);
  return TRUE;
}
