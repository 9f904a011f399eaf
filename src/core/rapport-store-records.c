/* rapport-store-records.c
 *
 * Contact history, follow-ups, contracts and renewal notices, cases,
 * feedback and service targets.
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rapport-error.h"
#include "rapport-recurrence.h"
#include "rapport-store-private.h"
#include "rapport-text.h"
#include "rapport-time.h"
#include "rapport-validate.h"

/* Two weeks of handle time is a typing mistake, not a call. */
#define MAX_HANDLE_TIME (14 * 24 * 3600)

static void
tidy (char **text)
{
  if (*text == NULL)
    return;

  g_strstrip (*text);
  if (**text == '\0')
    g_clear_pointer (text, g_free);
}

static gboolean
check_enum (const RapportEnumInfo  *info,
            int                     value,
            const char             *field,
            GError                **error)
{
  for (guint i = 0; info[i].key != NULL; i++)
    if (info[i].value == value)
      return TRUE;

  g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
               _("%s: unknown value %d"), field, value);
  return FALSE;
}

static gboolean
row_exists (RapportStore  *self,
            const char    *sql,
            gint64         id)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  if (!(stmt = rapport_store_prepare (self, sql, NULL)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  return found;
}

static gboolean
check_customer (RapportStore  *self,
                gint64         customer_id,
                GError       **error)
{
  if (customer_id > 0 &&
      row_exists (self, "SELECT 1 FROM customer WHERE id = ? AND deleted IS NULL", customer_id))
    return TRUE;

  g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
               _("customer: there is no customer %" G_GINT64_FORMAT), customer_id);
  return FALSE;
}

static gboolean
check_date (char        **date,
            const char   *field,
            gboolean      required,
            GError      **error)
{
  char canonical[11];

  tidy (date);
  if (*date == NULL)
    {
      if (!required)
        return TRUE;

      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("%s: a date is required (YYYY-MM-DD)"), field);
      return FALSE;
    }

  if (!rapport_parse_date (*date, field, canonical, error))
    return FALSE;

  g_free (*date);
  *date = g_strdup (canonical);
  return TRUE;
}

/* Runs a one-row DELETE inside its own transaction. */
static gboolean
delete_by_id (RapportStore  *self,
              const char    *sql,
              RapportEntity  entity,
              const char    *what,
              gint64         id,
              GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  if (!rapport_store_begin (self, error))
    return FALSE;

  if ((stmt = rapport_store_prepare (self, sql, error)))
    {
      sqlite3_bind_int64 (stmt, 1, id);
      if (rapport_store_step_done (self, stmt, error))
        {
          if (sqlite3_changes (self->db) == 0)
            g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                         /* Translators: %s is a kind of record ("follow-up", "contract"), then its id */
                         _("There is no %s %" G_GINT64_FORMAT), what, id);
          else
            {
              rapport_store_queue_change (self, entity, RAPPORT_CHANGE_REMOVED, id);
              ok = TRUE;
            }
        }
    }

  return rapport_store_end (self, ok, error);
}

static gboolean
finish_insert (RapportStore  *self,
               sqlite3_stmt  *stmt,
               const char    *uid,
               gint64        *id,
               GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      gboolean duplicate = (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_UNIQUE);

      sqlite3_reset (stmt);
      if (duplicate)
        {
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_CONFLICT,
                       _("uid: a record with UID “%s” already exists"), uid);
          return FALSE;
        }
      return rapport_store_set_db_error (self, error);
    }

  sqlite3_reset (stmt);
  *id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

static gboolean
finish_update (RapportStore  *self,
               sqlite3_stmt  *stmt,
               const char    *what,
               gint64         id,
               GError       **error)
{
  if (!rapport_store_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                   /* Translators: %s is a kind of record ("follow-up", "contract"), then its id */
                   _("There is no %s %" G_GINT64_FORMAT), what, id);
      return FALSE;
    }

  return TRUE;
}

gboolean
rapport_store_refresh_customer_dates (RapportStore  *self,
                                      gint64         customer_id,
                                      GError       **error)
{
  sqlite3_stmt *stmt;

  /* A follow-up that belongs to no customer yet dates nobody. */
  if (customer_id == 0)
    return TRUE;

  if (!(stmt = rapport_store_prepare (self,
                                      "UPDATE customer SET"
                                      " last_contact = (SELECT max (occurred_at) FROM interaction WHERE customer_id = ?1),"
                                      " next_follow_up = (SELECT min (coalesce (snoozed_until, due)) FROM follow_up"
                                      "                   WHERE customer_id = ?1 AND state = 0)"
                                      " WHERE id = ?1",
                                      error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  return rapport_store_step_done (self, stmt, error);
}

/* Interactions -------------------------------------------------------- */

#define INTERACTION_COLUMNS \
  "id, uid, customer_id, occurred_at, channel, direction, contact_name, contact_point, subject, body," \
  " action_requested, action_promised, recorded_by, handle_time, outcome, case_id, created, modified"

static RapportInteraction *
read_interaction (sqlite3_stmt *stmt)
{
  RapportInteraction *self = rapport_interaction_new ();

  self->id = sqlite3_column_int64 (stmt, 0);
  self->uid = rapport_column_dup (stmt, 1);
  self->customer_id = sqlite3_column_int64 (stmt, 2);
  self->when = sqlite3_column_int64 (stmt, 3);
  self->channel = sqlite3_column_int (stmt, 4);
  self->direction = sqlite3_column_int (stmt, 5);
  self->contact_name = rapport_column_dup (stmt, 6);
  self->contact_point = rapport_column_dup (stmt, 7);
  self->subject = rapport_column_dup (stmt, 8);
  self->body = rapport_column_dup (stmt, 9);
  self->action_requested = rapport_column_dup (stmt, 10);
  self->action_promised = rapport_column_dup (stmt, 11);
  self->recorded_by = rapport_column_dup (stmt, 12);
  self->handle_time = sqlite3_column_int64 (stmt, 13);
  self->outcome = rapport_column_dup (stmt, 14);
  self->case_id = sqlite3_column_int64 (stmt, 15);
  self->created = sqlite3_column_int64 (stmt, 16);
  self->modified = sqlite3_column_int64 (stmt, 17);

  return self;
}

static gboolean
validate_interaction (RapportStore        *self,
                      RapportInteraction  *interaction,
                      GError             **error)
{
  if (!rapport_interaction_check_text (interaction, error))
    return FALSE;

  tidy (&interaction->contact_name);
  tidy (&interaction->contact_point);
  tidy (&interaction->subject);
  tidy (&interaction->body);
  tidy (&interaction->action_requested);
  tidy (&interaction->action_promised);
  tidy (&interaction->recorded_by);
  tidy (&interaction->outcome);

  if (!check_customer (self, interaction->customer_id, error) ||
      !check_enum (rapport_channel_info, interaction->channel, _("channel"), error) ||
      !check_enum (rapport_direction_info, interaction->direction, _("direction"), error))
    return FALSE;

  if (interaction->channel == RAPPORT_CHANNEL_NONE)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("channel: say how the customer was in touch (phone, email, ...)"));
      return FALSE;
    }

  if (interaction->subject == NULL && interaction->body == NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("subject: say what the interaction was about"));
      return FALSE;
    }

  if (interaction->handle_time < 0 || interaction->handle_time > MAX_HANDLE_TIME)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("handle time: must be between 0 and 14 days"));
      return FALSE;
    }

  if (interaction->case_id != 0 &&
      !row_exists (self, "SELECT 1 FROM service_case WHERE id = ?", interaction->case_id))
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("case: there is no case %" G_GINT64_FORMAT), interaction->case_id);
      return FALSE;
    }

  if (interaction->when == 0)
    interaction->when = rapport_store_now ();

  return TRUE;
}

static void
bind_interaction (sqlite3_stmt             *stmt,
                  const RapportInteraction *interaction)
{
  sqlite3_bind_text (stmt, 1, interaction->uid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, interaction->customer_id);
  sqlite3_bind_int64 (stmt, 3, interaction->when);
  sqlite3_bind_int (stmt, 4, interaction->channel);
  sqlite3_bind_int (stmt, 5, interaction->direction);
  rapport_bind_text (stmt, 6, interaction->contact_name);
  rapport_bind_text (stmt, 7, interaction->contact_point);
  rapport_bind_text (stmt, 8, interaction->subject);
  rapport_bind_text (stmt, 9, interaction->body);
  rapport_bind_text (stmt, 10, interaction->action_requested);
  rapport_bind_text (stmt, 11, interaction->action_promised);
  rapport_bind_text (stmt, 12, interaction->recorded_by);
  sqlite3_bind_int64 (stmt, 13, interaction->handle_time);
  rapport_bind_text (stmt, 14, interaction->outcome);
  rapport_bind_id (stmt, 15, interaction->case_id);
  sqlite3_bind_int64 (stmt, 16, interaction->created);
  sqlite3_bind_int64 (stmt, 17, interaction->modified);
}

/* Adds (@remove FALSE) or removes the search entry of @interaction as
 * stored: the external-content index needs the old values to remove. */
static gboolean
index_interaction (RapportStore              *self,
                   const RapportInteraction  *interaction,
                   gboolean                   remove,
                   GError                   **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = rapport_store_prepare (self,
                                      remove
                                      ? "INSERT INTO interaction_fts (interaction_fts, rowid, subject, body,"
                                        " action_requested, action_promised, contact_name)"
                                        " VALUES ('delete', ?1, ?2, ?3, ?4, ?5, ?6)"
                                      : "INSERT INTO interaction_fts (rowid, subject, body,"
                                        " action_requested, action_promised, contact_name)"
                                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                      error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, interaction->id);
  rapport_bind_text (stmt, 2, interaction->subject);
  rapport_bind_text (stmt, 3, interaction->body);
  rapport_bind_text (stmt, 4, interaction->action_requested);
  rapport_bind_text (stmt, 5, interaction->action_promised);
  rapport_bind_text (stmt, 6, interaction->contact_name);

  return rapport_store_step_done (self, stmt, error);
}

gboolean
rapport_store_add_interaction (RapportStore        *self,
                               RapportInteraction  *interaction,
                               GError             **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (interaction != NULL && interaction->id == 0, FALSE);

  if (!rapport_store_begin (self, error))
    return FALSE;

  if (!validate_interaction (self, interaction, error))
    goto out;

  if (interaction->uid == NULL)
    interaction->uid = rapport_store_new_uid ();
  interaction->created = interaction->modified = rapport_store_now ();

  if (!(stmt = rapport_store_prepare (self,
                                      "INSERT INTO interaction (uid, customer_id, occurred_at, channel, direction,"
                                      " contact_name, contact_point, subject, body, action_requested, action_promised,"
                                      " recorded_by, handle_time, outcome, case_id, created, modified)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                                      error)))
    goto out;

  bind_interaction (stmt, interaction);
  if (!finish_insert (self, stmt, interaction->uid, &interaction->id, error) ||
      !index_interaction (self, interaction, FALSE, error) ||
      !rapport_store_refresh_customer_dates (self, interaction->customer_id, error))
    goto out;

  rapport_store_queue_change (self, RAPPORT_ENTITY_INTERACTION, RAPPORT_CHANGE_ADDED, interaction->id);
  ok = TRUE;

out:
  if (!ok)
    {
      interaction->id = 0;
      g_prefix_error (error, _("interaction: "));
    }
  return rapport_store_end (self, ok, error);
}

gboolean
rapport_store_update_interaction (RapportStore        *self,
                                  RapportInteraction  *interaction,
                                  GError             **error)
{
  g_autoptr(RapportInteraction) old = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (interaction != NULL && interaction->id > 0, FALSE);

  if (!rapport_store_begin (self, error))
    return FALSE;

  if (!validate_interaction (self, interaction, error))
    goto out;

  if (!(old = rapport_store_get_interaction (self, interaction->id, error)) ||
      !index_interaction (self, old, TRUE, error))
    goto out;

  interaction->modified = rapport_store_now ();
  if (!(stmt = rapport_store_prepare (self,
                                      "UPDATE interaction SET customer_id = ?2, occurred_at = ?3, channel = ?4,"
                                      " direction = ?5, contact_name = ?6, contact_point = ?7, subject = ?8, body = ?9,"
                                      " action_requested = ?10, action_promised = ?11, recorded_by = ?12,"
                                      " handle_time = ?13, outcome = ?14, case_id = ?15, modified = ?17"
                                      " WHERE id = ?18",
                                      error)))
    goto out;

  bind_interaction (stmt, interaction);
  sqlite3_bind_int64 (stmt, 18, interaction->id);
  if (!finish_update (self, stmt, _("interaction"), interaction->id, error) ||
      !index_interaction (self, interaction, FALSE, error) ||
      !rapport_store_refresh_customer_dates (self, old->customer_id, error) ||
      !rapport_store_refresh_customer_dates (self, interaction->customer_id, error))
    goto out;

  rapport_store_queue_change (self, RAPPORT_ENTITY_INTERACTION, RAPPORT_CHANGE_MODIFIED, interaction->id);
  ok = TRUE;

out:
  if (!ok)
    g_prefix_error (error, _("interaction %" G_GINT64_FORMAT ": "), interaction->id);
  return rapport_store_end (self, ok, error);
}

gboolean
rapport_store_delete_interaction (RapportStore  *self,
                                  gint64         id,
                                  GError       **error)
{
  g_autoptr(RapportInteraction) old = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  if (!rapport_store_begin (self, error))
    return FALSE;

  if (!(old = rapport_store_get_interaction (self, id, error)) ||
      !index_interaction (self, old, TRUE, error) ||
      !(stmt = rapport_store_prepare (self, "DELETE FROM interaction WHERE id = ?", error)))
    goto out;

  sqlite3_bind_int64 (stmt, 1, id);
  if (!rapport_store_step_done (self, stmt, error) ||
      !rapport_store_refresh_customer_dates (self, old->customer_id, error))
    goto out;

  rapport_store_queue_change (self, RAPPORT_ENTITY_INTERACTION, RAPPORT_CHANGE_REMOVED, id);
  ok = TRUE;

out:
  return rapport_store_end (self, ok, error);
}

RapportInteraction *
rapport_store_get_interaction (RapportStore  *self,
                               gint64         id,
                               GError       **error)
{
  sqlite3_stmt *stmt;
  RapportInteraction *interaction = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!(stmt = rapport_store_prepare (self, "SELECT " INTERACTION_COLUMNS " FROM interaction WHERE id = ?", error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    interaction = read_interaction (stmt);
  sqlite3_reset (stmt);

  if (interaction == NULL)
    g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                 _("There is no interaction %" G_GINT64_FORMAT), id);

  return interaction;
}

GPtrArray *
rapport_store_list_interactions (RapportStore  *self,
                                 gint64         customer_id,
                                 guint          limit,
                                 GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!(stmt = rapport_store_prepare (self,
                                      "SELECT " INTERACTION_COLUMNS " FROM interaction WHERE customer_id = ?1"
                                      " ORDER BY occurred_at DESC, id DESC LIMIT ?2",
                                      error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);

  return rapport_store_collect (self, stmt, (RapportRowReader) read_interaction,
                                (GDestroyNotify) rapport_interaction_free, error);
}

/* Follow-ups ---------------------------------------------------------- */

#define FOLLOW_UP_COLUMNS \
  "f.id, f.uid, f.customer_id, c.display_name, f.due, f.time_zone, f.title, f.notes, f.priority," \
  " f.state, f.snoozed_until, f.rrule, f.origin_interaction_id, f.completed_at, f.owner, f.created, f.modified"

static RapportFollowUp *
read_follow_up (sqlite3_stmt *stmt)
{
  RapportFollowUp *self = rapport_follow_up_new ();

  self->id = sqlite3_column_int64 (stmt, 0);
  self->uid = rapport_column_dup (stmt, 1);
  self->customer_id = sqlite3_column_int64 (stmt, 2);
  self->customer_name = rapport_column_dup (stmt, 3);
  self->due = sqlite3_column_int64 (stmt, 4);
  self->time_zone = rapport_column_dup (stmt, 5);
  self->title = rapport_column_dup (stmt, 6);
  self->notes = rapport_column_dup (stmt, 7);
  self->priority = sqlite3_column_int (stmt, 8);
  self->state = sqlite3_column_int (stmt, 9);
  self->snoozed_until = sqlite3_column_int64 (stmt, 10);
  self->rrule = rapport_column_dup (stmt, 11);
  self->origin_interaction_id = sqlite3_column_int64 (stmt, 12);
  self->completed_at = sqlite3_column_int64 (stmt, 13);
  self->owner = rapport_column_dup (stmt, 14);
  self->created = sqlite3_column_int64 (stmt, 15);
  self->modified = sqlite3_column_int64 (stmt, 16);

  return self;
}

/* How a follow-up's recurrence is looked at when it is written. */
typedef enum
{
  RECURRENCE_ENTERED,   /* refused unless completing it would work */
  RECURRENCE_KEPT,      /* as it is stored, or as another app wrote it */
} RecurrenceCheck;

static gboolean
validate_follow_up (RapportStore     *self,
                    RapportFollowUp  *follow_up,
                    RecurrenceCheck   check,
                    GError          **error)
{
  if (!rapport_follow_up_check_text (follow_up, error))
    return FALSE;

  tidy (&follow_up->title);
  tidy (&follow_up->notes);
  tidy (&follow_up->time_zone);
  tidy (&follow_up->rrule);
  tidy (&follow_up->owner);

  /* customer_id 0: it belongs to no customer yet (a task from another app). */
  if ((follow_up->customer_id != 0 && !check_customer (self, follow_up->customer_id, error)) ||
      !check_enum (rapport_follow_up_state_info, follow_up->state, _("state"), error))
    return FALSE;

  if (follow_up->title == NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("title: say what is to be done"));
      return FALSE;
    }

  if (follow_up->due == 0)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("due: a follow-up needs a due date"));
      return FALSE;
    }

  if (follow_up->time_zone == NULL)
    {
      g_autoptr(GTimeZone) local = rapport_time_zone_new (NULL);

      follow_up->time_zone = g_strdup (g_time_zone_get_identifier (local));
    }
  else if (!rapport_validate_time_zone (follow_up->time_zone, _("time zone"), error))
    return FALSE;

  if (follow_up->priority < 0 || follow_up->priority > 9)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("priority: must be from 1 (highest) to 9 (lowest), or 0 for none"));
      return FALSE;
    }

  /* A rule is refused where it is entered, not when the follow-up is
   * done: the check finds its next occurrence as completing does. */
  if (follow_up->rrule != NULL && check == RECURRENCE_ENTERED && follow_up->state == RAPPORT_FOLLOW_UP_OPEN)
    {
      char *normalized = rapport_recurrence_check (follow_up->rrule, follow_up->due, follow_up->time_zone,
                                                   _("recurrence"), error);

      if (normalized == NULL)
        return FALSE;
      g_free (follow_up->rrule);
      follow_up->rrule = normalized;
    }

  if (follow_up->snoozed_until < 0)
    follow_up->snoozed_until = 0;

  if (follow_up->origin_interaction_id != 0 &&
      !row_exists (self, "SELECT 1 FROM interaction WHERE id = ?", follow_up->origin_interaction_id))
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("origin: there is no interaction %" G_GINT64_FORMAT),
                   follow_up->origin_interaction_id);
      return FALSE;
    }

  return TRUE;
}

static void
bind_follow_up (sqlite3_stmt          *stmt,
                const RapportFollowUp *follow_up)
{
  sqlite3_bind_text (stmt, 1, follow_up->uid, -1, SQLITE_STATIC);
  rapport_bind_id (stmt, 2, follow_up->customer_id);
  sqlite3_bind_int64 (stmt, 3, follow_up->due);
  sqlite3_bind_text (stmt, 4, follow_up->time_zone, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, follow_up->title, -1, SQLITE_STATIC);
  rapport_bind_text (stmt, 6, follow_up->notes);
  sqlite3_bind_int (stmt, 7, follow_up->priority);
  sqlite3_bind_int (stmt, 8, follow_up->state);
  rapport_bind_instant (stmt, 9, follow_up->snoozed_until);
  rapport_bind_text (stmt, 10, follow_up->rrule);
  rapport_bind_id (stmt, 11, follow_up->origin_interaction_id);
  rapport_bind_instant (stmt, 12, follow_up->completed_at);
  rapport_bind_text (stmt, 13, follow_up->owner);
  sqlite3_bind_int64 (stmt, 14, follow_up->created);
  sqlite3_bind_int64 (stmt, 15, follow_up->modified);
}

static gboolean
insert_follow_up (RapportStore     *self,
                  RapportFollowUp  *follow_up,
                  RecurrenceCheck   check,
                  GError          **error)
{
  sqlite3_stmt *stmt;

  if (!validate_follow_up (self, follow_up, check, error))
    return FALSE;

  if (follow_up->uid == NULL)
    follow_up->uid = rapport_store_new_uid ();
  follow_up->created = follow_up->modified = rapport_store_now ();

  if (!(stmt = rapport_store_prepare (self,
                                      "INSERT INTO follow_up (uid, customer_id, due, time_zone, title, notes, priority,"
                                      " state, snoozed_until, rrule, origin_interaction_id, completed_at, owner,"
                                      " created, modified)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                                      error)))
    return FALSE;

  bind_follow_up (stmt, follow_up);
  if (!finish_insert (self, stmt, follow_up->uid, &follow_up->id, error) ||
      !rapport_store_refresh_customer_dates (self, follow_up->customer_id, error))
    return FALSE;

  rapport_store_queue_change (self, RAPPORT_ENTITY_FOLLOW_UP, RAPPORT_CHANGE_ADDED, follow_up->id);
  return TRUE;
}

static char *
follow_up_label (const RapportFollowUp *follow_up)
{
  if (follow_up->title != NULL)
    {
      g_autofree char *shown = rapport_text_for_message (follow_up->title, -1);

      return g_strdup_printf (_("follow-up “%s”: "), shown);
    }
  return g_strdup (_("follow-up: "));
}

static gboolean
add_follow_up (RapportStore     *self,
               RapportFollowUp  *follow_up,
               RecurrenceCheck   check,
               GError          **error)
{
  gboolean ok;

  if (!rapport_store_begin (self, error))
    return FALSE;

  ok = insert_follow_up (self, follow_up, check, error);
  if (!ok)
    {
      g_autofree char *label = follow_up_label (follow_up);

      follow_up->id = 0;
      g_prefix_error (error, "%s", label);
    }

  return rapport_store_end (self, ok, error);
}

gboolean
rapport_store_add_follow_up (RapportStore     *self,
                             RapportFollowUp  *follow_up,
                             GError          **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (follow_up != NULL && follow_up->id == 0, FALSE);

  return add_follow_up (self, follow_up, RECURRENCE_ENTERED, error);
}

gboolean
rapport_store_add_received_follow_up (RapportStore     *self,
                                      RapportFollowUp  *follow_up,
                                      GError          **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (follow_up != NULL && follow_up->id == 0, FALSE);

  return add_follow_up (self, follow_up, RECURRENCE_KEPT, error);
}

/* A recurrence is entered when it, the due date or the zone it runs in
 * changes. */
static RecurrenceCheck
recurrence_change (RapportStore          *self,
                   const RapportFollowUp *follow_up)
{
  g_autoptr(RapportFollowUp) stored = rapport_store_get_follow_up (self, follow_up->id, NULL);

  if (stored != NULL &&
      g_strcmp0 (stored->rrule, follow_up->rrule) == 0 &&
      stored->due == follow_up->due &&
      g_strcmp0 (stored->time_zone, follow_up->time_zone) == 0)
    return RECURRENCE_KEPT;

  return RECURRENCE_ENTERED;
}

static gboolean
update_follow_up (RapportStore     *self,
                  RapportFollowUp  *follow_up,
                  gboolean          received,
                  GError          **error)
{
  gint64 old_customer = 0;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  if (!rapport_store_begin (self, error))
    return FALSE;

  if (!validate_follow_up (self, follow_up,
                           received ? RECURRENCE_KEPT : recurrence_change (self, follow_up),
                           error))
    goto out;

  if (!(stmt = rapport_store_prepare (self, "SELECT customer_id FROM follow_up WHERE id = ?", error)))
    goto out;
  sqlite3_bind_int64 (stmt, 1, follow_up->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    old_customer = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  follow_up->modified = rapport_store_now ();
  if (!(stmt = rapport_store_prepare (self,
                                      "UPDATE follow_up SET customer_id = ?2, due = ?3, time_zone = ?4, title = ?5,"
                                      " notes = ?6, priority = ?7, state = ?8, snoozed_until = ?9, rrule = ?10,"
                                      " origin_interaction_id = ?11, completed_at = ?12, owner = ?13, modified = ?15"
                                      " WHERE id = ?16",
                                      error)))
    goto out;

  bind_follow_up (stmt, follow_up);
  sqlite3_bind_int64 (stmt, 16, follow_up->id);
  if (!finish_update (self, stmt, _("follow-up"), follow_up->id, error) ||
      (old_customer != follow_up->customer_id &&
       !rapport_store_refresh_customer_dates (self, old_customer, error)) ||
      !rapport_store_refresh_customer_dates (self, follow_up->customer_id, error))
    goto out;

  rapport_store_queue_change (self, RAPPORT_ENTITY_FOLLOW_UP, RAPPORT_CHANGE_MODIFIED, follow_up->id);
  ok = TRUE;

out:
  if (!ok)
    {
      g_autofree char *label = follow_up_label (follow_up);

      g_prefix_error (error, "%s", label);
    }
  return rapport_store_end (self, ok, error);
}

gboolean
rapport_store_update_follow_up (RapportStore     *self,
                                RapportFollowUp  *follow_up,
                                GError          **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (follow_up != NULL && follow_up->id > 0, FALSE);

  return update_follow_up (self, follow_up, FALSE, error);
}

gboolean
rapport_store_update_received_follow_up (RapportStore     *self,
                                         RapportFollowUp  *follow_up,
                                         GError          **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (follow_up != NULL && follow_up->id > 0, FALSE);

  return update_follow_up (self, follow_up, TRUE, error);
}

gboolean
rapport_store_delete_follow_up (RapportStore  *self,
                                gint64         id,
                                GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 customer_id = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  if (!rapport_store_begin (self, error))
    return FALSE;

  if (!(stmt = rapport_store_prepare (self, "SELECT customer_id FROM follow_up WHERE id = ?", error)))
    goto out;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    customer_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  ok = delete_by_id (self, "DELETE FROM follow_up WHERE id = ?", RAPPORT_ENTITY_FOLLOW_UP,
                     _("follow-up"), id, error) &&
       rapport_store_refresh_customer_dates (self, customer_id, error);

out:
  return rapport_store_end (self, ok, error);
}

RapportFollowUp *
rapport_store_get_follow_up (RapportStore  *self,
                             gint64         id,
                             GError       **error)
{
  sqlite3_stmt *stmt;
  RapportFollowUp *follow_up = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!(stmt = rapport_store_prepare (self,
                                      "SELECT " FOLLOW_UP_COLUMNS " FROM follow_up f"
                                      " LEFT JOIN customer c ON c.id = f.customer_id"
                                      " WHERE f.id = ? AND c.deleted IS NULL",
                                      error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    follow_up = read_follow_up (stmt);
  sqlite3_reset (stmt);

  if (follow_up == NULL)
    g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                 _("There is no follow-up %" G_GINT64_FORMAT), id);

  return follow_up;
}

gboolean
rapport_store_complete_follow_up (RapportStore      *self,
                                  gint64             id,
                                  GDateTime         *now,
                                  RapportFollowUp  **next,
                                  GError           **error)
{
  g_autoptr(RapportFollowUp) follow_up = NULL;
  g_autoptr(RapportFollowUp) following = NULL;
  gint64 now_unix;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  if (next != NULL)
    *next = NULL;

  now_unix = now != NULL ? g_date_time_to_unix (now) : rapport_store_now ();

  if (!rapport_store_begin (self, error))
    return FALSE;

  if (!(follow_up = rapport_store_get_follow_up (self, id, error)))
    goto out;

  if (follow_up->state != RAPPORT_FOLLOW_UP_OPEN)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_CONFLICT,
                   _("follow-up %" G_GINT64_FORMAT " is already %s"),
                   id, rapport_enum_to_label (rapport_follow_up_state_info, follow_up->state));
      goto out;
    }

  if (follow_up->rrule != NULL)
    {
      gint64 next_due = 0;
      guint skipped = 0;

      /* The next occurrence after this one; occurrences missed while it was
       * overdue are not piled up: the series resumes after now. */
      if (!rapport_recurrence_next (follow_up->rrule, follow_up->due, follow_up->time_zone,
                                    MAX (follow_up->due, now_unix), &next_due, &skipped, error))
        {
          if (error != NULL && *error != NULL)
            goto out;
        }
      else
        {
          following = rapport_follow_up_copy (follow_up);
          following->id = 0;
          g_clear_pointer (&following->uid, g_free);
          following->due = next_due;
          following->snoozed_until = 0;
          following->completed_at = 0;
          following->state = RAPPORT_FOLLOW_UP_OPEN;
          g_free (following->rrule);
          following->rrule = rapport_recurrence_advance (follow_up->rrule, 1 + skipped);

          /* Found by completing: it repeats (also a rule from another
           * app that entry would refuse, or the last of a COUNT). */
          if (!insert_follow_up (self, following, RECURRENCE_KEPT, error))
            goto out;
        }
    }

  follow_up->state = RAPPORT_FOLLOW_UP_DONE;
  follow_up->completed_at = now_unix;
  follow_up->snoozed_until = 0;
  if (!rapport_store_update_follow_up (self, follow_up, error))
    goto out;

  ok = TRUE;

out:
  ok = rapport_store_end (self, ok, error);
  if (ok && next != NULL)
    *next = g_steal_pointer (&following);
  return ok;
}

gboolean
rapport_store_snooze_follow_up (RapportStore  *self,
                                gint64         id,
                                gint64         until,
                                GError       **error)
{
  g_autoptr(RapportFollowUp) follow_up = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  if (!rapport_store_begin (self, error))
    return FALSE;

  if (!(follow_up = rapport_store_get_follow_up (self, id, error)))
    goto out;

  if (follow_up->state != RAPPORT_FOLLOW_UP_OPEN)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_CONFLICT,
                   _("follow-up %" G_GINT64_FORMAT " is %s and cannot be snoozed"),
                   id, rapport_enum_to_label (rapport_follow_up_state_info, follow_up->state));
      goto out;
    }

  if (until <= 0)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("until: a snooze needs a time"));
      goto out;
    }

  follow_up->snoozed_until = until;
  ok = rapport_store_update_follow_up (self, follow_up, error);

out:
  return rapport_store_end (self, ok, error);
}

static void
day_bounds (GDateTime *now,
            gint64    *start_of_tomorrow)
{
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;

  midnight = g_date_time_new (g_date_time_get_timezone (now),
                              g_date_time_get_year (now),
                              g_date_time_get_month (now),
                              g_date_time_get_day_of_month (now),
                              0, 0, 0);
  /* Days, not 24 hours: a DST day has 23 or 25. */
  tomorrow = g_date_time_add_days (midnight, 1);
  *start_of_tomorrow = g_date_time_to_unix (tomorrow);
}

static const char *
due_condition (RapportDueRange range)
{
  switch (range)
    {
    case RAPPORT_DUE_OVERDUE:
      return "coalesce (f.snoozed_until, f.due) < ?1";
    case RAPPORT_DUE_TODAY:
      return "coalesce (f.snoozed_until, f.due) >= ?1 AND coalesce (f.snoozed_until, f.due) < ?2";
    case RAPPORT_DUE_UPCOMING:
      return "coalesce (f.snoozed_until, f.due) >= ?2";
    default:
      g_assert_not_reached ();
    }
}

static sqlite3_stmt *
prepare_due (RapportStore     *self,
             RapportDueRange   range,
             GDateTime        *now,
             const char       *columns,
             const char       *tail,
             GError          **error)
{
  g_autoptr(GDateTime) local_now = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 tomorrow;

  if (now == NULL)
    now = local_now = g_date_time_new_now_local ();

  day_bounds (now, &tomorrow);

  /* The trashed customers are few: excluding them keeps the count on the
   * follow_up_open_by_due index alone, and the list joins only the rows
   * it returns. Follow-ups that belong to no customer yet are a list of
   * their own (rapport_store_list_unassigned). */
  sql = g_strdup_printf ("SELECT %s FROM follow_up f%s"
                         " WHERE f.state = 0 AND %s AND f.customer_id IS NOT NULL"
                         " AND f.customer_id NOT IN (SELECT id FROM customer WHERE deleted IS NOT NULL)%s",
                         columns,
                         strstr (columns, "c.") != NULL ? " JOIN customer c ON c.id = f.customer_id" : "",
                         due_condition (range), tail);

  if (!(stmt = rapport_store_prepare (self, sql, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, g_date_time_to_unix (now));
  sqlite3_bind_int64 (stmt, 2, tomorrow);

  return stmt;
}

GPtrArray *
rapport_store_list_due (RapportStore     *self,
                        RapportDueRange   range,
                        GDateTime        *now,
                        guint             limit,
                        GError          **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *tail = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  tail = g_strdup_printf (" ORDER BY coalesce (f.snoozed_until, f.due), f.id LIMIT %d",
                          limit > 0 ? (int) MIN (limit, G_MAXINT) : -1);
  if (!(stmt = prepare_due (self, range, now, FOLLOW_UP_COLUMNS, tail, error)))
    return NULL;

  return rapport_store_collect (self, stmt, (RapportRowReader) read_follow_up,
                                (GDestroyNotify) rapport_follow_up_free, error);
}

guint
rapport_store_count_due (RapportStore     *self,
                         RapportDueRange   range,
                         GDateTime        *now,
                         GError          **error)
{
  sqlite3_stmt *stmt;
  guint count = 0;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), 0);

  if (!(stmt = prepare_due (self, range, now, "count (*)", "", error)))
    return 0;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  return count;
}

GPtrArray *
rapport_store_list_follow_ups (RapportStore  *self,
                               gint64         customer_id,
                               gboolean       open_only,
                               GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  /* "IS": customer_id 0 binds NULL, the follow-ups of no customer yet. */
  if (!(stmt = rapport_store_prepare (self,
                                      open_only
                                      ? "SELECT " FOLLOW_UP_COLUMNS " FROM follow_up f LEFT JOIN customer c ON c.id = f.customer_id"
                                        " WHERE f.customer_id IS ? AND f.state = 0 ORDER BY coalesce (f.snoozed_until, f.due), f.id"
                                      : "SELECT " FOLLOW_UP_COLUMNS " FROM follow_up f LEFT JOIN customer c ON c.id = f.customer_id"
                                        " WHERE f.customer_id IS ? ORDER BY f.state, coalesce (f.snoozed_until, f.due) DESC, f.id",
                                      error)))
    return NULL;

  rapport_bind_id (stmt, 1, customer_id);

  return rapport_store_collect (self, stmt, (RapportRowReader) read_follow_up,
                                (GDestroyNotify) rapport_follow_up_free, error);
}

GPtrArray *
rapport_store_list_unassigned (RapportStore  *self,
                               guint          limit,
                               GError       **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  sql = g_strdup_printf ("SELECT " FOLLOW_UP_COLUMNS " FROM follow_up f LEFT JOIN customer c ON c.id = f.customer_id"
                         " WHERE f.customer_id IS NULL AND f.state = 0"
                         " ORDER BY coalesce (f.snoozed_until, f.due), f.id LIMIT %d",
                         limit > 0 ? (int) MIN (limit, G_MAXINT) : -1);
  if (!(stmt = rapport_store_prepare (self, sql, error)))
    return NULL;

  return rapport_store_collect (self, stmt, (RapportRowReader) read_follow_up,
                                (GDestroyNotify) rapport_follow_up_free, error);
}

guint
rapport_store_count_unassigned (RapportStore  *self,
                                GError       **error)
{
  sqlite3_stmt *stmt;
  guint count = 0;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), 0);

  if (!(stmt = rapport_store_prepare (self, "SELECT count (*) FROM follow_up WHERE customer_id IS NULL AND state = 0",
                                      error)))
    return 0;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  return count;
}

gboolean
rapport_store_assign_follow_up (RapportStore  *self,
                                gint64         id,
                                gint64         customer_id,
                                GError       **error)
{
  g_autoptr(RapportFollowUp) follow_up = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  if (!rapport_store_begin (self, error))
    return FALSE;

  if (!(follow_up = rapport_store_get_follow_up (self, id, error)))
    goto out;

  /* 0 is "no customer yet", which only another app can say. */
  if (customer_id == 0)
    {
      g_autofree char *label = follow_up_label (follow_up);

      g_set_error_literal (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                           _("customer: say whom it is about"));
      g_prefix_error (error, "%s", label);
      goto out;
    }

  follow_up->customer_id = customer_id;
  ok = rapport_store_update_follow_up (self, follow_up, error);

out:
  return rapport_store_end (self, ok, error);
}

/* Contracts ----------------------------------------------------------- */

#define CONTRACT_COLUMNS \
  "k.id, k.uid, k.customer_id, c.display_name, k.product, k.start_date, k.end_date, k.value," \
  " k.currency, k.auto_renew, k.lead_days, k.state, k.notes, k.created, k.modified"

static RapportContract *
read_contract (sqlite3_stmt *stmt)
{
  RapportContract *self = rapport_contract_new ();

  self->id = sqlite3_column_int64 (stmt, 0);
  self->uid = rapport_column_dup (stmt, 1);
  self->customer_id = sqlite3_column_int64 (stmt, 2);
  self->customer_name = rapport_column_dup (stmt, 3);
  self->product = rapport_column_dup (stmt, 4);
  self->start_date = rapport_column_dup (stmt, 5);
  self->end_date = rapport_column_dup (stmt, 6);
  self->value = sqlite3_column_int64 (stmt, 7);
  self->currency = rapport_column_dup (stmt, 8);
  self->auto_renew = sqlite3_column_int (stmt, 9);
  self->lead_days = sqlite3_column_int (stmt, 10);
  self->state = sqlite3_column_int (stmt, 11);
  self->notes = rapport_column_dup (stmt, 12);
  self->created = sqlite3_column_int64 (stmt, 13);
  self->modified = sqlite3_column_int64 (stmt, 14);

  return self;
}

static gboolean
validate_contract (RapportStore     *self,
                   RapportContract  *contract,
                   GError          **error)
{
  char *upper;

  if (!rapport_contract_check_text (contract, error))
    return FALSE;

  tidy (&contract->product);
  tidy (&contract->currency);
  tidy (&contract->notes);

  if (!check_customer (self, contract->customer_id, error) ||
      !check_enum (rapport_contract_state_info, contract->state, _("state"), error))
    return FALSE;

  if (contract->product == NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("product: name the product or service"));
      return FALSE;
    }

  if (!check_date (&contract->start_date, _("start"), TRUE, error) ||
      !check_date (&contract->end_date, _("end"), TRUE, error))
    return FALSE;

  if (g_strcmp0 (contract->end_date, contract->start_date) < 0)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("end: %s is before the start %s"), contract->end_date, contract->start_date);
      return FALSE;
    }

  if (contract->currency == NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("currency: a contract needs a currency (ISO 4217, such as EUR)"));
      return FALSE;
    }

  if (rapport_currency_exponent (contract->currency, _("currency"), error) < 0)
    return FALSE;
  upper = g_ascii_strup (contract->currency, -1);
  g_free (contract->currency);
  contract->currency = upper;

  if (contract->value < 0)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("value: must not be negative"));
      return FALSE;
    }

  if (contract->lead_days < 0 || contract->lead_days > 3650)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("lead days: must be between 0 and 3650"));
      return FALSE;
    }

  return TRUE;
}

static void
bind_contract (sqlite3_stmt          *stmt,
               const RapportContract *contract)
{
  sqlite3_bind_text (stmt, 1, contract->uid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, contract->customer_id);
  sqlite3_bind_text (stmt, 3, contract->product, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, contract->start_date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, contract->end_date, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, contract->value);
  sqlite3_bind_text (stmt, 7, contract->currency, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 8, contract->auto_renew);
  sqlite3_bind_int (stmt, 9, contract->lead_days);
  sqlite3_bind_int (stmt, 10, contract->state);
  rapport_bind_text (stmt, 11, contract->notes);
  sqlite3_bind_int64 (stmt, 12, contract->created);
  sqlite3_bind_int64 (stmt, 13, contract->modified);
}

static char *
contract_label (const RapportContract *contract)
{
  if (contract->product != NULL)
    {
      g_autofree char *shown = rapport_text_for_message (contract->product, -1);

      return g_strdup_printf (_("contract “%s”: "), shown);
    }
  return g_strdup (_("contract: "));
}

gboolean
rapport_store_add_contract (RapportStore     *self,
                            RapportContract  *contract,
                            GError          **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (contract != NULL && contract->id == 0, FALSE);

  if (!rapport_store_begin (self, error))
    return FALSE;

  if (!validate_contract (self, contract, error))
    goto out;

  if (contract->uid == NULL)
    contract->uid = rapport_store_new_uid ();
  contract->created = contract->modified = rapport_store_now ();

  if (!(stmt = rapport_store_prepare (self,
                                      "INSERT INTO contract (uid, customer_id, product, start_date, end_date, value,"
                                      " currency, auto_renew, lead_days, state, notes, created, modified)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                                      error)))
    goto out;

  bind_contract (stmt, contract);
  if (!finish_insert (self, stmt, contract->uid, &contract->id, error))
    goto out;

  rapport_store_queue_change (self, RAPPORT_ENTITY_CONTRACT, RAPPORT_CHANGE_ADDED, contract->id);
  ok = TRUE;

out:
  if (!ok)
    {
      g_autofree char *label = contract_label (contract);

      contract->id = 0;
      g_prefix_error (error, "%s", label);
    }
  return rapport_store_end (self, ok, error);
}

gboolean
rapport_store_update_contract (RapportStore     *self,
                               RapportContract  *contract,
                               GError          **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (contract != NULL && contract->id > 0, FALSE);

  if (!rapport_store_begin (self, error))
    return FALSE;

  if (!validate_contract (self, contract, error))
    goto out;

  contract->modified = rapport_store_now ();
  if (!(stmt = rapport_store_prepare (self,
                                      "UPDATE contract SET customer_id = ?2, product = ?3, start_date = ?4,"
                                      " end_date = ?5, value = ?6, currency = ?7, auto_renew = ?8, lead_days = ?9,"
                                      " state = ?10, notes = ?11, modified = ?13 WHERE id = ?14",
                                      error)))
    goto out;

  bind_contract (stmt, contract);
  sqlite3_bind_int64 (stmt, 14, contract->id);
  if (!finish_update (self, stmt, _("contract"), contract->id, error))
    goto out;

  rapport_store_queue_change (self, RAPPORT_ENTITY_CONTRACT, RAPPORT_CHANGE_MODIFIED, contract->id);
  ok = TRUE;

out:
  if (!ok)
    {
      g_autofree char *label = contract_label (contract);

      g_prefix_error (error, "%s", label);
    }
  return rapport_store_end (self, ok, error);
}

gboolean
rapport_store_delete_contract (RapportStore  *self,
                               gint64         id,
                               GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return delete_by_id (self, "DELETE FROM contract WHERE id = ?",
                       RAPPORT_ENTITY_CONTRACT,
                       _("contract"), id, error);
}

RapportContract *
rapport_store_get_contract (RapportStore  *self,
                            gint64         id,
                            GError       **error)
{
  sqlite3_stmt *stmt;
  RapportContract *contract = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!(stmt = rapport_store_prepare (self,
                                      "SELECT " CONTRACT_COLUMNS " FROM contract k"
                                      " JOIN customer c ON c.id = k.customer_id"
                                      " WHERE k.id = ? AND c.deleted IS NULL",
                                      error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    contract = read_contract (stmt);
  sqlite3_reset (stmt);

  if (contract == NULL)
    g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                 _("There is no contract %" G_GINT64_FORMAT), id);

  return contract;
}

GPtrArray *
rapport_store_list_contracts (RapportStore  *self,
                              gint64         customer_id,
                              GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!(stmt = rapport_store_prepare (self,
                                      customer_id > 0
                                      ? "SELECT " CONTRACT_COLUMNS " FROM contract k JOIN customer c ON c.id = k.customer_id"
                                        " WHERE k.customer_id = ?1 ORDER BY k.end_date DESC, k.id"
                                      : "SELECT " CONTRACT_COLUMNS " FROM contract k JOIN customer c ON c.id = k.customer_id"
                                        " WHERE c.deleted IS NULL ORDER BY k.end_date, k.id",
                                      error)))
    return NULL;

  if (customer_id > 0)
    sqlite3_bind_int64 (stmt, 1, customer_id);

  return rapport_store_collect (self, stmt, (RapportRowReader) read_contract,
                                (GDestroyNotify) rapport_contract_free, error);
}

GPtrArray *
rapport_store_list_renewals_due (RapportStore  *self,
                                 const char    *today,
                                 GError       **error)
{
  sqlite3_stmt *stmt;
  char date[11];

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);
  g_return_val_if_fail (today != NULL, NULL);

  if (!rapport_text_check (today, -1, RAPPORT_TEXT_CODE, _("today"), error) ||
      !rapport_parse_date (today, _("today"), date, error))
    return NULL;

  if (!(stmt = rapport_store_prepare (self,
                                      "SELECT " CONTRACT_COLUMNS " FROM contract k JOIN customer c ON c.id = k.customer_id"
                                      " WHERE k.state IN (0, 1) AND c.deleted IS NULL"
                                      "   AND date (k.end_date, '-' || k.lead_days || ' days') <= ?1"
                                      " ORDER BY k.end_date, k.id",
                                      error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);

  return rapport_store_collect (self, stmt, (RapportRowReader) read_contract,
                                (GDestroyNotify) rapport_contract_free, error);
}

/* Renewal notices ----------------------------------------------------- */

static RapportNotice *
read_notice (sqlite3_stmt *stmt)
{
  RapportNotice *notice = rapport_notice_new ();

  notice->id = sqlite3_column_int64 (stmt, 0);
  notice->uid = rapport_column_dup (stmt, 1);
  notice->contract_id = sqlite3_column_int64 (stmt, 2);
  notice->due_date = rapport_column_dup (stmt, 3);
  notice->language = rapport_column_dup (stmt, 4);
  notice->channel = sqlite3_column_int (stmt, 5);
  notice->subject = rapport_column_dup (stmt, 6);
  notice->body = rapport_column_dup (stmt, 7);
  notice->state = sqlite3_column_int (stmt, 8);
  notice->sent_at = sqlite3_column_int64 (stmt, 9);
  notice->created = sqlite3_column_int64 (stmt, 10);
  notice->modified = sqlite3_column_int64 (stmt, 11);

  return notice;
}

static gboolean
validate_notice (RapportStore   *self,
                 RapportNotice  *notice,
                 GError        **error)
{
  if (!rapport_notice_check_text (notice, error))
    return FALSE;

  tidy (&notice->language);
  tidy (&notice->subject);
  tidy (&notice->body);

  if (notice->contract_id <= 0 ||
      !row_exists (self, "SELECT 1 FROM contract WHERE id = ?", notice->contract_id))
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("contract: there is no contract %" G_GINT64_FORMAT), notice->contract_id);
      return FALSE;
    }

  if (!check_date (&notice->due_date, _("due"), TRUE, error) ||
      !check_enum (rapport_notice_state_info, notice->state, _("state"), error) ||
      !check_enum (rapport_channel_info, notice->channel, _("channel"), error))
    return FALSE;

  if (notice->language != NULL)
    {
      char *normalized = rapport_language_tag_normalize (notice->language, _("language"), error);

      if (normalized == NULL)
        return FALSE;
      g_free (notice->language);
      notice->language = normalized;
    }

  return TRUE;
}

static void
bind_notice (sqlite3_stmt        *stmt,
             const RapportNotice *notice)
{
  sqlite3_bind_text (stmt, 1, notice->uid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, notice->contract_id);
  sqlite3_bind_text (stmt, 3, notice->due_date, -1, SQLITE_STATIC);
  rapport_bind_text (stmt, 4, notice->language);
  sqlite3_bind_int (stmt, 5, notice->channel);
  rapport_bind_text (stmt, 6, notice->subject);
  rapport_bind_text (stmt, 7, notice->body);
  sqlite3_bind_int (stmt, 8, notice->state);
  rapport_bind_instant (stmt, 9, notice->sent_at);
  sqlite3_bind_int64 (stmt, 10, notice->created);
  sqlite3_bind_int64 (stmt, 11, notice->modified);
}

gboolean
rapport_store_add_notice (RapportStore   *self,
                          RapportNotice  *notice,
                          GError        **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (notice != NULL && notice->id == 0, FALSE);

  if (!rapport_store_begin (self, error))
    return FALSE;

  if (!validate_notice (self, notice, error))
    goto out;

  if (notice->uid == NULL)
    notice->uid = rapport_store_new_uid ();
  notice->created = notice->modified = rapport_store_now ();

  if (!(stmt = rapport_store_prepare (self,
                                      "INSERT INTO renewal_notice (uid, contract_id, due_date, language, channel,"
                                      " subject, body, state, sent_at, created, modified)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                                      error)))
    goto out;

  bind_notice (stmt, notice);
  if (!finish_insert (self, stmt, notice->uid, &notice->id, error))
    goto out;

  rapport_store_queue_change (self, RAPPORT_ENTITY_NOTICE, RAPPORT_CHANGE_ADDED, notice->id);
  ok = TRUE;

out:
  if (!ok)
    {
      notice->id = 0;
      g_prefix_error (error, _("renewal notice: "));
    }
  return rapport_store_end (self, ok, error);
}

gboolean
rapport_store_update_notice (RapportStore   *self,
                             RapportNotice  *notice,
                             GError        **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (notice != NULL && notice->id > 0, FALSE);

  if (!rapport_store_begin (self, error))
    return FALSE;

  if (!validate_notice (self, notice, error))
    goto out;

  notice->modified = rapport_store_now ();
  if (!(stmt = rapport_store_prepare (self,
                                      "UPDATE renewal_notice SET contract_id = ?2, due_date = ?3, language = ?4,"
                                      " channel = ?5, subject = ?6, body = ?7, state = ?8, sent_at = ?9,"
                                      " modified = ?11 WHERE id = ?12",
                                      error)))
    goto out;

  bind_notice (stmt, notice);
  sqlite3_bind_int64 (stmt, 12, notice->id);
  if (!finish_update (self, stmt, _("renewal notice"), notice->id, error))
    goto out;

  rapport_store_queue_change (self, RAPPORT_ENTITY_NOTICE, RAPPORT_CHANGE_MODIFIED, notice->id);
  ok = TRUE;

out:
  if (!ok)
    g_prefix_error (error, _("renewal notice: "));
  return rapport_store_end (self, ok, error);
}

gboolean
rapport_store_delete_notice (RapportStore  *self,
                             gint64         id,
                             GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  if (!rapport_store_begin (self, error))
    return FALSE;

  return rapport_store_end (self,
                            delete_by_id (self, "DELETE FROM renewal_notice WHERE id = ?", RAPPORT_ENTITY_NOTICE,
                                          _("renewal notice"), id, error),
                            error);
}

char *
rapport_notice_uid_for (const char *contract_uid,
                        const char *due_date)
{
  /* The namespace of Rapport's renewal notices, itself a random UUID. */
  static const guint8 namespace[16] = {
    0x6f, 0x2c, 0x8e, 0x41, 0x0d, 0x3a, 0x4b, 0x57, 0x9c, 0x1e, 0x72, 0xa5, 0x38, 0xd4, 0x06, 0xbb,
  };
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize length = sizeof digest;

  g_return_val_if_fail (contract_uid != NULL, NULL);
  g_return_val_if_fail (due_date != NULL, NULL);

  g_checksum_update (checksum, namespace, sizeof namespace);
  g_checksum_update (checksum, (const guchar *) contract_uid, strlen (contract_uid));
  g_checksum_update (checksum, (const guchar *) "/", 1);
  g_checksum_update (checksum, (const guchar *) due_date, strlen (due_date));
  g_checksum_get_digest (checksum, digest, &length);

  digest[6] = (digest[6] & 0x0f) | 0x50;   /* version 5 */
  digest[8] = (digest[8] & 0x3f) | 0x80;   /* RFC 4122 variant */

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
                          digest[8], digest[9], digest[10], digest[11], digest[12], digest[13], digest[14],
                          digest[15]);
}

GPtrArray *
rapport_store_list_notices (RapportStore  *self,
                            gint64         contract_id,
                            GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!(stmt = rapport_store_prepare (self,
                                      "SELECT id, uid, contract_id, due_date, language, channel, subject, body, state,"
                                      " sent_at, created, modified FROM renewal_notice"
                                      " WHERE ?1 = 0 OR contract_id = ?1 ORDER BY due_date, id",
                                      error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, contract_id);

  return rapport_store_collect (self, stmt, (RapportRowReader) read_notice,
                                (GDestroyNotify) rapport_notice_free, error);
}

/* Cases --------------------------------------------------------------- */

#define CASE_COLUMNS \
  "id, uid, customer_id, opened_at, category, summary, description, severity, state," \
  " first_response_at, resolved_at, resolution, resolution_notes, escalated_to, escalation_channel," \
  " created, modified"

static RapportCase *
read_case (sqlite3_stmt *stmt)
{
  RapportCase *self = rapport_case_new ();

  self->id = sqlite3_column_int64 (stmt, 0);
  self->uid = rapport_column_dup (stmt, 1);
  self->customer_id = sqlite3_column_int64 (stmt, 2);
  self->opened_at = sqlite3_column_int64 (stmt, 3);
  self->category = sqlite3_column_int (stmt, 4);
  self->summary = rapport_column_dup (stmt, 5);
  self->description = rapport_column_dup (stmt, 6);
  self->severity = sqlite3_column_int (stmt, 7);
  self->state = sqlite3_column_int (stmt, 8);
  self->first_response_at = sqlite3_column_int64 (stmt, 9);
  self->resolved_at = sqlite3_column_int64 (stmt, 10);
  self->resolution = sqlite3_column_int (stmt, 11);
  self->resolution_notes = rapport_column_dup (stmt, 12);
  self->escalated_to = rapport_column_dup (stmt, 13);
  self->escalation_channel = sqlite3_column_int (stmt, 14);
  self->created = sqlite3_column_int64 (stmt, 15);
  self->modified = sqlite3_column_int64 (stmt, 16);

  return self;
}

static gboolean
validate_case (RapportStore  *self,
               RapportCase   *kase,
               GError       **error)
{
  if (!rapport_case_check_text (kase, error))
    return FALSE;

  tidy (&kase->summary);
  tidy (&kase->description);
  tidy (&kase->resolution_notes);
  tidy (&kase->escalated_to);

  if (!check_customer (self, kase->customer_id, error) ||
      !check_enum (rapport_case_category_info, kase->category, _("category"), error) ||
      !check_enum (rapport_severity_info, kase->severity, _("severity"), error) ||
      !check_enum (rapport_case_state_info, kase->state, _("state"), error) ||
      !check_enum (rapport_resolution_info, kase->resolution, _("resolution"), error) ||
      !check_enum (rapport_channel_info, kase->escalation_channel, _("escalation channel"), error))
    return FALSE;

  if (kase->summary == NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("summary: say what the case is about"));
      return FALSE;
    }

  if (kase->opened_at == 0)
    kase->opened_at = rapport_store_now ();

  if (kase->first_response_at != 0 && kase->first_response_at < kase->opened_at)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("first response: cannot be before the case was opened"));
      return FALSE;
    }

  if (kase->resolved_at != 0 && kase->resolved_at < kase->opened_at)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("resolved: cannot be before the case was opened"));
      return FALSE;
    }

  if (kase->state == RAPPORT_CASE_ESCALATED && kase->escalated_to == NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("escalated to: say to whom the case was referred"));
      return FALSE;
    }

  if ((kase->state == RAPPORT_CASE_RESOLVED || kase->state == RAPPORT_CASE_CLOSED) &&
      kase->resolved_at == 0)
    kase->resolved_at = MAX (rapport_store_now (), kase->opened_at);

  return TRUE;
}

static void
bind_case (sqlite3_stmt      *stmt,
           const RapportCase *kase)
{
  sqlite3_bind_text (stmt, 1, kase->uid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, kase->customer_id);
  sqlite3_bind_int64 (stmt, 3, kase->opened_at);
  sqlite3_bind_int (stmt, 4, kase->category);
  sqlite3_bind_text (stmt, 5, kase->summary, -1, SQLITE_STATIC);
  rapport_bind_text (stmt, 6, kase->description);
  sqlite3_bind_int (stmt, 7, kase->severity);
  sqlite3_bind_int (stmt, 8, kase->state);
  rapport_bind_instant (stmt, 9, kase->first_response_at);
  rapport_bind_instant (stmt, 10, kase->resolved_at);
  sqlite3_bind_int (stmt, 11, kase->resolution);
  rapport_bind_text (stmt, 12, kase->resolution_notes);
  rapport_bind_text (stmt, 13, kase->escalated_to);
  sqlite3_bind_int (stmt, 14, kase->escalation_channel);
  sqlite3_bind_int64 (stmt, 15, kase->created);
  sqlite3_bind_int64 (stmt, 16, kase->modified);
}

gboolean
rapport_store_add_case (RapportStore  *self,
                        RapportCase   *kase,
                        GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (kase != NULL && kase->id == 0, FALSE);

  if (!rapport_store_begin (self, error))
    return FALSE;

  if (!validate_case (self, kase, error))
    goto out;

  if (kase->uid == NULL)
    kase->uid = rapport_store_new_uid ();
  kase->created = kase->modified = rapport_store_now ();

  if (!(stmt = rapport_store_prepare (self,
                                      "INSERT INTO service_case (uid, customer_id, opened_at, category, summary,"
                                      " description, severity, state, first_response_at, resolved_at, resolution,"
                                      " resolution_notes, escalated_to, escalation_channel, created, modified)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                                      error)))
    goto out;

  bind_case (stmt, kase);
  if (!finish_insert (self, stmt, kase->uid, &kase->id, error))
    goto out;

  rapport_store_queue_change (self, RAPPORT_ENTITY_CASE, RAPPORT_CHANGE_ADDED, kase->id);
  ok = TRUE;

out:
  if (!ok)
    {
      kase->id = 0;
      g_prefix_error (error, _("case: "));
    }
  return rapport_store_end (self, ok, error);
}

gboolean
rapport_store_update_case (RapportStore  *self,
                           RapportCase   *kase,
                           GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (kase != NULL && kase->id > 0, FALSE);

  if (!rapport_store_begin (self, error))
    return FALSE;

  if (!validate_case (self, kase, error))
    goto out;

  kase->modified = rapport_store_now ();
  if (!(stmt = rapport_store_prepare (self,
                                      "UPDATE service_case SET customer_id = ?2, opened_at = ?3, category = ?4,"
                                      " summary = ?5, description = ?6, severity = ?7, state = ?8,"
                                      " first_response_at = ?9, resolved_at = ?10, resolution = ?11,"
                                      " resolution_notes = ?12, escalated_to = ?13, escalation_channel = ?14,"
                                      " modified = ?16 WHERE id = ?17",
                                      error)))
    goto out;

  bind_case (stmt, kase);
  sqlite3_bind_int64 (stmt, 17, kase->id);
  if (!finish_update (self, stmt, _("case"), kase->id, error))
    goto out;

  rapport_store_queue_change (self, RAPPORT_ENTITY_CASE, RAPPORT_CHANGE_MODIFIED, kase->id);
  ok = TRUE;

out:
  if (!ok)
    g_prefix_error (error, _("case %" G_GINT64_FORMAT ": "), kase->id);
  return rapport_store_end (self, ok, error);
}

gboolean
rapport_store_delete_case (RapportStore  *self,
                           gint64         id,
                           GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  if (!rapport_store_begin (self, error))
    return FALSE;

  /* The history stays; it just no longer points at the case. */
  if ((stmt = rapport_store_prepare (self, "UPDATE interaction SET case_id = NULL WHERE case_id = ?", error)))
    {
      sqlite3_bind_int64 (stmt, 1, id);
      ok = rapport_store_step_done (self, stmt, error) &&
           delete_by_id (self, "DELETE FROM service_case WHERE id = ?", RAPPORT_ENTITY_CASE,
                         _("case"), id, error);
    }

  return rapport_store_end (self, ok, error);
}

RapportCase *
rapport_store_get_case (RapportStore  *self,
                        gint64         id,
                        GError       **error)
{
  sqlite3_stmt *stmt;
  RapportCase *kase = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!(stmt = rapport_store_prepare (self, "SELECT " CASE_COLUMNS " FROM service_case WHERE id = ?", error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    kase = read_case (stmt);
  sqlite3_reset (stmt);

  if (kase == NULL)
    g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                 _("There is no case %" G_GINT64_FORMAT), id);

  return kase;
}

GPtrArray *
rapport_store_list_cases (RapportStore  *self,
                          gint64         customer_id,
                          gboolean       open_only,
                          GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!(stmt = rapport_store_prepare (self,
                                      "SELECT " CASE_COLUMNS " FROM service_case"
                                      " WHERE (?1 = 0 OR customer_id = ?1) AND (?2 = 0 OR state < 3)"
                                      "   AND customer_id IN (SELECT id FROM customer WHERE deleted IS NULL)"
                                      " ORDER BY opened_at DESC, id DESC",
                                      error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  sqlite3_bind_int (stmt, 2, open_only);

  return rapport_store_collect (self, stmt, (RapportRowReader) read_case,
                                (GDestroyNotify) rapport_case_free, error);
}

/* Feedback ------------------------------------------------------------ */

static RapportFeedback *
read_feedback (sqlite3_stmt *stmt)
{
  RapportFeedback *feedback = rapport_feedback_new ();

  feedback->id = sqlite3_column_int64 (stmt, 0);
  feedback->uid = rapport_column_dup (stmt, 1);
  feedback->customer_id = sqlite3_column_int64 (stmt, 2);
  feedback->case_id = sqlite3_column_int64 (stmt, 3);
  feedback->interaction_id = sqlite3_column_int64 (stmt, 4);
  feedback->received_at = sqlite3_column_int64 (stmt, 5);
  feedback->csat = sqlite3_column_int (stmt, 6);
  feedback->nps = sqlite3_column_int (stmt, 7);
  feedback->ces = sqlite3_column_int (stmt, 8);
  feedback->comment = rapport_column_dup (stmt, 9);
  feedback->themes = rapport_column_dup (stmt, 10);
  feedback->created = sqlite3_column_int64 (stmt, 11);

  return feedback;
}

gboolean
rapport_store_add_feedback (RapportStore     *self,
                            RapportFeedback  *feedback,
                            GError          **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (feedback != NULL && feedback->id == 0, FALSE);

  tidy (&feedback->comment);
  tidy (&feedback->themes);

  if (!rapport_store_begin (self, error))
    return FALSE;

  if (!rapport_feedback_check_text (feedback, error) ||
      !check_customer (self, feedback->customer_id, error))
    goto out;

  if (feedback->csat != 0 && (feedback->csat < 1 || feedback->csat > 5))
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID, _("CSAT: must be from 1 to 5"));
      goto out;
    }
  if (feedback->nps != -1 && (feedback->nps < 0 || feedback->nps > 10))
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID, _("NPS: must be from 0 to 10"));
      goto out;
    }
  if (feedback->ces != 0 && (feedback->ces < 1 || feedback->ces > 7))
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID, _("CES: must be from 1 to 7"));
      goto out;
    }
  if (feedback->csat == 0 && feedback->nps == -1 && feedback->ces == 0 && feedback->comment == NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("score: give a score (CSAT, NPS or CES) or a comment"));
      goto out;
    }
  if (feedback->case_id != 0 &&
      !row_exists (self, "SELECT 1 FROM service_case WHERE id = ?", feedback->case_id))
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("case: there is no case %" G_GINT64_FORMAT), feedback->case_id);
      goto out;
    }
  if (feedback->interaction_id != 0 &&
      !row_exists (self, "SELECT 1 FROM interaction WHERE id = ?", feedback->interaction_id))
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("interaction: there is no interaction %" G_GINT64_FORMAT), feedback->interaction_id);
      goto out;
    }

  if (feedback->uid == NULL)
    feedback->uid = rapport_store_new_uid ();
  feedback->created = rapport_store_now ();
  if (feedback->received_at == 0)
    feedback->received_at = feedback->created;

  if (!(stmt = rapport_store_prepare (self,
                                      "INSERT INTO feedback (uid, customer_id, case_id, interaction_id, received_at,"
                                      " csat, nps, ces, comment, themes, created)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                                      error)))
    goto out;

  sqlite3_bind_text (stmt, 1, feedback->uid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, feedback->customer_id);
  rapport_bind_id (stmt, 3, feedback->case_id);
  rapport_bind_id (stmt, 4, feedback->interaction_id);
  sqlite3_bind_int64 (stmt, 5, feedback->received_at);
  if (feedback->csat != 0)
    sqlite3_bind_int (stmt, 6, feedback->csat);
  if (feedback->nps != -1)
    sqlite3_bind_int (stmt, 7, feedback->nps);
  if (feedback->ces != 0)
    sqlite3_bind_int (stmt, 8, feedback->ces);
  rapport_bind_text (stmt, 9, feedback->comment);
  rapport_bind_text (stmt, 10, feedback->themes);
  sqlite3_bind_int64 (stmt, 11, feedback->created);

  if (!finish_insert (self, stmt, feedback->uid, &feedback->id, error))
    goto out;

  rapport_store_queue_change (self, RAPPORT_ENTITY_FEEDBACK, RAPPORT_CHANGE_ADDED, feedback->id);
  ok = TRUE;

out:
  if (!ok)
    {
      feedback->id = 0;
      g_prefix_error (error, _("feedback: "));
    }
  return rapport_store_end (self, ok, error);
}

gboolean
rapport_store_delete_feedback (RapportStore  *self,
                               gint64         id,
                               GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return delete_by_id (self, "DELETE FROM feedback WHERE id = ?", RAPPORT_ENTITY_FEEDBACK,
                       _("feedback"), id, error);
}

GPtrArray *
rapport_store_list_feedback (RapportStore  *self,
                             gint64         customer_id,
                             GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!(stmt = rapport_store_prepare (self,
                                      "SELECT id, uid, customer_id, case_id, interaction_id, received_at,"
                                      " ifnull (csat, 0), ifnull (nps, -1), ifnull (ces, 0), comment, themes, created"
                                      " FROM feedback WHERE ?1 = 0 OR customer_id = ?1 ORDER BY received_at DESC, id DESC",
                                      error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, customer_id);

  return rapport_store_collect (self, stmt, (RapportRowReader) read_feedback,
                                (GDestroyNotify) rapport_feedback_free, error);
}

/* Service targets ----------------------------------------------------- */

static RapportServiceTarget *
read_service_target (sqlite3_stmt *stmt)
{
  RapportServiceTarget *target = rapport_service_target_new ();

  target->id = sqlite3_column_int64 (stmt, 0);
  target->type_key = rapport_column_dup (stmt, 1);
  target->name = rapport_column_dup (stmt, 2);
  target->response_seconds = sqlite3_column_int64 (stmt, 3);
  target->resolution_seconds = sqlite3_column_int64 (stmt, 4);

  return target;
}

gboolean
rapport_store_set_service_target (RapportStore          *self,
                                  RapportServiceTarget  *target,
                                  GError               **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  if (target->type_key == NULL)
    target->type_key = g_strdup ("");
  g_strstrip (target->type_key);
  tidy (&target->name);

  if (!rapport_store_begin (self, error))
    return FALSE;

  if (!rapport_service_target_check_text (target, error))
    goto out;

  if (*target->type_key != '\0')
    {
      if (!(stmt = rapport_store_prepare (self, "SELECT 1 FROM customer_type WHERE key = ?", error)))
        goto out;
      sqlite3_bind_text (stmt, 1, target->type_key, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      if (!ok)
        {
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                       _("type: “%s” is not a customer type"), target->type_key);
          goto out;
        }
      ok = FALSE;
    }

  if (target->response_seconds < 0 || target->resolution_seconds < 0)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("target: times must not be negative"));
      goto out;
    }

  if (target->response_seconds == 0 && target->resolution_seconds == 0)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("target: set a response time, a resolution time or both"));
      goto out;
    }

  if (!(stmt = rapport_store_prepare (self,
                                      "INSERT INTO service_target (type_key, name, response_seconds, resolution_seconds)"
                                      " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (type_key) DO UPDATE SET"
                                      " name = excluded.name, response_seconds = excluded.response_seconds,"
                                      " resolution_seconds = excluded.resolution_seconds RETURNING id",
                                      error)))
    goto out;

  sqlite3_bind_text (stmt, 1, target->type_key, -1, SQLITE_STATIC);
  rapport_bind_text (stmt, 2, target->name);
  sqlite3_bind_int64 (stmt, 3, target->response_seconds);
  sqlite3_bind_int64 (stmt, 4, target->resolution_seconds);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    target->id = sqlite3_column_int64 (stmt, 0);
  if (!rapport_store_step_done (self, stmt, error))
    goto out;

  rapport_store_queue_change (self, RAPPORT_ENTITY_SERVICE_TARGET, RAPPORT_CHANGE_MODIFIED, target->id);
  ok = TRUE;

out:
  if (!ok)
    g_prefix_error (error, _("service target: "));
  return rapport_store_end (self, ok, error);
}

gboolean
rapport_store_delete_service_target (RapportStore  *self,
                                     gint64         id,
                                     GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return delete_by_id (self, "DELETE FROM service_target WHERE id = ?", RAPPORT_ENTITY_SERVICE_TARGET,
                       _("service target"), id, error);
}

GPtrArray *
rapport_store_list_service_targets (RapportStore  *self,
                                    GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!(stmt = rapport_store_prepare (self,
                                      "SELECT id, type_key, name, response_seconds, resolution_seconds"
                                      " FROM service_target ORDER BY type_key",
                                      error)))
    return NULL;

  return rapport_store_collect (self, stmt, (RapportRowReader) read_service_target,
                                (GDestroyNotify) rapport_service_target_free, error);
}
